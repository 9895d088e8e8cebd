"""The stable-matching engine: against the reference package, by hand, and by property."""

import random
import sys
import threading
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uddannelsesby.bridge.matching import (
    Arrays,
    Explanation,
    Instance,
    Result,
    Why,
    blocking_pairs,
    explain,
    parse_instance,
    stable_match,
)

# The textbook hospital-resident example of the `matching` package's documentation.
TEXTBOOK = Instance(
    students={
        "A": ("C",),
        "S": ("C", "M"),
        "D": ("C", "M", "G"),
        "J": ("C", "G", "M"),
        "L": ("M", "C", "G"),
    },
    positions={
        "M": (2, ("D", "L", "S", "J")),
        "C": (2, ("D", "A", "S", "L", "J")),
        "G": (2, ("D", "J", "L")),
    },
)


def random_instance(n_students: int, n_positions: int, seed: int) -> Instance:
    """Random lists of 0-8 choices; each position ranks most of its applicants and a few others."""
    rng = random.Random(seed)
    position_ids = [f"p{j}" for j in range(n_positions)]
    students = {
        f"s{i}": tuple(rng.sample(position_ids, rng.randint(0, min(8, n_positions))))
        for i in range(n_students)
    }
    applicants: dict[str, list[str]] = {position: [] for position in position_ids}
    for student, ranked in students.items():
        for position in ranked:
            applicants[position].append(student)
    student_ids = list(students)
    positions = {}
    for position in position_ids:
        ranked = [student for student in applicants[position] if rng.random() < 0.9]
        ranked += rng.sample(student_ids, min(len(student_ids), rng.randint(0, 5)))
        ranked = list(dict.fromkeys(ranked))
        rng.shuffle(ranked)
        capacity = rng.randint(0, 2 * max(1, n_students // n_positions))
        positions[position] = (capacity, tuple(ranked))
    return Instance(students, positions)


def reference(instance: Instance) -> Result:
    """The resident-optimal matching of the `matching` package (student = resident).

    It deep-copies its players recursively, so it runs in a thread with a large stack.
    """
    results: list[Result] = []
    old_stack, old_limit = threading.stack_size(1 << 29), sys.getrecursionlimit()
    sys.setrecursionlimit(10**6)
    try:
        thread = threading.Thread(target=lambda: results.append(_reference(instance)))
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    return results[0]


def _reference(instance: Instance) -> Result:
    from matching.games import HospitalResident

    # It cannot drop a hospital without places after dropping unacceptable pairs: do it first.
    open_ = {position for position, (capacity, _) in instance.positions.items() if capacity}
    residents = {s: [p for p in ranked if p in open_] for s, ranked in instance.students.items()}
    hospitals = {p: list(instance.positions[p][1]) for p in open_}
    capacities = {p: instance.positions[p][0] for p in open_}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns as it drops the unacceptable pairs
        game = HospitalResident.create_from_dictionaries(
            residents, hospitals, capacities, clean=True
        )
        matching = game.solve(optimal="resident")
    assignment: dict[str, str | None] = dict.fromkeys(instance.students)
    cutoffs: dict[str, str | None] = dict.fromkeys(instance.positions)
    for hospital, matched in matching.items():
        for resident in matched:
            assignment[resident.name] = hospital.name
        if matched:
            cutoffs[hospital.name] = matched[-1].name  # kept in the hospital's order
    return Result(assignment, cutoffs)


@pytest.mark.parametrize(("n_students", "n_positions"), [(400, 20), (2_000, 100), (10_000, 500)])
def test_same_matching_as_the_reference_package(n_students, n_positions):
    instance = random_instance(n_students, n_positions, seed=n_students)
    result = stable_match(instance)
    expected = reference(instance)
    assert result.assignment == expected.assignment
    assert result.cutoffs == expected.cutoffs
    assert blocking_pairs(instance, result) == []
    placed = sum(position is not None for position in result.assignment.values())
    assert 0 < placed < n_students  # neither trivial nor everyone placed


def test_textbook_example():
    result = stable_match(TEXTBOOK)
    assert result.assignment == {"A": "C", "S": "M", "D": "C", "J": "G", "L": "M"}
    assert result.cutoffs == {"M": "S", "C": "A", "G": "J"}
    assert blocking_pairs(TEXTBOOK, result) == []
    assert explain(TEXTBOOK, result, "J") == [Explanation("C", Why.FULL, "A")]
    assert explain(TEXTBOOK, result, "L") == []


def test_the_students_side_gets_its_best_stable_matching():
    instance = Instance(
        students={"s1": ("p1", "p2"), "s2": ("p2", "p1")},
        positions={"p1": (1, ("s2", "s1")), "p2": (1, ("s1", "s2"))},
    )
    position_optimal = Result({"s1": "p2", "s2": "p1"}, {"p1": "s2", "p2": "s1"})
    assert blocking_pairs(instance, position_optimal) == []  # also stable, but not ours
    assert stable_match(instance).assignment == {"s1": "p1", "s2": "p2"}


def test_empty_instances():
    assert stable_match(Instance({}, {})) == Result({}, {})
    assert stable_match(Instance({"s": ()}, {})).to_json() == {
        "assignment": {"s": None},
        "cutoffs": {},
    }
    assert stable_match(Instance({}, {"p": (3, ())})).to_json() == {
        "assignment": {},
        "cutoffs": {"p": None},
    }


def test_capacity_zero_and_a_student_ranking_nothing():
    instance = Instance(
        students={"s1": ("closed", "open"), "s2": (), "s3": ("closed",)},
        positions={"closed": (0, ("s1", "s3")), "open": (1, ("s2", "s1"))},
    )
    result = stable_match(instance)
    assert result.assignment == {"s1": "open", "s2": None, "s3": None}
    assert result.cutoffs == {"closed": None, "open": "s1"}
    assert explain(instance, result, "s1") == [Explanation("closed", Why.FULL, None)]
    assert explain(instance, result, "s2") == []
    assert blocking_pairs(instance, result) == []


def test_only_mutually_acceptable_pairs_are_matched():
    instance = Instance(
        students={"s1": ("p1", "p2"), "s2": ("p1",)},
        positions={"p1": (5, ("s2",)), "p2": (5, ("s2", "s1"))},
    )
    result = stable_match(instance)
    assert result.assignment == {"s1": "p2", "s2": "p1"}
    assert explain(instance, result, "s1") == [Explanation("p1", Why.NOT_RANKED, None)]
    assert Arrays.of(instance).ranks.tolist() == [-1, 1, 0]


def test_blocking_pairs_finds_free_places_and_preferred_students():
    undersubscribed = Result(
        {"A": None, "S": "M", "D": "C", "J": "G", "L": "M"}, {"M": "S", "C": "D", "G": "J"}
    )
    assert blocking_pairs(TEXTBOOK, undersubscribed) == [("A", "C"), ("S", "C"), ("J", "C")]
    instance = Instance({"s1": ("p",), "s2": ("p",)}, {"p": (1, ("s1", "s2"))})
    assert blocking_pairs(instance, Result({"s1": None, "s2": "p"}, {"p": "s2"})) == [("s1", "p")]
    assert blocking_pairs(instance, Result({"s1": "p", "s2": None}, {"p": "s1"})) == []


def test_explain_rejects_unknown_students_and_foreign_places():
    result = stable_match(TEXTBOOK)
    with pytest.raises(ValueError, match='Unknown student "X"'):
        explain(TEXTBOOK, result, "X")
    with pytest.raises(ValueError, match="which they did not rank"):
        explain(TEXTBOOK, Result({**result.assignment, "A": "G"}, result.cutoffs), "A")


def test_parse_instance_and_to_json():
    data = {
        "students": [{"id": "s1", "preferences": ["p1"]}, {"id": "s2", "preferences": []}],
        "positions": [{"id": "p1", "capacity": 1, "preferences": ["s2", "s1"]}],
    }
    instance = parse_instance(data)
    assert instance == Instance({"s1": ("p1",), "s2": ()}, {"p1": (1, ("s2", "s1"))})
    assert stable_match(instance).to_json() == {
        "assignment": {"s1": "p1", "s2": None},
        "cutoffs": {"p1": "s1"},
    }


def _data(students=None, positions=None) -> dict:
    return {
        "students": students if students is not None else [{"id": "s", "preferences": ["p"]}],
        "positions": positions
        if positions is not None
        else [{"id": "p", "capacity": 1, "preferences": ["s"]}],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'must be a JSON object with "students" and "positions"'),
        ({"students": []}, 'needs "positions": a list of objects'),
        (_data(students=["s"]), r"students\[0\] must be an object"),
        (_data(students=[{"id": "s"}]), r'students\[0\] has no "preferences"'),
        (_data(positions=[{"id": "p", "preferences": []}]), r'positions\[0\] has no "capacity"'),
        (_data(students=[{"id": 1, "preferences": []}]), r"id of students\[0\] must be a string"),
        (_data(students=[{"id": "s", "preferences": "p"}]), "must be a list of position ids"),
        (_data(students=[{"id": "s", "preferences": ["x"]}]), 'ranks unknown position "x"'),
        (
            _data(positions=[{"id": "p", "capacity": 1, "preferences": ["y"]}]),
            'Position "p" ranks unknown student "y"',
        ),
        (
            _data(students=[{"id": "s", "preferences": []}, {"id": "s", "preferences": []}]),
            'Duplicate student id "s"',
        ),
        (
            _data(positions=[{"id": "p", "capacity": 1, "preferences": []}] * 2),
            'Duplicate position id "p"',
        ),
        (
            _data(students=[{"id": "s", "preferences": ["p", "p"]}]),
            'Student "s" ranks position "p" more than once',
        ),
        (
            _data(positions=[{"id": "p", "capacity": 1, "preferences": ["s", "s"]}]),
            'Position "p" ranks student "s" more than once',
        ),
        (_data(positions=[{"id": "p", "capacity": -1, "preferences": []}]), "capacity -1"),
        (_data(positions=[{"id": "p", "capacity": 1.5, "preferences": []}]), "capacity 1.5"),
        (_data(positions=[{"id": "p", "capacity": "2", "preferences": []}]), "capacity '2'"),
        (_data(positions=[{"id": "p", "capacity": True, "preferences": []}]), "capacity True"),
    ],
)
def test_parse_instance_names_the_problem(data, message):
    with pytest.raises(ValueError, match=message):
        parse_instance(data)


