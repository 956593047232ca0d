"""The privacy floor: every figure about a team's answers (an average, a distribution, a
point of a trend or a bar of a chart) is made here, from the ratings storage lets the
team's figures use, and only when at least `floor` answers feed it. Below the floor there
is no figure to show, so no message or file built from these can carry one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RATINGS = range(1, 6)


@dataclass(frozen=True)
class Figure:
    """What a team's shared ratings on one dimension in one week add up to."""

    count: int
    average: float
    distribution: dict[int, int]  # rating -> how many gave it


def figure(ratings: Sequence[int], floor: int) -> Figure | None:
    """The figure of `ratings`, or None when fewer than `floor` answers feed it."""
    if len(ratings) < max(1, floor):
        return None
    return Figure(len(ratings), sum(ratings) / len(ratings),
                  {n: sum(r == n for r in ratings) for n in RATINGS})


def average(ratings: Sequence[int], floor: int) -> float | None:
    found = figure(ratings, floor)
    return found.average if found else None
