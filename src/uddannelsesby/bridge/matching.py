"""The stable-matching engine of the allocation rounds: student-proposing deferred acceptance.

Students rank positions and positions rank students, strictly and best first; a student can only
be placed where both sides ranked each other. Pure Python and numpy, no Django: the web layer
builds an `Instance` (ties already broken), calls `stable_match`, and `explain` tells a student
why they were not placed higher. The work is done on integer arrays by `deferred_acceptance`.
"""

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from itertools import chain

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Instance:
    """One round: student id -> position ids, and position id -> (capacity, student ids).

    The lists are strict preferences, best first. Construction checks that every id is known,
    that no list repeats an id and that capacities are whole numbers, 0 or more (ValueError).
    """

    students: dict[str, tuple[str, ...]]
    positions: dict[str, tuple[int, tuple[str, ...]]]

    def __post_init__(self) -> None:
        for student, ranked in self.students.items():
            _check_list(f'Student "{student}"', ranked, self.positions, "position")
        for position, (capacity, ranked) in self.positions.items():
            if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0:
                raise ValueError(
                    f'Position "{position}" has capacity {capacity!r}; '
                    "a capacity must be a whole number, 0 or more."
                )
            _check_list(f'Position "{position}"', ranked, self.students, "student")

    @cached_property
    def ranks(self) -> dict[str, dict[str, int]]:
        """Position id -> {student id: rank, 0 = best} for the students it ranked (cached)."""
        return {
            position: {student: rank for rank, student in enumerate(ranked)}
            for position, (_, ranked) in self.positions.items()
        }


def _check_list(owner: str, ranked: Sequence[str], known: Mapping[str, object], kind: str) -> None:
    unknown = next((item for item in ranked if item not in known), None)
    if unknown is not None:
        raise ValueError(f'{owner} ranks unknown {kind} "{unknown}".')
    if len(set(ranked)) != len(ranked):
        seen: set[str] = set()
        repeated = next(item for item in ranked if item in seen or seen.add(item))
        raise ValueError(f'{owner} ranks {kind} "{repeated}" more than once.')


def parse_instance(data: object) -> Instance:
    """The `Instance` of a decoded JSON document; ValueError names what is wrong with it.

    The shape: {"students": [{"id", "preferences"}], "positions": [{"id", "capacity",
    "preferences"}]}; ids are strings, preferences are lists of ids, best first.
    """
    if not isinstance(data, dict):
        raise ValueError('The instance must be a JSON object with "students" and "positions".')
    students: dict[str, tuple[str, ...]] = {}
    for entry in _entries(data, "students", students):
        students[entry["id"]] = _ids(entry, "student", "position")
    positions: dict[str, tuple[int, tuple[str, ...]]] = {}
    for entry in _entries(data, "positions", positions):
        positions[entry["id"]] = (entry["capacity"], _ids(entry, "position", "student"))
    return Instance(students, positions)


def _entries(data: dict, field: str, seen: dict) -> Iterator[dict]:
    """The objects in data[field], each with its keys and an id not yet in `seen`."""
    entries = data.get(field)
    if not isinstance(entries, list):
        raise ValueError(f'The instance needs "{field}": a list of objects.')
    keys = ("id", "capacity", "preferences") if field == "positions" else ("id", "preferences")
    for index, entry in enumerate(entries):
        where = f"{field}[{index}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} must be an object.")
        missing = next((key for key in keys if key not in entry), None)
        if missing:
            raise ValueError(f'{where} has no "{missing}".')
        if not isinstance(entry["id"], str):
            raise ValueError(f"The id of {where} must be a string, not {entry['id']!r}.")
        if entry["id"] in seen:  # the caller adds each id before taking the next entry
            raise ValueError(f'Duplicate {field[:-1]} id "{entry["id"]}".')
        yield entry


def _ids(entry: dict, kind: str, other: str) -> tuple[str, ...]:
    ranked = entry["preferences"]
    if not isinstance(ranked, list) or not all(isinstance(item, str) for item in ranked):
        raise ValueError(
            f'The preferences of {kind} "{entry["id"]}" must be a list of {other} ids.'
        )
    return tuple(ranked)


@dataclass(frozen=True)
class Result:
    """Where each student is placed, and each position's lowest-ranked admitted student."""

    assignment: dict[str, str | None]
    cutoffs: dict[str, str | None]

    def to_json(self) -> dict:
        """{"assignment": {student: position or null}, "cutoffs": {position: student or null}}."""
        return {"assignment": dict(self.assignment), "cutoffs": dict(self.cutoffs)}


