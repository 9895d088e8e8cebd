"""Tests for mentor assignment by min-cost flow."""

import itertools
import random
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from uddannelsesby.bridge.mentoring import (
    Assignment,
    Pair,
    Why,
    assign_mentors,
    why_unassigned,
)


def score(result: Assignment) -> tuple[int, int]:
    """The lexicographic objective: (places filled, total fit)."""
    return len(result.pairs), result.total_fit


def check_feasible(result, mentors, mentees, acceptable) -> None:
    """Pairs are acceptable, unique, within capacities; totals and unassigned are consistent."""
    allowed = {(p.mentee, p.mentor): p for p in acceptable}
    keys = [(p.mentee, p.mentor) for p in result.pairs]
    assert len(keys) == len(set(keys))
    assert all(allowed[k] == p for k, p in zip(keys, result.pairs, strict=True))
    per_mentee = Counter(p.mentee for p in result.pairs)
    per_mentor = Counter(p.mentor for p in result.pairs)
    assert all(per_mentor[m] <= cap for m, cap in mentors.items())
    assert all(per_mentee[m] <= cap for m, cap in mentees.items())
    assert result.total_fit == sum(p.fit for p in result.pairs)
    assert set(result.unassigned) == {m for m, cap in mentees.items() if per_mentee[m] < cap}
    for mentee in mentees:
        assert result.mentors_of(mentee) == tuple(p for p in result.pairs if p.mentee == mentee)
    for mentor in mentors:
        assert result.mentees_of(mentor) == tuple(p for p in result.pairs if p.mentor == mentor)


def greedy(mentors, mentees, acceptable) -> list[Pair]:
    """Best fit first: the heuristic the solver must beat."""
    left_mentor, left_mentee, chosen = dict(mentors), dict(mentees), []
    for p in sorted(acceptable, key=lambda p: -p.fit):
        if left_mentor[p.mentor] and left_mentee[p.mentee]:
            left_mentor[p.mentor] -= 1
            left_mentee[p.mentee] -= 1
            chosen.append(p)
    return chosen


def brute_force(mentors, mentees, acceptable) -> tuple[int, int]:
    """Best (places, fit) over every feasible assignment, enumerated exhaustively."""
    options = {m: [p for p in acceptable if p.mentee == m] for m in mentees}
    order = list(mentees)
    best = (0, 0)

    def walk(i: int, left: dict, count: int, fit: int) -> None:
        nonlocal best
        if i == len(order):
            best = max(best, (count, fit))
            return
        mentee = order[i]
        for size in range(min(mentees[mentee], len(options[mentee])) + 1):
            for combo in itertools.combinations(options[mentee], size):
                if all(left[p.mentor] for p in combo):
                    for p in combo:
                        left[p.mentor] -= 1
                    walk(i + 1, left, count + size, fit + sum(p.fit for p in combo))
                    for p in combo:
                        left[p.mentor] += 1

    walk(0, dict(mentors), 0, 0)
    return best


def random_instance(rng: random.Random, n_mentees: int, n_mentors: int, density: float):
    mentors = {f"M{j}": rng.randint(0, 3) for j in range(n_mentors)}
    mentees = {i: rng.choice([0, 1, 1, 1, 2]) for i in range(n_mentees)}
    acceptable = [
        Pair(i, m, rng.randint(0, 10)) for i in mentees for m in mentors if rng.random() < density
    ]
    return mentors, mentees, acceptable


# Hand-made cases


def test_empty_input():
    result = assign_mentors({}, {}, [])
    assert result == Assignment(pairs=(), total_fit=0, unassigned=())
    assert result.mentors_of(1) == ()
    assert result.mentees_of("A") == ()


def test_no_pairs_leaves_everyone_unassigned():
    result = assign_mentors({"A": 2}, {1: 1, 2: 0, 3: 1}, [])
    assert result.pairs == ()
    assert result.unassigned == (1, 3)  # a mentee of capacity 0 asks for nothing


