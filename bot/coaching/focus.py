"""Whether a person has a focus dimension in a given week (the rule `/techlead week`, the
nudge and the modal all read)."""

from __future__ import annotations

from datetime import date

from content import Guide, Topic


def active(person, guide: Guide, monday: date) -> tuple[Topic | None, int]:
    """The person's focus in the week of `monday` and how many weeks it has left (this one
    included); (None, 0) without one. `person` is a storage Person row (duck-typed)."""
    slug = getattr(person, "focus_dimension", None)
    until = getattr(person, "focus_until", None)
    if person is None or not slug or until is None:
        return None, 0
    since = getattr(person, "focus_since", None) or monday
    if not since <= monday < until:
        return None, 0
    try:
        topic = guide.topic(slug)
    except KeyError:
        return None, 0
    return topic, (until - monday).days // 7
