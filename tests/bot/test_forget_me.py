"""`/techlead forget-me`: a confirmation first, then everything about the person is deleted,
through signed HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot import ids
from storage import deliveries, teams
from storage.models import SHARED, Delivery, Membership, Person, Reflection, Team
from storage.people import ensure_person, ensure_workspace
from storage.reflections import save_reflection
from tests.fakes import blockkit
from tests.fakes.helpers import ask, click, shown
from tests.fakes.seeding import MANAGER, MONDAY

W49, W40 = "2026-W49", "2026-W40"


def seed(deps, team_id: str = "T111") -> None:
    """U100 manages U201 and U202; U201 is also in U300's team; everyone has reflected, has
    settings and has had a message delivered."""
    now = deps.clock()
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=MONDAY)
        for manager, members in ((MANAGER, ["U201", "U202"]), ("U300", ["U201", "U100"])):
            team = teams.ensure_team(session, team_id, manager, now)
            teams.invite(session, team, members, now)
            for user in members:
                teams.respond(session, team.id, user, teams.ACTIVE, now)
        for user in ("U100", "U201", "U202", "U300"):
            ensure_person(session, team_id, user).subscribed = True
            for week in (W49, W40):
                save_reflection(session, team_id=team_id, user_id=user, week=week,
                                dimension="understanding", rating=4,
                                text=f"{user}-{team_id}-{week} words", sharing=SHARED, now=now)
            deliveries.claim(session, team_id=team_id, user_id=user, kind="nudge", week=W49,
                             dimension="understanding", owner="test", now=now)


def held(deps, user_id: str, team_id: str = "T111") -> dict[str, int]:
    """How many rows of each kind still concern `user_id` in workspace `team_id`."""
    with deps.sessions.begin() as session:
        def rows(model, column):
            return session.scalar(select(func.count()).select_from(model).where(
                model.team_id == team_id, column == user_id))
        return {"reflections": rows(Reflection, Reflection.user_id),
                "memberships": rows(Membership, Membership.user_id),
                "team": rows(Team, Team.manager_id),
                "deliveries": rows(Delivery, Delivery.user_id),
                "person": rows(Person, Person.user_id)}


def members_of(deps, manager: str, team_id: str = "T111") -> list[str] | None:
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, team_id, manager)
        return [m.user_id for m in teams.members(session, team.id)] if team else None


def confirmation(slack, slack_api, user_id: str) -> tuple[dict, dict, dict]:
    message = ask(slack, slack_api, "forget-me", user_id=user_id)
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    confirm, cancel = actions["elements"]
    return message, confirm, cancel


EVERYTHING = {"reflections": 2, "memberships": 1, "team": 0, "deliveries": 1, "person": 1}


def test_forget_me_asks_for_confirmation_and_cancel_deletes_nothing(slack, slack_api, deps):
    seed(deps)
    message, confirm, cancel = confirmation(slack, slack_api, "U201")
    text = shown(message)
    assert "deletes, for good" in text
    assert "reflections" in text and "team memberships" in text
    assert (confirm["action_id"], confirm["value"]) == (ids.FORGET_CONFIRM, "U201")
    assert confirm["style"] == "danger"
    assert cancel["action_id"] == ids.FORGET_CANCEL
    assert blockkit.problems(message) == []
    answer = click(slack, slack_api, ids.FORGET_CANCEL, cancel["value"], user_id="U201")
    assert answer["replace_original"] is True
    assert "Nothing was deleted." in shown(answer)
    assert held(deps, "U201") == {**EVERYTHING, "memberships": 2}


def test_confirming_deletes_everything_about_the_member(slack, slack_api, deps):
    seed(deps)
    seed(deps, team_id="T222")
    _, confirm, _ = confirmation(slack, slack_api, "U201")
    answer = click(slack, slack_api, ids.FORGET_CONFIRM, confirm["value"], user_id="U201")
    assert answer["replace_original"] is True
    text = shown(answer)
    assert "Done: deleted 2 reflections, 2 team memberships and your settings." in text
    assert "Managers' digests no longer include you." in text
    assert held(deps, "U201") == dict.fromkeys(EVERYTHING, 0)
    assert members_of(deps, MANAGER) == ["U202"]
    assert members_of(deps, "U300") == ["U100"]
    # Nobody else's data, and nothing in another workspace, is touched.
    assert held(deps, "U202") == EVERYTHING
    assert held(deps, "U201", "T222") == {**EVERYTHING, "memberships": 2}


def test_confirming_as_a_manager_deletes_their_team_too(slack, slack_api, deps):
    seed(deps)
    _, confirm, _ = confirmation(slack, slack_api, MANAGER)
    answer = click(slack, slack_api, ids.FORGET_CONFIRM, confirm["value"], user_id=MANAGER)
    assert ("Done: deleted 2 reflections, 1 team membership, your team and your "
            "settings.") in shown(answer)
    assert held(deps, MANAGER) == dict.fromkeys(EVERYTHING, 0)
    assert members_of(deps, MANAGER) is None
    assert members_of(deps, "U300") == ["U201"]
    # Their members keep their own reflections and settings.
    assert held(deps, "U202") == {**EVERYTHING, "memberships": 0}
    assert "you don't manage a team yet" in shown(ask(slack, slack_api, "digest",
                                                      user_id=MANAGER))


def test_a_confirmation_clicked_by_someone_else_deletes_nothing(slack, slack_api, deps):
    seed(deps)
    _, confirm, _ = confirmation(slack, slack_api, "U201")
    answer = click(slack, slack_api, ids.FORGET_CONFIRM, confirm["value"], user_id="U202")
    assert "This confirmation was not yours." in shown(answer)
    assert held(deps, "U201") == {**EVERYTHING, "memberships": 2}
    assert held(deps, "U202") == EVERYTHING


def test_after_forget_me_the_managers_digest_no_longer_contains_them(slack, slack_api,
                                                                       deps):
    seed(deps)
    before = ask(slack, slack_api, "digest", user_id=MANAGER)
    assert "U201-T111-2026-W49 words" in shown(before)
    assert "2 of 2 answered" in shown(before)
    _, confirm, _ = confirmation(slack, slack_api, "U201")
    click(slack, slack_api, ids.FORGET_CONFIRM, confirm["value"], user_id="U201")
    after = ask(slack, slack_api, "digest", user_id=MANAGER)
    raw = json.dumps(after)
    assert "U201" not in raw
    assert "1 of 1 answered" in shown(after) and "your team of 1" in shown(after)
    assert "U202-T111-2026-W49 words" in shown(after)


def test_forget_me_for_someone_the_bot_does_not_know(slack, slack_api, deps):
    seed(deps)
    _, confirm, _ = confirmation(slack, slack_api, "U999")
    answer = click(slack, slack_api, ids.FORGET_CONFIRM, confirm["value"], user_id="U999")
    assert "Done: deleted 0 reflections, 0 team memberships" in shown(answer)
    assert held(deps, "U201") == {**EVERYTHING, "memberships": 2}


def test_a_forgotten_manager_gets_no_more_digests(slack, slack_api, deps, dispatcher, clock):
    seed(deps)
    _, confirm, _ = confirmation(slack, slack_api, MANAGER)
    click(slack, slack_api, ids.FORGET_CONFIRM, confirm["value"], user_id=MANAGER)
    clock.set(datetime(2026, 12, 4, 16, 0, tzinfo=UTC))
    dispatcher.tick(kinds=frozenset({"digest"}))
    sent_to = [c.body["channel"] for c in slack_api.delivered("chat.postMessage")]
    assert sent_to == ["U300"]