def test_mentor_with_capacity_zero_gets_nobody():
    acceptable = [Pair(1, "A", 100), Pair(1, "B", 1), Pair(2, "A", 50)]
    result = assign_mentors({"A": 0, "B": 1}, {1: 1, 2: 1}, acceptable)
    assert result.pairs == (Pair(1, "B", 1),)
    assert result.mentees_of("A") == ()
    assert result.unassigned == (2,)
    assert why_unassigned(result, 2, acceptable) == Why.FULL


def test_mentee_with_no_acceptable_mentor():
    acceptable = [Pair(1, "A", 5)]
    result = assign_mentors({"A": 3}, {1: 1, 2: 1}, acceptable)
    assert result.pairs == (Pair(1, "A", 5),)
    assert result.unassigned == (2,)
    assert why_unassigned(result, 2, acceptable) == Why.NONE_ACCEPTABLE


def test_full_mentors_explained():
    acceptable = [Pair(1, "A", 9), Pair(2, "A", 3)]
    result = assign_mentors({"A": 1}, {1: 1, 2: 1}, acceptable)
    assert result.mentors_of(1) == (Pair(1, "A", 9),)
    assert why_unassigned(result, 2, acceptable) == Why.FULL


def test_why_unassigned_rejects_assigned_mentee():
    acceptable = [Pair(1, "A", 9)]
    result = assign_mentors({"A": 1}, {1: 1}, acceptable)
    with pytest.raises(ValueError, match="not unassigned"):
        why_unassigned(result, 1, acceptable)


def test_fills_more_places_than_greedy():
    # Greedy takes 1-A (fit 10) and leaves 2 without a mentor; the optimum seats both.
    mentors, mentees = {"A": 1, "B": 1}, {1: 1, 2: 1}
    acceptable = [Pair(1, "A", 10), Pair(1, "B", 9), Pair(2, "A", 5)]
    assert len(greedy(mentors, mentees, acceptable)) == 1
    result = assign_mentors(mentors, mentees, acceptable)
    assert result.pairs == (Pair(1, "B", 9), Pair(2, "A", 5))
    assert result.unassigned == ()


def test_more_places_beat_more_fit():
    acceptable = [Pair(1, "A", 1000), Pair(1, "B", 0), Pair(2, "A", 0)]
    result = assign_mentors({"A": 1, "B": 1}, {1: 1, 2: 1}, acceptable)
    assert score(result) == (2, 0)


def test_among_maximum_matchings_picks_higher_fit():
    # Both perfect matchings seat everyone: 1-A + 2-B has fit 3, 1-B + 2-A has fit 4.
    mentors, mentees = {"A": 1, "B": 1}, {1: 1, 2: 1}
    acceptable = [Pair(1, "A", 3), Pair(1, "B", 2), Pair(2, "A", 2), Pair(2, "B", 0)]
    assert sum(p.fit for p in greedy(mentors, mentees, acceptable)) == 3
    result = assign_mentors(mentors, mentees, acceptable)
    assert result.pairs == (Pair(1, "B", 2), Pair(2, "A", 2))
    assert result.total_fit == 4


def test_mentee_capacity_above_one_uses_distinct_mentors():
    acceptable = [Pair(1, "A", 5), Pair(1, "B", 1), Pair(2, "B", 7)]
    result = assign_mentors({"A": 5, "B": 5}, {1: 3, 2: 1}, acceptable)
    assert result.mentors_of(1) == (Pair(1, "A", 5), Pair(1, "B", 1))
    assert result.unassigned == (1,)  # wanted 3 but only 2 mentors accept
    assert why_unassigned(result, 1, acceptable) == Why.FULL


def test_output_is_independent_of_input_order():
    rng = random.Random(7)
    mentors, mentees, acceptable = random_instance(rng, 12, 5, 0.6)
    expected = assign_mentors(mentors, mentees, acceptable)
    for _ in range(5):
        shuffled = acceptable[:]
        rng.shuffle(shuffled)
        mentor_items, mentee_items = list(mentors.items()), list(mentees.items())
        rng.shuffle(mentor_items)
        rng.shuffle(mentee_items)
        assert assign_mentors(dict(mentor_items), dict(mentee_items), shuffled) == expected


