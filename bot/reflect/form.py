"""Reading a submitted reflection modal, trusting only what Slack signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot import ids
from bot.blocks.reflection_modal import (
    FOCUS_NEEDS_RATING,
    FORM_EXPIRED,
    FORM_NOT_YOURS,
    PICK_A_LEVEL,
    PICK_A_RATING,
    TEXT_MAX,
    WRITE_SOMETHING,
    text_too_long,
)
from bot.coaching.calendar import parse_week_key
from bot.values import FormMetadata, SharingChoice
from content import Guide
from storage.text import storable

RATINGS = frozenset({"1", "2", "3", "4", "5"})


@dataclass(frozen=True)
class Submission:
    meta: FormMetadata
    rating: int
    text: str
    sharing: str  # storage.models.SHARING_LEVELS
    focus_rating: int | None = None  # the optional answer on the person's focus
    focus_text: str = ""


def parse_submission(view: dict, *, team_id: str | None, user_id: str | None, guide: Guide,
                     today: date) -> Submission | dict[str, str]:
    """A valid submission, or errors keyed by the block_id they belong under."""
    meta = FormMetadata.decode(view.get("private_metadata"))
    if meta is None or meta.dimension not in {t.slug for t in guide.dimensions}:
        return {ids.TEXT_BLOCK: FORM_EXPIRED}
    if meta.user_id != user_id or meta.team_id != team_id:
        return {ids.TEXT_BLOCK: FORM_NOT_YOURS}
    monday = parse_week_key(meta.week)
    # A form stays usable into the next week (opened Sunday night, saved Monday morning).
    if monday is None or not today - timedelta(days=14) < monday <= today + timedelta(days=1):
        return {ids.TEXT_BLOCK: FORM_EXPIRED}
    values = (view.get("state") or {}).get("values") or {}
    if not isinstance(values, dict) or ids.SHARING_BLOCK not in values:
        # A form opened before the sharing levels (an error must name a block the view has).
        return {ids.TEXT_BLOCK: FORM_EXPIRED}
    errors: dict[str, str] = {}
    rating = _rating(values)
    if rating is None:
        errors[ids.RATING_BLOCK] = PICK_A_RATING
    text = storable(_text(values)).strip()
    if not text:
        errors[ids.TEXT_BLOCK] = WRITE_SOMETHING
    elif len(text) > TEXT_MAX:
        errors[ids.TEXT_BLOCK] = text_too_long(len(text))
    sharing = _sharing(values)
    if sharing is None:  # required and preselected: only a forged submission lacks one
        errors[ids.SHARING_BLOCK] = PICK_A_LEVEL
    focus_rating, focus_text = None, ""
    if meta.focus and meta.focus != meta.dimension and \
            meta.focus in {t.slug for t in guide.dimensions}:
        focus_rating, focus_text = _focus_answer(values, errors)
    if errors or rating is None or sharing is None:
        return errors
    return Submission(meta, rating, text, sharing, focus_rating, focus_text)


def _focus_answer(values: dict, errors: dict[str, str]) -> tuple[int | None, str]:
    """The optional rating and text on the person's focus; what is wrong added to `errors`."""
    rating = _rating(values, ids.FOCUS_RATING_BLOCK, ids.FOCUS_RATING_ACTION)
    text = storable(_text(values, ids.FOCUS_TEXT_BLOCK, ids.FOCUS_TEXT_ACTION)).strip()
    if text and rating is None:
        errors[ids.FOCUS_RATING_BLOCK] = FOCUS_NEEDS_RATING
    elif len(text) > TEXT_MAX:
        errors[ids.FOCUS_TEXT_BLOCK] = text_too_long(len(text))
    return rating, text


def _element(values: dict, block: str, action: str) -> dict:
    element = (values.get(block) or {}).get(action) if isinstance(values, dict) else None
    return element if isinstance(element, dict) else {}


def _rating(values: dict, block: str = ids.RATING_BLOCK,
            action: str = ids.RATING_ACTION) -> int | None:
    option = _element(values, block, action).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return int(value) if value in RATINGS else None


def _text(values: dict, block: str = ids.TEXT_BLOCK, action: str = ids.TEXT_ACTION) -> str:
    value = _element(values, block, action).get("value")
    return value if isinstance(value, str) else ""


def _sharing(values: dict) -> str | None:
    option = _element(values, ids.SHARING_BLOCK, ids.SHARING_ACTION).get("selected_option")
    choice = SharingChoice.decode(option.get("value") if isinstance(option, dict) else None)
    return choice.level if choice else None
