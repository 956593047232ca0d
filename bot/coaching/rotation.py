"""Which dimension a workspace reflects on in a given week."""

from __future__ import annotations

from datetime import date

from content import Guide, Topic


def dimension_for_week(guide: Guide, anchor: date, monday: date) -> Topic:
    """The nine dimensions in the guide's order, one a week from the workspace's first week,
    so every one comes before any repeats."""
    dimensions = guide.dimensions
    weeks = (monday - anchor).days // 7
    return dimensions[weeks % len(dimensions)]