def test_mixed_unorderable_keys():
    acceptable = [Pair(1, "A", 1), Pair("x", ("t", 2), 2)]
    result = assign_mentors({"A": 1, ("t", 2): 1}, {1: 1, "x": 1, None: 1}, acceptable)
    assert score(result) == (2, 3)
    assert result.unassigned == (None,)


# Optimality


def test_optimal_against_brute_force():
    rng = random.Random(2024)
    for i in range(400):
        size = (6, 4) if i % 2 else (rng.randint(0, 6), rng.randint(0, 4))
        instance = random_instance(rng, *size, rng.random())
        result = assign_mentors(*instance)
        check_feasible(result, *instance)
        assert score(result) == brute_force(*instance), instance


def test_unassigned_mentees_only_face_full_mentors():
    rng = random.Random(99)
    for _ in range(200):
        mentors, mentees, acceptable = random_instance(rng, 8, 4, 0.4)
        result = assign_mentors(mentors, mentees, acceptable)
        for mentee in result.unassigned:
            mine = [p for p in acceptable if p.mentee == mentee]
            if not mine:
                assert why_unassigned(result, mentee, acceptable) == Why.NONE_ACCEPTABLE
                continue
            assert why_unassigned(result, mentee, acceptable) == Why.FULL
            for p in mine:
                taken = result.mentees_of(p.mentor)
                assert p in taken or len(taken) == mentors[p.mentor]


def scipy_optimum(mentors, mentees, acceptable) -> tuple[int, int]:
    """(places, fit) by linear_sum_assignment on mentees x mentor slots (mentee capacity 1)."""
    slots = [m for m, cap in mentors.items() for _ in range(cap)]
    rows = {m: i for i, m in enumerate(mentees)}
    bonus = 1 + sum(p.fit for p in acceptable)  # one more pair outweighs any fit
    fit = np.full((len(mentees), len(slots)), -1, dtype=np.int64)
    for p in acceptable:
        for j, slot in enumerate(slots):
            if slot == p.mentor:
                fit[rows[p.mentee], j] = p.fit
    gain = np.where(fit >= 0, bonus + fit, 0)
    r, c = linear_sum_assignment(gain, maximize=True)
    chosen = fit[r, c][fit[r, c] >= 0]
    return len(chosen), int(chosen.sum())


@pytest.mark.parametrize("seed", range(4))
def test_optimal_against_scipy_on_medium_instances(seed):
    rng = random.Random(seed)
    mentors = {j: rng.randint(0, 7) for j in range(60)}
    mentees = dict.fromkeys(range(300), 1)
    density = [0.02, 0.05, 0.1, 0.2][seed]
    acceptable = [
        Pair(i, j, rng.randint(0, 1000)) for i in mentees for j in mentors if rng.random() < density
    ]
    result = assign_mentors(mentors, mentees, acceptable)
    check_feasible(result, mentors, mentees, acceptable)
    assert score(result) == scipy_optimum(mentors, mentees, acceptable)


# Input validation


@pytest.mark.parametrize(
    ("mentors", "mentees", "acceptable", "message"),
    [
        ({"A": -1}, {1: 1}, [], "mentor 'A': capacity"),
        ({"A": 1}, {1: -2}, [], "mentee 1: capacity"),
        ({"A": 1.5}, {1: 1}, [], "mentor 'A': capacity"),
        ({"A": True}, {1: 1}, [], "mentor 'A': capacity"),
        ({"A": 1}, {1: 1}, [Pair(1, "A", -1)], "fit must be an integer >= 0"),
        ({"A": 1}, {1: 1}, [Pair(1, "A", 0.5)], "fit must be an integer >= 0"),
        ({"A": 1}, {1: 1}, [Pair(2, "A", 1)], "unknown mentee 2"),
        ({"A": 1}, {1: 1}, [Pair(1, "B", 1)], "unknown mentor 'B'"),
        ({"A": 1}, {1: 1}, [Pair(1, "A", 1), Pair(1, "A", 2)], r"duplicate pair \(1, 'A'\)"),
    ],
)
def test_invalid_input(mentors, mentees, acceptable, message):
    with pytest.raises(ValueError, match=message):
        assign_mentors(mentors, mentees, acceptable)
