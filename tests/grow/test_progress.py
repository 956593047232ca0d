"""`/techlead progress` over HTTP against the live bot: a person's own ratings over time,
strongest and weakest, streak, answered of nudged, the chart in their DM (or the table
alone when it cannot be attached), the empty state, and App Home's short section."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import event

from bot import ids
from bot.coaching.calendar import week_key
from bot.coaching.rotation import dimension_for_week
from bot.grow.progress import progress_of
from bot.values import ReflectTarget
from storage.deliveries import FAILED, NUDGE, REMINDER, SENT
from storage.models import KEEP_PRIVATE, SHARED, Delivery
from storage.people import ensure_workspace
from storage.reflections import save_reflection
from tests.fakes import blockkit, payloads
from tests.fakes.helpers import ask, shown, view_of
from tests.fakes.seeding import MONDAY
from tests.fakes.times import utc

ME, SOMEONE_ELSE = "U201", "U999"
# Three rotations before this week (2026-W49, the clock's): the workspace began 27 weeks
# ago, so this week opens its fourth rotation.
ANCHOR = MONDAY - timedelta(weeks=27)


def monday(week: int):
    """The Monday `week` weeks after the workspace's first."""
    return ANCHOR + timedelta(weeks=week)


def reflect(deps, guide, week: int, rating: int, *, user_id: str = ME, team_id: str = "T111",
            sharing: str = SHARED, dimension: str | None = None) -> None:
    """A reflection in week `week` on that week's dimension (or `dimension`)."""
    day = monday(week)
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=ANCHOR)
        save_reflection(session, team_id=team_id, user_id=user_id, week=week_key(day),
                        dimension=dimension or dimension_for_week(guide, ANCHOR, day).slug,
                        rating=rating, text="A few words.", sharing=sharing,
                        now=deps.clock())


def nudged(deps, guide, week: int, *, user_id: str = ME, kind: str = NUDGE,
           status: str = SENT, dimension: str | None = None) -> None:
    day = monday(week)
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=ANCHOR)
        session.add(Delivery(team_id="T111", user_id=user_id, kind=kind, week=week_key(day),
                             dimension=dimension or dimension_for_week(guide, ANCHOR,
                                                                       day).slug,
                             status=status, owner="test", claimed_at=utc(2026, 1, 1)))


def trend_of(message: dict, heading: str) -> str:
    """The trend the table shows for a dimension (its line, after the title)."""
    (line,) = [line for line in shown(message).splitlines() if line.startswith(f"*{heading}*")]
    return line.split("*  ", 1)[1]


def test_progress_shows_each_dimensions_trend_extremes_streak_and_nudges(
        slack, slack_api, deps, guide):
    for rotation, rating in enumerate((2, 3, 4)):  # understanding: weeks 0, 9, 18
        reflect(deps, guide, rotation * 9, rating)
    reflect(deps, guide, 10, 1, sharing=KEEP_PRIVATE)  # risk, private: still the person's own
    reflect(deps, guide, 19, 4)  # risk again, a rotation later...
    reflect(deps, guide, 26, 2, dimension="risk")  # ...where the latest answer stands
    for week in (21, 22, 23, 24, 25, 26):  # execution to manager, six weeks in a row
        reflect(deps, guide, week, 5 if week == 23 else 3)  # reviews (week 23) strongest
    reflect(deps, guide, 26, 1, user_id=SOMEONE_ELSE)  # someone else's: never counted
    reflect(deps, guide, 25, 5, team_id="T222", dimension="risk")  # same id, other workspace
    for week in (21, 22, 23):
        nudged(deps, guide, week)
    nudged(deps, guide, 20)  # nudged, not answered
    nudged(deps, guide, 26, dimension="planning")  # answered on other dimensions only
    nudged(deps, guide, 24, status=FAILED)
    nudged(deps, guide, 25, kind=REMINDER)
    nudged(deps, guide, 25, user_id=SOMEONE_ELSE)

    message = ask(slack, slack_api, "progress", user_id=ME)
    blockkit.assert_valid_message(message)
    text = shown(message)
    assert trend_of(message, "1. Understanding the Task") == "2 → 3 → 4"
    assert trend_of(message, "2. Risk Identification") == "1 → 2"
    assert trend_of(message, "6. Code Reviews") == "5"
    assert trend_of(message, "9. Relationship with Manager") == "3"
    assert trend_of(message, "3. Planning &amp; Estimation") == "_not rated yet_"
    # The last nine weeks are weeks 19 to 27: understanding's 2 (week 18) is not in them.
    assert ("strongest: *6. Code Reviews* (5/5) · weakest: *2. Risk Identification* (2/5)"
            in text)
    assert "Reflected *6 weeks* in a row; this week's keeps it going" in text
    assert "answered *3* of *5* nudges" in text
    assert "The chart of these figures is in our DM." in text

    ((upload, png),) = slack_api.uploaded()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert upload["channel_id"] == "D201"
    (opened,) = slack_api.calls("conversations.open")
    assert opened.body["users"] == ME
    (asked,) = slack_api.calls("files.getUploadURLExternal")
    assert "line charts, one per dimension" in asked.body["alt_txt"]
    assert json.loads(upload["files"])[0]["title"] == (
        "Your self-rating per rotation, 2026-W22 to 2026-W49")
    assert "*1. Understanding the Task*  2 → 3 → 4" in upload["initial_comment"]


