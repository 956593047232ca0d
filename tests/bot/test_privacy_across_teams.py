"""A manager sees only what a person wrote while in their team (after accepting): what they
wrote for an earlier manager stays with that manager, in every place a digest shows."""

from __future__ import annotations

import csv
import io
import json

from bot import ids
from bot.values import Numbered
from storage import teams
from storage.models import SHARED
from storage.people import ensure_workspace
from storage.reflections import save_reflection
from tests.fakes.helpers import ask, shown

EARLIER, LATER, MEMBER = "U100", "U300", "U201"
SECRET = "About my previous manager: they keep changing the plan."


def _history(deps, clock) -> int:
    """U201 reflects in U100's team, leaves it a week later, joins U300's; the id of the
    reflection written for U100."""
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=clock().date())
        first = teams.ensure_team(session, "T111", EARLIER, clock())
        teams.invite(session, first, [MEMBER], clock())
        teams.respond(session, first.id, MEMBER, teams.ACTIVE, clock())
        row, _ = save_reflection(session, team_id="T111", user_id=MEMBER, week="2026-W49",
                                 dimension="understanding", rating=2, text=SECRET,
                                 sharing=SHARED, now=clock())
        written = row.id
    clock.advance(days=7)
    with deps.sessions.begin() as session:
        teams.remove(session, first.id, MEMBER)
        later = teams.ensure_team(session, "T111", LATER, clock())
        teams.invite(session, later, [MEMBER], clock())
        teams.respond(session, later.id, MEMBER, teams.ACTIVE, clock())
    return written


def test_the_new_managers_digest_of_a_past_week_leaves_it_out(slack, slack_api, deps, clock):
    _history(deps, clock)
    digest = ask(slack, slack_api, "digest 2026-W49", user_id=LATER)
    assert SECRET not in json.dumps(digest)
    assert "0 of 1 answered" in shown(digest)


def test_read_all_of_an_earlier_reflection_opens_nothing(slack, slack_api, deps, clock):
    written = _history(deps, clock)
    slack.click(ids.READ_REFLECTION, Numbered(written).encode(), user_id=LATER)
    assert deps.background.wait_idle(5)
    assert slack_api.calls("views.open") == []


def test_the_export_leaves_it_out_and_keeps_what_came_after(slack, slack_api, deps, clock):
    _history(deps, clock)
    with deps.sessions.begin() as session:
        save_reflection(session, team_id="T111", user_id=MEMBER, week="2026-W50",
                        dimension="risk", rating=4, text="Written for my new team.",
                        sharing=SHARED, now=clock())
    ask(slack, slack_api, "digest export", user_id=LATER)
    ((_, data),) = slack_api.uploaded()
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert [r[-1] for r in rows[1:]] == ["Written for my new team."]


def test_the_trend_leaves_out_the_earlier_rating(slack, slack_api, deps, clock):
    others = ["U202", "U203", "U204"]  # in U300's team from the start: enough for figures
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=clock().date())
        later = teams.ensure_team(session, "T111", LATER, clock())
        teams.invite(session, later, others, clock())
        for user in others:
            teams.respond(session, later.id, user, teams.ACTIVE, clock())
            save_reflection(session, team_id="T111", user_id=user, week="2026-W49",
                            dimension="understanding", rating=3, text="w", sharing=SHARED,
                            now=clock())
    _history(deps, clock)
    # Nine weeks after W49 the same dimension comes round, and the trend compares with W49.
    clock.advance(weeks=8)
    with deps.sessions.begin() as session:
        for user, rating in ((MEMBER, 4), *((user, 3) for user in others)):
            save_reflection(session, team_id="T111", user_id=user, week="2027-W05",
                            dimension="understanding", rating=rating, text="Better now.",
                            sharing=SHARED, now=clock())
    digest = shown(ask(slack, slack_api, "digest 2027-W05", user_id=LATER))
    # W49's average is 3.0 without U201's 2 (with it, 2.75 and a rise of 0.5).
    assert "*Average*\n3.2 / 5 (▲ +0.2 since 2026-W49)" in digest


def test_after_leaving_the_earlier_manager_no_longer_sees_it_either(slack, slack_api, deps,
                                                                    clock):
    _history(deps, clock)
    ask(slack, slack_api, "digest export", user_id=EARLIER)
    ((_, data),) = slack_api.uploaded()
    assert SECRET not in data.decode()  # they left: nobody's reflections are exported
