"""`/techlead digest trend`: a team's average self-rating per dimension over the last three
rotations, for its manager only: the table in the answer, the chart in the manager's DM,
no figure from fewer answers than the privacy floor anywhere."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event

from bot.coaching.digest import build_digest
from bot.coaching.trend import build_trend
from storage.models import KEEP_PRIVATE, RATING_ONLY, Workspace
from storage.teams import team_of_manager
from tests.fakes import blockkit
from tests.fakes.charts import bar_widths, legend, record_charts, texts
from tests.fakes.helpers import ask, shown
from tests.fakes.seeding import MANAGER, MONDAY, reflect, seed_team

MEMBERS = ["U201", "U202", "U203", "U204", "U205"]
WOULD_BE = "4.5"  # understanding in 2026-W40 from two ratings (5, 4): below the floor


@pytest.fixture
def drawn(monkeypatch):
    """The chart figures the bot draws."""
    return record_charts(monkeypatch)


def seed_three_rotations(deps) -> None:
    """Understanding (weeks 31, 40, 49) and risk (weeks 23, 32, 41) over three rotations;
    understanding's middle one has two shared ratings and a private one: below the floor."""
    seed_team(deps, members=MEMBERS)
    for user, rating in zip(MEMBERS, (2, 3, 4), strict=False):
        reflect(deps, user, rating, "w31", week="2026-W31")
    reflect(deps, "U201", 5, "w40", week="2026-W40")
    reflect(deps, "U202", 4, "w40", week="2026-W40")
    reflect(deps, "U203", 1, "PRIVATE-W40", week="2026-W40", sharing=KEEP_PRIVATE)
    for user, rating in zip(MEMBERS, (3, 4, 5, 4), strict=False):
        reflect(deps, user, rating, "w49")
    for week, ratings in (("2026-W23", (1, 2, 3, 2)), ("2026-W32", (3, 3, 4))):
        for user, rating in zip(MEMBERS, ratings, strict=False):
            reflect(deps, user, rating, "risk", week=week, dimension="risk")
    for user, rating in zip(MEMBERS, (5, 5, 4), strict=False):
        reflect(deps, user, rating, "RATING-ONLY", week="2026-W41", dimension="risk",
                sharing=RATING_ONLY)


def trend(slack, slack_api, user_id: str = MANAGER) -> dict:
    return ask(slack, slack_api, "digest trend", user_id=user_id)


def rows(message: dict) -> dict[str, list[str]]:
    """The table: each dimension's title -> its three figures, oldest first."""
    table = next(t for t in blockkit.mrkdwn_texts(message) if "```" in t).split("```")[1]
    found = {}
    for line in table.splitlines()[1:]:
        title, *figures = blockkit.rendered(line).rsplit(None, 3)
        found[title] = figures
    return found


def test_the_trend_shows_each_dimensions_average_over_three_rotations(slack, slack_api, deps,
                                                                     drawn):
    seed_three_rotations(deps)
    message = trend(slack, slack_api)
    assert blockkit.problems(message) == []
    head = next(t for t in blockkit.mrkdwn_texts(message) if "```" in t)
    assert head.split("```")[1].splitlines()[0].split() == [
        "Dimension", "2026-W23…W31", "2026-W32…W40", "2026-W41…W49"]
    table = rows(message)
    assert table["1. Understanding the Task"] == ["3.0", "–", "4.0"]
    assert table["2. Risk Identification"] == ["2.0", "3.3", "4.7"]  # rating-only counts
    assert table["9. Relationship with Manager"] == ["–", "–", "–"]
    assert len(table) == 9
    text = shown(message)
    assert "no figure; one needs 3 shared ratings in its week, so that no one's" in text
    assert "The chart of these figures is in our DM." in text
    for secret in ("PRIVATE-W40", "RATING-ONLY", "w49"):
        assert secret not in json.dumps(message)


def test_a_rotation_below_the_floor_has_no_figure_anywhere(slack, slack_api, deps, drawn):
    seed_three_rotations(deps)
    message = trend(slack, slack_api)
    ((upload, _png),) = slack_api.uploaded()
    (asked,) = slack_api.calls("files.getUploadURLExternal")
    (figure,) = drawn
    for where in (json.dumps(message, ensure_ascii=False), json.dumps(upload),
                  json.dumps(asked.body), " ".join(texts(figure))):
        assert WOULD_BE not in where
    understanding = [bar_widths(figure)[k] for k in (9, 18, 0)]  # oldest, middle, last
    assert understanding == [3.0, 0, 4.0]


