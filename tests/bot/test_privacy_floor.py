"""The issue's promise, held against everything the bot produces for a manager: no payload
sent to Slack and no file uploaded carries a text or a rating its author did not share, nor
any figure built from fewer answers than PRIVACY_MIN_ANSWERS.

A team where every week two members share a rating (one with text, one the rating alone)
and one keeps the answer private: every team figure would rest on two answers. The manager
then asks for everything (this week's and last week's digest, the trend, the export, 1:1
prep for each member, the full text of each answer) and gets the weekly DM with its chart,
once uploaded and once as text. With the floor at 3 no decimal figure appears in any of it;
with the floor off (1) the same run shows figures, so the check can fail.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from bot import ids
from bot.coaching.calendar import week_key
from bot.coaching.rotation import dimension_for_week
from bot.values import Numbered
from content import default_guide
from storage.models import KEEP_PRIVATE, RATING_ONLY, SHARED
from storage.people import ensure_workspace
from storage.reflections import save_reflection
from tests.fakes.charts import record_charts, texts
from tests.fakes.helpers import ask, tick_at
from tests.fakes.seeding import MANAGER, MONDAY, seed_team
from tests.fakes.times import utc

SHARES, RATES, KEEPS = "U301", "U302", "U303"
MEMBERS = [SHARES, RATES, KEEPS, "U304", "U305", "U306"]
# Who answers each week, how, and with what rating: a figure of the two shared ratings
# would be 2.5, with the private one 3.3.
ANSWERS = ((SHARES, SHARED, 1), (RATES, RATING_ONLY, 4), (KEEPS, KEEP_PRIVATE, 5))
RATING_WORDS, PRIVATE_WORDS = "RATING-ONLY-WORDS", "PRIVATE-WORDS"
WEEKS = 27  # three rotations, the trend's reach, ending with this week
PNG = b"\x89PNG"
FIGURE = re.compile(r"(?<![\d.])[0-5]\.\d(?![\d.])")  # 2.5, 3.3 ... not a ts or a version


@pytest.fixture(params=[3, 1], ids=["floor-3", "floor-off"])
def settings(settings, request):
    """The suite's settings with PRIVACY_MIN_ANSWERS at 3 (the default) and at 1."""
    return replace(settings, privacy_min_answers=request.param)


def seed(deps) -> dict[str, list[int]]:
    """The team and 27 weeks of answers; each member's reflection ids."""
    guide = default_guide()
    seed_team(deps, members=MEMBERS, created_at=utc(2026, 5, 1, 0, 0))
    written: dict[str, list[int]] = {}
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=MONDAY)
        for back in range(WEEKS):
            monday = MONDAY - timedelta(weeks=back)
            slug = dimension_for_week(guide, MONDAY, monday).slug
            for user, sharing, rating in ANSWERS:
                words = {SHARED: f"Shared words {back}", RATING_ONLY: RATING_WORDS,
                         KEEP_PRIVATE: PRIVATE_WORDS}[sharing]
                row, _ = save_reflection(session, team_id="T111", user_id=user,
                                         week=week_key(monday), dimension=slug,
                                         rating=rating, text=words, sharing=sharing,
                                         now=deps.clock())
                written.setdefault(user, []).append(row.id)
    return written


def everything(slack, slack_api, dispatcher, clock, written) -> None:
    """Every way a manager (or the scheduler, for them) gets the team's answers."""
    for words in ("digest", "digest last", f"digest {week_key(MONDAY - timedelta(weeks=9))}",
                  "digest trend", "digest export",
                  *(f"prep <@{user}|name>" for user in MEMBERS)):
        ask(slack, slack_api, words, user_id=MANAGER)
    for reflection_ids in written.values():
        for reflection_id in reflection_ids[:2]:
            slack.click(ids.READ_REFLECTION, Numbered(reflection_id).encode(),
                        user_id=MANAGER)
    tick_at(dispatcher, clock, 2026, 12, 4, 16, 0)  # the weekly DM and its chart
    slack_api.fail("files.getUploadURLExternal", error="access_denied")
    tick_at(dispatcher, clock, 2026, 12, 11, 16, 0)  # next week's: the chart as text


def produced(slack_api, drawn) -> list[str]:
    """Everything the bot sent: every call's body, every uploaded file, and for each chart
    image (compressed bytes, not text) the texts of the figure it was drawn from."""
    found = [json.dumps(call.body, ensure_ascii=False) for call in slack_api.calls()]
    files = [data for _, data in slack_api.uploaded()]
    images = [data for data in files if data.startswith(PNG)]
    assert len(images) <= len(drawn), "every image uploaded is a chart drawn here"
    found += [data.decode() for data in files if not data.startswith(PNG)]
    found += [" ".join(texts(figure)) for figure in drawn]
    return found


def test_no_payload_or_file_carries_unshared_words_or_a_figure_below_the_floor(
        slack, slack_api, deps, dispatcher, clock, monkeypatch, settings):
    drawn = record_charts(monkeypatch)
    written = seed(deps)
    clock.set(utc(2026, 12, 2, 9, 0))
    everything(slack, slack_api, dispatcher, clock, written)
    assert deps.background.wait_idle(10)
    out = produced(slack_api, drawn)
    # The export and the weekly chart; the trend's chart too when it has a figure to draw.
    assert len(slack_api.uploaded()) == (2 if settings.privacy_min_answers == 3 else 3)
    assert any("Shared words" in text for text in out), "shared texts do reach the manager"
    for text in out:
        assert RATING_WORDS not in text and PRIVATE_WORDS not in text
    figures = sorted({f for text in out for f in FIGURE.findall(text)})
    if settings.privacy_min_answers == 3:
        assert figures == [], f"figures below the floor: {figures}"
    else:
        assert "2.5" in figures, "with the floor off the same figures are there"
        assert "3.3" not in figures, "a private rating never counts"


def test_a_private_answer_is_never_opened_in_full_and_its_rating_never_shown(
        slack, slack_api, deps, settings):
    written = seed(deps)
    for reflection_id in written[KEEPS] + written[RATES]:
        slack.click(ids.READ_REFLECTION, Numbered(reflection_id).encode(), user_id=MANAGER)
    slack.click(ids.READ_REFLECTION, Numbered(written[SHARES][0]).encode(), user_id=MANAGER)
    assert deps.background.wait_idle(10)
    (opened,) = slack_api.calls("views.open")  # the one shared in full
    assert "Shared words 0" in json.dumps(opened.body)
    prep = ask(slack, slack_api, f"prep <@{KEEPS}|name>", user_id=MANAGER)
    assert f"<@{KEEPS}> has not shared reflections with you yet" in json.dumps(prep)
    assert "5/5" not in json.dumps(prep)
    csv_file = io.StringIO()
    ask(slack, slack_api, "digest export", user_id=MANAGER)
    ((_, data),) = slack_api.uploaded()
    csv_file.write(data.decode())
    assert KEEPS not in csv_file.getvalue()
