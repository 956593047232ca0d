"""Reading a submitted reflection modal, trusting only what Slack signed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from bot import ids
from bot.blocks.reflection_modal import TEXT_MAX
from bot.coaching.calendar import parse_week_key
from content import Guide

EXPIRED = "This form has expired. Open it again with `/techlead reflect`."
NOT_YOURS = "This reflection form belongs to someone else, so nothing was saved."


@dataclass(frozen=True)
class FormMetadata:
    """What the bot put into private_metadata when it opened the modal."""

    team_id: str
    user_id: str
    week: str
    dimension: str
    channel: str | None = None
    ts: str | None = None

    def encode(self) -> str:
        data = {"t": self.team_id, "u": self.user_id, "w": self.week, "d": self.dimension,
                "c": self.channel, "m": self.ts}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str | None) -> FormMetadata | None:
        try:
            data = json.loads(text or "")
            fields = [data[k] for k in ("t", "u", "w", "d")]
        except (ValueError, KeyError, TypeError):
            return None
        if not all(isinstance(f, str) and f for f in fields):
            return None
        extra = [data.get(k) if isinstance(data.get(k), str) else None for k in ("c", "m")]
        return cls(*fields, *extra)


@dataclass(frozen=True)
class Submission:
    meta: FormMetadata
    rating: int
    text: str
    private: bool


def parse_submission(view: dict, *, team_id: str | None, user_id: str | None, guide: Guide,
                     today: date) -> Submission | dict[str, str]:
    """A valid submission, or errors keyed by the block_id they belong under."""
    meta = FormMetadata.decode(view.get("private_metadata"))
    if meta is None or meta.dimension not in {t.slug for t in guide.dimensions}:
        return {ids.TEXT_BLOCK: EXPIRED}
    if meta.user_id != user_id or meta.team_id != team_id:
        return {ids.TEXT_BLOCK: NOT_YOURS}
    monday = parse_week_key(meta.week)
    # A form stays usable into the next week (opened Sunday night, saved Monday morning).
    if monday is None or not today - timedelta(days=14) < monday <= today + timedelta(days=1):
        return {ids.TEXT_BLOCK: EXPIRED}
    values = (view.get("state") or {}).get("values") or {}
    errors: dict[str, str] = {}
    rating = _rating(values)
    if rating is None:
        errors[ids.RATING_BLOCK] = "Pick how you worked this week, from 1 to 5."
    text = _text(values).strip()
    if not text:
        errors[ids.TEXT_BLOCK] = "Write a few sentences, or close the form to answer later."
    elif len(text) > TEXT_MAX:
        errors[ids.TEXT_BLOCK] = f"That is {len(text):,} characters; the limit is 3,000."
    if errors or rating is None:
        return errors
    return Submission(meta, rating, text, _private(values))


def _element(values: dict, block: str, action: str) -> dict:
    element = (values.get(block) or {}).get(action)
    return element if isinstance(element, dict) else {}


def _rating(values: dict) -> int | None:
    option = _element(values, ids.RATING_BLOCK, ids.RATING_ACTION).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


def _text(values: dict) -> str:
    value = _element(values, ids.TEXT_BLOCK, ids.TEXT_ACTION).get("value")
    return value if isinstance(value, str) else ""


def _private(values: dict) -> bool:
    selected = _element(values, ids.PRIVATE_BLOCK, ids.PRIVATE_ACTION).get("selected_options")
    return isinstance(selected, list) and any(
        isinstance(o, dict) and o.get("value") == ids.PRIVATE_VALUE for o in selected)