@dataclass(frozen=True)
class Arrays:
    """An instance as integer arrays, students and positions numbered in the instance's order.

    Student s ranks `targets[offsets[s]:offsets[s + 1]]`, best first; `ranks[k]` is the rank
    (0 = best) the position `targets[k]` gives the student of entry k, or -1 if it did not rank
    them. Position p ranks `ranked[starts[p]:starts[p + 1]]`, best first.
    """

    offsets: Ints
    targets: Ints
    ranks: Ints
    capacities: Ints
    starts: Ints
    ranked: Ints

    @classmethod
    def of(cls, instance: Instance) -> "Arrays":
        """Number the ids once, and look up every student entry's rank at its position."""
        student_ids = {student: s for s, student in enumerate(instance.students)}
        position_ids = {position: p for p, position in enumerate(instance.positions)}
        lists = instance.students.values()
        targets = _flat(position_ids, lists)
        offsets = _offsets(lists)
        capacities = np.fromiter((c for c, _ in instance.positions.values()), np.int64)
        position_lists = [ranked for _, ranked in instance.positions.values()]
        ranked = _flat(student_ids, position_lists)
        starts = _offsets(position_lists)
        # Match the entries of both sides on the key position * students + student.
        n_students = len(student_ids)
        owner = np.repeat(np.arange(len(position_lists), dtype=np.int64), np.diff(starts))
        position_keys = owner * n_students + ranked
        order = np.argsort(position_keys)
        sorted_keys = position_keys[order]
        student_of_entry = np.repeat(np.arange(n_students, dtype=np.int64), np.diff(offsets))
        keys = targets * n_students + student_of_entry
        found = np.searchsorted(sorted_keys, keys).clip(max=max(len(sorted_keys) - 1, 0))
        ranks = np.full(len(targets), -1, dtype=np.int64)
        if len(sorted_keys):
            hit = sorted_keys[found] == keys
            ranks[hit] = order[found[hit]] - starts[targets[hit]]
        return cls(offsets, targets, ranks, capacities, starts, ranked)


def _flat(numbers: dict[str, int], lists: Collection[Sequence[str]]) -> Ints:
    return np.array(list(map(numbers.__getitem__, chain.from_iterable(lists))), np.int64)


def _offsets(lists: Collection[Sequence[str]]) -> Ints:
    lengths = np.fromiter((len(items) for items in lists), np.int64, count=len(lists))
    return np.concatenate(([0], np.cumsum(lengths)))


def deferred_acceptance(arrays: Arrays) -> Ints:
    """The student-optimal stable matching: for each student, the entry placing them, or -1.

    In rounds: every free student proposes to their next choice at once. A position that did not
    rank the student, or is full with students it ranks higher, rejects at once; each position
    that is left with proposals keeps its best `capacity` among its holds and these proposals
    (one sort of just those) and rejects the others, who propose again in the next round.
    """
    offsets, targets, ranks = arrays.offsets, arrays.targets, arrays.ranks
    ends = offsets[1:]
    n_students = len(ends)
    student_of_entry = np.repeat(np.arange(n_students, dtype=np.int64), np.diff(offsets))
    # Each position's holds are entries in its slice of `slots`, best first; a proposal must
    # rank above `worst`: the last hold's rank once full (-1 when no place), else any rank.
    limit = np.minimum(arrays.capacities, np.diff(arrays.starts))
    slot_start = np.concatenate(([0], np.cumsum(limit)))
    slots = np.empty(slot_start[-1], dtype=np.int64)
    held = np.zeros(len(limit), dtype=np.int64)
    worst = np.where(limit > 0, n_students, -1)
    cursor = offsets[:-1].copy()
    free = np.flatnonzero(cursor < ends)
    while free.size:
        entry = cursor[free]
        cursor[free] += 1
        rank = ranks[entry]
        accepted = (rank >= 0) & (rank < worst[targets[entry]])
        rejected = free[~accepted]
        entry = entry[accepted]
        if entry.size:
            affected = np.unique(targets[entry])
            entry = np.concatenate((slots[_ranges(slot_start[affected], held[affected])], entry))
            position = targets[entry]
            order = np.argsort(position * (n_students + 1) + ranks[entry])
            entry, position = entry[order], position[order]
            first = np.flatnonzero(np.concatenate(([True], position[1:] != position[:-1])))
            count = np.diff(np.append(first, len(entry)))
            within = np.arange(len(entry)) - np.repeat(first, count)
            keep = within < limit[position]
            slots[slot_start[position[keep]] + within[keep]] = entry[keep]
            held[affected] = np.minimum(count, limit[affected])
            full = affected[held[affected] == limit[affected]]
            worst[full] = ranks[slots[slot_start[full + 1] - 1]]
            rejected = np.concatenate((rejected, student_of_entry[entry[~keep]]))
        free = rejected[cursor[rejected] < ends[rejected]]
    placed = np.full(n_students, -1, dtype=np.int64)
    entry = slots[_ranges(slot_start[:-1], held)]
    placed[student_of_entry[entry]] = entry
    return placed


