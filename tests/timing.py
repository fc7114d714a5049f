"""Does the answer time alone tell a BSN with a vault from one without?

Two kinds of request are sent in random order, and the area under the ROC curve of their
times is computed with the Mann-Whitney U statistic (scipy is not a dependency). An AUC of
0.5 means timing tells nothing; 1.0 (or 0.0) means it tells every time.
"""

import itertools
import random
import time
from collections.abc import Callable
from typing import Any

SAMPLES_PER_SIDE = 200
MAX_SEPARATION = 0.6


def auc(first: list[float], second: list[float]) -> float:
    """The chance that a time of ``first`` is longer than one of ``second`` (ties count half)."""
    pooled = sorted([(value, 0) for value in first] + [(value, 1) for value in second])
    ranks = [0.0] * len(pooled)
    start = 0
    while start < len(pooled):
        end = start
        while end + 1 < len(pooled) and pooled[end + 1][0] == pooled[start][0]:
            end += 1
        for i in range(start, end + 1):  # tied values share their average rank
            ranks[i] = (start + end) / 2 + 1
        start = end + 1
    rank_sum = sum(rank for rank, (_, side) in zip(ranks, pooled, strict=True) if side == 0)
    u = rank_sum - len(first) * (len(first) + 1) / 2
    return u / (len(first) * len(second))


def separation(first: list[float], second: list[float]) -> float:
    """The AUC folded to 0.5..1: how well timing sorts the two, in either direction."""
    area = auc(first, second)
    return max(area, 1 - area)


def timed(
    sides: dict[str, Callable[[], Any]], *, per_side: int = SAMPLES_PER_SIDE, warm_up: int = 5
) -> tuple[dict[str, list[float]], dict[str, set[Any]]]:
    """Times of ``per_side`` calls of each side, interleaved at random, and what they answered.

    Each call returns something comparable (status code, ...): the test also checks that
    both sides answered alike, so the times compare like with like.
    """
    for call in sides.values():
        for _ in range(warm_up):
            call()
    order = [name for name in sides for _ in range(per_side)]
    random.Random().shuffle(order)
    times: dict[str, list[float]] = {name: [] for name in sides}
    answers: dict[str, set[Any]] = {name: set() for name in sides}
    for name in order:
        started = time.perf_counter()
        answer = sides[name]()
        times[name].append(time.perf_counter() - started)
        answers[name].add(answer)
    return times, answers


def taking_turns(*calls: Callable[[], Any]) -> Callable[[], Any]:
    """One side made of several endpoints, each called in turn (the API and its portal form)."""
    turns = itertools.cycle(calls)
    return lambda: next(turns)()


def median_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return 1000 * ordered[len(ordered) // 2]


def report(times: dict[str, list[float]]) -> str:
    medians = ", ".join(f"{name} {median_ms(values):.1f} ms" for name, values in times.items())
    first, second = times.values()
    return f"AUC {auc(first, second):.3f} (median {medians})"