@st.composite
def instances(draw) -> Instance:
    """Small instances: any lists, capacities 0-3, acceptable or not on either side."""
    student_ids = [f"s{i}" for i in range(draw(st.integers(0, 7)))]
    position_ids = [f"p{j}" for j in range(draw(st.integers(0, 4)))]

    def ranking(ids: list[str]) -> tuple[str, ...]:
        order = draw(st.permutations(ids))
        return tuple(order[: draw(st.integers(0, len(ids)))])

    return Instance(
        students={student: ranking(position_ids) for student in student_ids},
        positions={p: (draw(st.integers(0, 3)), ranking(student_ids)) for p in position_ids},
    )


@settings(max_examples=300, deadline=None)
@given(instances())
def test_stable_individually_rational_and_explained(instance):
    result = stable_match(instance)
    assert blocking_pairs(instance, result) == []
    assert result.assignment == reference(instance).assignment
    assert list(result.assignment) == list(instance.students)
    assert list(result.cutoffs) == list(instance.positions)
    for position, (capacity, ranked) in instance.positions.items():
        admitted = [s for s, placed in result.assignment.items() if placed == position]
        assert len(admitted) <= capacity
        assert all(student in ranked for student in admitted)
        assert all(position in instance.students[student] for student in admitted)
        lowest = max(admitted, key=ranked.index) if admitted else None
        assert result.cutoffs[position] == lowest
    for student, choices in instance.students.items():
        placed = result.assignment[student]
        explanations = explain(instance, result, student)
        above = choices if placed is None else choices[: choices.index(placed)]
        assert [explanation.position for explanation in explanations] == list(above)
        for explanation in explanations:
            capacity, ranked = instance.positions[explanation.position]
            if explanation.why == Why.NOT_RANKED:
                assert student not in ranked
                assert explanation.cutoff is None
            elif explanation.cutoff is None:
                assert capacity == 0
            else:
                assert ranked.index(explanation.cutoff) < ranked.index(student)