def _ranges(starts: Ints, counts: Ints) -> Ints:
    """The concatenated ranges [start, start + count)."""
    shift = starts - np.cumsum(counts) + counts
    return np.repeat(shift, counts) + np.arange(counts.sum())


def stable_match(instance: Instance) -> Result:
    """The student-proposing stable matching of the round, with each position's cut-off."""
    arrays = Arrays.of(instance)
    placed = deferred_acceptance(arrays)
    student_ids, position_ids = list(instance.students), list(instance.positions)
    students = np.flatnonzero(placed >= 0)
    entries = placed[students]
    positions, ranks = arrays.targets[entries], arrays.ranks[entries]
    assignment: dict[str, str | None] = dict.fromkeys(student_ids)
    for s, p in zip(students.tolist(), positions.tolist(), strict=True):
        assignment[student_ids[s]] = position_ids[p]
    lowest = np.full(len(position_ids), -1, dtype=np.int64)
    np.maximum.at(lowest, positions, ranks)
    cutoffs: dict[str, str | None] = dict.fromkeys(position_ids)
    for p in np.flatnonzero(lowest >= 0).tolist():
        cutoffs[position_ids[p]] = student_ids[arrays.ranked[arrays.starts[p] + lowest[p]]]
    return Result(assignment, cutoffs)


def blocking_pairs(instance: Instance, result: Result) -> list[tuple[str, str]]:
    """The (student, position) pairs that would rather have each other than the result.

    Both ranked each other, the student is unplaced or prefers the position to their place, and
    the position has a free place or ranks the student above one of its admitted students.
    """
    ranks = instance.ranks
    admitted: dict[str, int] = {}
    lowest: dict[str, int] = {}
    for student, position in result.assignment.items():
        if position is not None:
            admitted[position] = admitted.get(position, 0) + 1
            rank = ranks[position].get(student, len(ranks[position]))
            lowest[position] = max(lowest.get(position, -1), rank)
    pairs = []
    for student, ranked in instance.students.items():
        placed = result.assignment.get(student)
        for position in ranked:
            if position == placed:
                break
            rank = ranks[position].get(student)
            if rank is None:
                continue
            if admitted.get(position, 0) < instance.positions[position][0] or (
                rank < lowest.get(position, -1)
            ):
                pairs.append((student, position))
    return pairs


class Why(StrEnum):
    """Why a student was not placed at a position they ranked higher than their place."""

    NOT_RANKED = "not_ranked"  # the position did not rank the student
    FULL = "full"  # the position filled its places with students it ranked higher


@dataclass(frozen=True)
class Explanation:
    """A position the student preferred, and why they were not placed there.

    `cutoff` is the position's lowest-ranked admitted student when FULL (None when the position
    has no places at all), and None when NOT_RANKED.
    """

    position: str
    why: Why
    cutoff: str | None


def explain(instance: Instance, result: Result, student: str) -> list[Explanation]:
    """Why the student was not placed higher, for each position they preferred.

    One entry per position they ranked above their place (their whole list when unplaced), in
    their order. Assumes `result` is the stable matching of `instance`.
    """
    if student not in instance.students:
        raise ValueError(f'Unknown student "{student}".')
    ranked = instance.students[student]
    placed = result.assignment.get(student)
    if placed is not None and placed not in ranked:
        raise ValueError(f'Student "{student}" is placed at "{placed}", which they did not rank.')
    above = ranked if placed is None else ranked[: ranked.index(placed)]
    return [
        Explanation(position, Why.FULL, result.cutoffs.get(position))
        if student in instance.ranks[position]
        else Explanation(position, Why.NOT_RANKED, None)
        for position in above
    ]
