"""Benchmark of the allocation rounds' stable matching (no Django, no database).

(1) A round at the scale of Denmark's coordinated admission: 90,000 students, 900 positions with
70 places each, 8 choices per student; popular positions are chosen more often (Zipf-like) and
each position ranks exactly its applicants by a common grade plus a little noise. Targets:
`stable_match` under 2 s median wall time and under 1 GB peak memory (tracemalloc's peak of the
Python and numpy allocations made during the call). (2) Our time against the reference package
`matching` (HospitalResident, resident-optimal) on 10,000 students x 500 positions.
"""

import resource
import statistics
import sys
import threading
import time
import tracemalloc
import warnings
from typing import Any

import numpy as np

from uddannelsesby.bridge.matching import Arrays, Instance, deferred_acceptance, stable_match

RUNS, REFERENCE_RUNS = 5, 3


def generate(
    n_students: int, n_positions: int, capacity: int, choices: int = 8, seed: int = 7
) -> Instance:
    """Students pick positions by Zipf-like popularity; positions rank applicants by grade."""
    rng = np.random.default_rng(seed)
    log_weight = -0.8 * np.log(np.arange(1, n_positions + 1))
    rng.shuffle(log_weight)
    picks = np.empty((n_students, choices), dtype=np.int64)
    for start in range(0, n_students, 10_000):  # Gumbel top-k: weighted, without replacement
        stop = min(start + 10_000, n_students)
        keys = log_weight + rng.gumbel(size=(stop - start, n_positions))
        top = np.argpartition(-keys, choices - 1, axis=1)[:, :choices]
        order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
        picks[start:stop] = np.take_along_axis(top, order, axis=1)
    grade = rng.normal(size=n_students)
    student = np.repeat(np.arange(n_students), choices)
    position = picks.ravel()
    score = grade[student] + rng.normal(scale=0.1, size=student.size)
    ranked = np.split(
        student[np.lexsort((-score, position))],
        np.cumsum(np.bincount(position, minlength=n_positions))[:-1],
    )
    student_ids = [f"s{s:05d}" for s in range(n_students)]
    position_ids = [f"p{p:03d}" for p in range(n_positions)]
    return Instance(
        students={
            student_ids[s]: tuple(position_ids[p] for p in row)
            for s, row in enumerate(picks.tolist())
        },
        positions={
            position_ids[p]: (capacity, tuple(student_ids[s] for s in ranked[p].tolist()))
            for p in range(n_positions)
        },
    )


def median_s(function, runs: int) -> tuple[float, Any]:
    """The median wall time in seconds, and the result of the last run."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def reference(instance: Instance) -> dict[str, str | None]:
    """The reference package's assignment; it deep-copies recursively: a thread, a big stack."""
    results: list[dict[str, str | None]] = []
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


def _reference(instance: Instance) -> dict[str, str | None]:
    from matching.games import HospitalResident

    residents = {student: list(ranked) for student, ranked in instance.students.items()}
    hospitals = {position: list(ranked) for position, (_, ranked) in instance.positions.items()}
    capacities = {position: capacity for position, (capacity, _) in instance.positions.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        matching = game.solve(optimal="resident")
    assignment: dict[str, str | None] = dict.fromkeys(instance.students)
    for hospital, matched in matching.items():
        for resident in matched:
            assignment[resident.name] = hospital.name
    return assignment


def national_round() -> bool:
    instance = generate(90_000, 900, capacity=70)
    entries = sum(map(len, instance.students.values()))
    print(f"\nAllocation round: 90,000 students, 900 positions x 70 places, {entries:,} choices")
    result = stable_match(instance)
    placed = sum(position is not None for position in result.assignment.values())
    seconds, _ = median_s(lambda: stable_match(instance), RUNS)
    numbering, arrays = median_s(lambda: Arrays.of(instance), RUNS)
    core, _ = median_s(lambda: deferred_acceptance(arrays), RUNS)
    tracemalloc.start()
    stable_match(instance)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    fast, small = seconds < 2, peak < 1 << 30
    print(f"placed {placed:,} students; median of {RUNS} runs:")
    print(f"  stable_match (ids in, ids out) {seconds * 1000:8.0f} ms   target < 2000 ms")
    print(f"  numbering ids (Arrays.of)      {numbering * 1000:8.0f} ms")
    print(f"  integer core                   {core * 1000:8.0f} ms")
    print(f"  peak memory of stable_match    {peak / 2**20:8.0f} MiB  target < 1024 MiB")
    print(f"  (tracemalloc peak during the call; whole process max RSS {max_rss / 2**20:.0f} MiB)")
    print(f"time target {_met(fast)}, memory target {_met(small)}")
    return fast and small


def against_reference() -> bool:
    instance = generate(10_000, 500, capacity=14, seed=11)
    print("\nAgainst the reference package `matching`: 10,000 students, 500 positions x 14")
    ours, result = median_s(lambda: stable_match(instance), REFERENCE_RUNS)
    theirs, expected = median_s(lambda: reference(instance), REFERENCE_RUNS)
    same = result.assignment == expected
    print(f"median of {REFERENCE_RUNS}: ours {ours * 1000:.0f} ms, reference {theirs:.1f} s")
    print(f"ratio ours/reference {ours / theirs:.4f} ({theirs / ours:.0f}x faster)")
    print(f"same assignment: {'yes' if same else 'NO'}")
    return same


def _met(met: bool) -> str:
    return "met" if met else "NOT MET"


def main() -> int:
    met = national_round()
    same = against_reference()
    return 0 if met and same else 1


if __name__ == "__main__":
    sys.exit(main())
