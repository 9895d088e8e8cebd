"""Mentor assignment by min-cost flow (OR-Tools).

Each mentor takes up to a given number of mentees, and each mentee wants up to a given number
of mentors (normally 1). Only mutually acceptable pairs, each with an integer fit (higher is
better), may be assigned, and a mentee gets at most one place per mentor.

Objective, in this order:

1. fill as many mentee places as possible (the number of pairs);
2. among those, maximise the total fit.

This is a maximum flow of minimum cost on the network source -> mentee (capacity: the
mentee's places) -> mentor (capacity 1, cost ``-fit``) -> sink (capacity: the mentor's places).
Nodes and arcs are built in sorted key order, so equal-cost optima are broken the same way
whatever the input order.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np
from ortools.graph.python import min_cost_flow

__all__ = ["Assignment", "Pair", "Why", "assign_mentors", "why_unassigned"]

_SOURCE, _SINK = 0, 1


@dataclass(frozen=True)
class Pair:
    """A mutually acceptable mentee-mentor pair and its fit (integer >= 0, higher is better)."""

    mentee: Hashable
    mentor: Hashable
    fit: int


@dataclass(frozen=True)
class Assignment:
    """The solver's result: chosen pairs and the mentees left short of places."""

    pairs: tuple[Pair, ...]
    total_fit: int
    unassigned: tuple[Hashable, ...]

    @cached_property
    def _by_mentee(self) -> dict[Hashable, tuple[Pair, ...]]:
        return _group(self.pairs, lambda p: p.mentee)

    @cached_property
    def _by_mentor(self) -> dict[Hashable, tuple[Pair, ...]]:
        return _group(self.pairs, lambda p: p.mentor)

    def mentors_of(self, mentee: Hashable) -> tuple[Pair, ...]:
        """The chosen pairs of a mentee."""
        return self._by_mentee.get(mentee, ())

    def mentees_of(self, mentor: Hashable) -> tuple[Pair, ...]:
        """The chosen pairs of a mentor."""
        return self._by_mentor.get(mentor, ())


class Why(StrEnum):
    """Why a mentee got fewer places than asked for."""

    FULL = "full"  # every mentor who accepted the mentee was filled with others
    NONE_ACCEPTABLE = "none_acceptable"  # no mutually acceptable mentor


def assign_mentors(
    mentors: Mapping[Hashable, int],
    mentees: Mapping[Hashable, int],
    acceptable: Iterable[Pair],
) -> Assignment:
    """Assign mentees to mentors: most places filled first, then greatest total fit."""
    _check_capacities(mentors, "mentor")
    _check_capacities(mentees, "mentee")
    pairs = _check_pairs(acceptable, mentors, mentees)

    mentee_keys, mentor_keys = _ordered(mentees), _ordered(mentors)
    mentee_node = {k: 2 + i for i, k in enumerate(mentee_keys)}
    mentor_node = {k: 2 + len(mentee_keys) + i for i, k in enumerate(mentor_keys)}
    pairs.sort(key=lambda p: (mentee_node[p.mentee], mentor_node[p.mentor]))

    # Capacities beyond a node's number of pairs are unusable; clipping keeps sums small.
    mentee_degree = dict.fromkeys(mentee_keys, 0)
    mentor_degree = dict.fromkeys(mentor_keys, 0)
    for p in pairs:
        mentee_degree[p.mentee] += 1
        mentor_degree[p.mentor] += 1
    mentee_cap = [min(mentees[k], mentee_degree[k]) for k in mentee_keys]
    mentor_cap = [min(mentors[k], mentor_degree[k]) for k in mentor_keys]

    chosen: list[Pair] = []
    supply = sum(mentee_cap)
    if supply and sum(mentor_cap):
        tails = (
            [_SOURCE] * len(mentee_keys)
            + [mentee_node[p.mentee] for p in pairs]
            + [mentor_node[k] for k in mentor_keys]
        )
        heads = (
            [mentee_node[k] for k in mentee_keys]
            + [mentor_node[p.mentor] for p in pairs]
            + [_SINK] * len(mentor_keys)
        )
        capacities = mentee_cap + [1] * len(pairs) + mentor_cap
        costs = [0] * len(mentee_keys) + [-p.fit for p in pairs] + [0] * len(mentor_keys)

        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.array(capacities, dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
        flow.set_node_supply(_SOURCE, supply)
        flow.set_node_supply(_SINK, -supply)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: {status.name}")
        pair_arcs = arcs[len(mentee_keys) : len(mentee_keys) + len(pairs)]
        used = flow.flows(pair_arcs)
        chosen = [p for p, f in zip(pairs, used, strict=True) if f]

    got = dict.fromkeys(mentee_keys, 0)
    for p in chosen:
        got[p.mentee] += 1
    return Assignment(
        pairs=tuple(chosen),
        total_fit=sum(p.fit for p in chosen),
        unassigned=tuple(k for k in mentee_keys if got[k] < mentees[k]),
    )


def why_unassigned(assignment: Assignment, mentee: Hashable, acceptable: Iterable[Pair]) -> Why:
    """Explain why ``mentee`` (one of ``assignment.unassigned``) got fewer places than asked.

    With a maximum flow, an acceptable mentor with a free place would have been used, so if the
    mentee has any acceptable mentor, all of them are full (a mentor of capacity 0 counts as
    full; so does one already assigned to this mentee).
    """
    if mentee not in assignment.unassigned:
        raise ValueError(f"mentee {mentee!r} is not unassigned")
    if any(p.mentee == mentee for p in acceptable):
        return Why.FULL
    return Why.NONE_ACCEPTABLE


def _check_capacities(capacities: Mapping[Hashable, int], role: str) -> None:
    for key, cap in capacities.items():
        if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
            raise ValueError(f"{role} {key!r}: capacity must be an integer >= 0, got {cap!r}")


def _check_pairs(
    acceptable: Iterable[Pair], mentors: Mapping[Hashable, int], mentees: Mapping[Hashable, int]
) -> list[Pair]:
    pairs: list[Pair] = []
    seen: set[tuple[Hashable, Hashable]] = set()
    for p in acceptable:
        if p.mentee not in mentees:
            raise ValueError(f"pair names unknown mentee {p.mentee!r}")
        if p.mentor not in mentors:
            raise ValueError(f"pair names unknown mentor {p.mentor!r}")
        if not isinstance(p.fit, int) or isinstance(p.fit, bool) or p.fit < 0:
            raise ValueError(
                f"pair ({p.mentee!r}, {p.mentor!r}): fit must be an integer >= 0, got {p.fit!r}"
            )
        if (p.mentee, p.mentor) in seen:
            raise ValueError(f"duplicate pair ({p.mentee!r}, {p.mentor!r})")
        seen.add((p.mentee, p.mentor))
        pairs.append(p)
    return pairs


def _ordered(keys: Iterable[Hashable]) -> list[Hashable]:
    """Keys in sorted order; mixed, unorderable keys by type name and repr."""
    try:
        return sorted(keys)
    except TypeError:
        return sorted(keys, key=lambda k: (type(k).__module__, type(k).__qualname__, repr(k)))


def _group(
    pairs: Iterable[Pair], key: Callable[[Pair], Hashable]
) -> dict[Hashable, tuple[Pair, ...]]:
    groups: dict[Hashable, list[Pair]] = {}
    for p in pairs:
        groups.setdefault(key(p), []).append(p)
    return {k: tuple(v) for k, v in groups.items()}