def test_the_chart_goes_to_the_managers_dm_with_a_bar_per_rotation(slack, slack_api, deps,
                                                                   drawn):
    seed_three_rotations(deps)
    trend(slack, slack_api)
    (opened,) = slack_api.calls("conversations.open")
    assert opened.body["users"] == MANAGER
    ((upload, png),) = slack_api.uploaded()
    assert upload["channel_id"] == "D100" and png.startswith(b"\x89PNG")
    assert json.loads(upload["files"])[0]["title"] == (
        "Team average self-rating per rotation, 2026-W23 to 2026-W49")
    (asked,) = slack_api.calls("files.getUploadURLExternal")
    assert "2. Risk Identification 2.0, 3.3, 4.7" in asked.body["alt_txt"]
    (figure,) = drawn
    assert legend(figure) == ["2026-W23…W31", "2026-W32…W40", "2026-W41…W49"]
    (ax,) = figure.axes
    titles = [label.get_text().replace("\n", " ") for label in ax.get_yticklabels()]
    assert titles == [t.heading for t in deps.guide.dimensions]
    widths = bar_widths(figure)
    assert len(widths) == 27
    assert [round(widths[k], 1) for k in (10, 19, 1)] == [2.0, 3.3, 4.7]  # risk
    assert {"4.0", "4.7", "3.0", "3.3", "2.0"} <= set(texts(figure))


@pytest.mark.parametrize("user", ["U201", "U999"])
def test_someone_who_manages_no_team_is_told_politely_and_sent_nothing(slack, slack_api, deps,
                                                                       drawn, user):
    seed_three_rotations(deps)
    text = shown(trend(slack, slack_api, user_id=user))
    assert "you don't manage a team yet" in text
    assert "Team trend" not in text and "4.0" not in text
    assert slack_api.calls("conversations.open") == [] and slack_api.uploaded() == []
    assert drawn == []


def test_when_the_chart_cannot_be_uploaded_the_table_still_answers(slack, slack_api, deps):
    seed_three_rotations(deps)
    slack_api.fail("files.getUploadURLExternal", error="access_denied")
    message = trend(slack, slack_api)
    assert rows(message)["1. Understanding the Task"] == ["3.0", "–", "4.0"]
    assert ("I couldn't send the chart just now; the table has the same figures."
            in shown(message))
    assert slack_api.uploaded() == []


def test_a_team_with_no_figure_yet_gets_the_table_and_no_chart(slack, slack_api, deps, drawn):
    seed_team(deps, members=MEMBERS)
    reflect(deps, "U201", 4, "alone")  # one rating: below the floor
    message = trend(slack, slack_api)
    assert set(map(tuple, rows(message).values())) == {("–", "–", "–")}
    assert "No chart yet: no rotation has enough shared ratings" in shown(message)
    assert drawn == [] and slack_api.calls("conversations.open") == []


def test_another_teams_ratings_never_count(slack, slack_api, deps):
    seed_three_rotations(deps)
    seed_team(deps, manager="U300", members=["U301", "U302", "U303"])
    for user in ("U301", "U302", "U303"):
        reflect(deps, user, 1, "theirs")
    assert rows(trend(slack, slack_api))["1. Understanding the Task"] == ["3.0", "–", "4.0"]
    theirs = rows(trend(slack, slack_api, user_id="U300"))
    assert theirs["1. Understanding the Task"] == ["–", "–", "1.0"]
    assert theirs["2. Risk Identification"] == ["–", "–", "–"]


def statements(deps, build) -> int:
    """How many SQL statements `build(session, ws, team)` issues for MANAGER's team."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    with deps.sessions.begin() as session:
        ws = session.get(Workspace, "T111")
        team = team_of_manager(session, "T111", MANAGER)
        event.listen(deps.engine, "before_cursor_execute", count)
        try:
            build(session, ws, team)
        finally:
            event.remove(deps.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_digest_and_trend_take_as_many_statements_whatever_the_team_or_history(deps):
    def digest(session, ws, team):
        build_digest(session, deps.guide, ws, team, MONDAY, 3)

    def team_trend(session, ws, team):
        build_trend(session, deps.guide, ws, team, MONDAY, 3)

    seed_team(deps, members=MEMBERS[:1])
    small = statements(deps, digest), statements(deps, team_trend)
    seed_three_rotations(deps)  # five members, three rotations of answers
    assert (statements(deps, digest), statements(deps, team_trend)) == small
    assert small[1] == 1, "the trend is one query"