def test_the_streak_counts_this_week_once_it_is_written(slack, slack_api, deps, guide):
    for week in (25, 26, 27):  # 27 is this week
        reflect(deps, guide, week, 3)
    assert "Reflected *3 weeks* in a row ·" in shown(ask(slack, slack_api, "progress",
                                                         user_id=ME))
    with deps.sessions.begin() as session:
        session.execute(Delivery.__table__.delete())
    reflect(deps, guide, 20, 3, user_id="U300")  # a gap of six weeks: no streak
    assert "No reflection this week or last" in shown(ask(slack, slack_api, "progress",
                                                          user_id="U300"))


def test_someone_with_no_reflections_is_shown_how_to_start(slack, slack_api, deps, guide):
    reflect(deps, guide, 26, 4, user_id=SOMEONE_ELSE)
    message = ask(slack, slack_api, "progress", user_id=ME)
    blockkit.assert_valid_message(message)
    text = shown(message)
    assert "Your progress starts with your first reflection" in text
    assert "`/techlead subscribe`" in text and "`/techlead reflect &lt;topic&gt;`" in text
    reflect_button = blockkit.button(message, ids.OPEN_REFLECTION)
    assert ReflectTarget.decode(reflect_button["value"]) == ReflectTarget(
        "2026-W49", dimension_for_week(guide, ANCHOR, MONDAY).slug)
    assert slack_api.uploaded() == [] and slack_api.calls("files.getUploadURLExternal") == []


def test_a_chart_that_cannot_be_uploaded_leaves_the_table_saying_so(
        slack, slack_api, deps, guide):
    reflect(deps, guide, 0, 2)
    reflect(deps, guide, 9, 4)
    slack_api.fail("files.getUploadURLExternal", error="access_denied")
    message = ask(slack, slack_api, "progress", user_id=ME)
    blockkit.assert_valid_message(message)
    text = shown(message)
    assert "I couldn't attach the chart just now; the table above has the same figures." in text
    assert trend_of(message, "1. Understanding the Task") == "2 → 4"
    assert "in our DM" not in text
    assert slack_api.uploaded() == []


def test_the_figures_take_the_same_few_queries_for_10_or_100_weeks(deps, guide):
    """Four statements, however long the history: no query per week or dimension."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    counts = []
    for user, weeks in (("U010", 10), ("U100", 100)):
        with deps.sessions.begin() as session:
            ensure_workspace(session, "T111", anchor=MONDAY - timedelta(weeks=100))
            for n in range(weeks):
                save_reflection(session, team_id="T111", user_id=user,
                                week=week_key(MONDAY - timedelta(weeks=n)),
                                dimension=guide.dimensions[n % 9].slug, rating=n % 5 + 1,
                                text="x", sharing=SHARED, now=deps.clock())
        event.listen(deps.engine, "before_cursor_execute", count)
        try:
            with deps.sessions.begin() as session:
                progress = progress_of(session, guide, "T111", user, deps.clock())
        finally:
            event.remove(deps.engine, "before_cursor_execute", count)
        assert progress.reflections == weeks
        counts.append(len(statements))
        statements.clear()
    assert counts == [4, 4]


def _open_home(slack, slack_api, user: str = ME) -> dict:
    body = payloads.event({"type": "app_home_opened", "user": user, "channel": "D201",
                           "tab": "home", "event_ts": "1606810927.510671"})
    assert slack.post(body, content_type="application/json").status == 200
    return view_of(slack_api.wait_for("views.publish")[-1].body)


def test_home_shows_the_last_rotations_extremes_and_the_streak(slack, slack_api, deps, guide):
    reflect(deps, guide, 25, 2)  # delivery
    reflect(deps, guide, 26, 5)  # manager (week 27, this week, is understanding's)
    view = _open_home(slack, slack_api)
    blockkit.assert_valid_view(view)
    text = shown(view)
    assert "*Your progress*" in text
    assert ("strongest: *9. Relationship with Manager* (5/5) · weakest: "
            "*8. Delivery &amp; Closure* (2/5)") in text
    assert "Reflected *2 weeks* in a row" in text
    assert "`/techlead progress` shows every dimension over time" in text


def test_home_has_no_progress_section_before_the_first_reflection(slack, slack_api):
    assert "Your progress" not in shown(_open_home(slack, slack_api))
