"""Teams by invitation: `/techlead team add|remove|leave`, the invitation DM and its buttons,
through signed HTTP."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot import ids
from bot.blocks.sharing import explained
from storage import teams
from storage.models import Membership, Person, Team
from storage.people import ensure_person, ensure_workspace, find_person
from tests.fakes import blockkit
from tests.fakes.helpers import ask, click_in_dm, dms_to, shown
from tests.fakes.seeding import MANAGER, MONDAY, seed_team


# -- helpers -------------------------------------------------------------------------------
def states(deps, team_id: str = "T111", manager: str = MANAGER) -> dict[str, str]:
    """user_id -> membership state in `manager`'s team ({} when there is no team)."""
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, team_id, manager)
        return {m.user_id: m.state for m in teams.members(session, team.id)} if team else {}


def count(deps, model) -> int:
    with deps.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(model))


def person(deps, user_id: str, team_id: str = "T111") -> Person | None:
    with deps.sessions.begin() as session:
        return find_person(session, team_id, user_id)


def buttons(message: dict) -> list[dict]:
    return [el for block in message.get("blocks", []) if block["type"] == "actions"
            for el in block["elements"] if el["type"] == "button"]


def invite(slack, slack_api, *users: str, manager: str = MANAGER) -> dict:
    text = "team add " + " ".join(f"<@{u}|name{u.lower()}>" for u in users)
    return ask(slack, slack_api, text, user_id=manager)


def invitation_for(slack_api, user_id: str) -> dict:
    (message,) = [m for m in dms_to(slack_api, user_id) if buttons(m)]
    return message


# -- inviting ------------------------------------------------------------------------------
def test_team_add_sends_each_invitee_a_dm_with_what_the_manager_sees(slack, slack_api, deps):
    reply = shown(invite(slack, slack_api, "U201", "U202"))
    assert "Invited <@U201>, <@U202> to your team" in reply
    for user in ("U201", "U202"):
        message = invitation_for(slack_api, user)
        text = shown(message)
        assert f"<@{MANAGER}> invited you to their team" in text
        assert explained() in text, "what each level shows to whom"
        assert "No team figure is shown from fewer than 3 ratings" in text  # the setting
        assert "`/techlead sharing`" in text
        assert "`/techlead team leave`" in text
        accept, decline = buttons(message)
        assert (accept["action_id"], accept["text"]["text"]) == (ids.ACCEPT_INVITE, "Accept")
        assert (decline["action_id"], decline["text"]["text"]) == (ids.DECLINE_INVITE,
                                                                   "Decline")
        assert accept["value"] == decline["value"]
        assert blockkit.problems(message) == []
    assert states(deps) == {"U201": teams.INVITED, "U202": teams.INVITED}
    assert dms_to(slack_api, MANAGER) == []
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, "T111", MANAGER)
        assert buttons(invitation_for(slack_api, "U201"))[0]["value"] == str(team.id)


def test_only_the_first_team_add_explains_what_the_manager_will_see(slack, slack_api):
    first = shown(invite(slack, slack_api, "U201"))
    assert "*What you will see.* Each member picks, for each answer" in first
    assert "• *Share my rating only*: their rating, never their words" in first
    assert "*What you never see:* a private answer's rating or words" in first
    assert "fewer than 3 ratings" in first
    assert "`/techlead prep @member`" in first
    for again in (invite(slack, slack_api, "U202"), invite(slack, slack_api, "U201")):
        assert "What you will see" not in shown(again)
    assert "What you will see" in shown(invite(slack, slack_api, "U203", manager="U101"))


class TestAWorkspaceWithAFloorOfFive:
    @pytest.fixture
    def settings(self, settings):
        """PRIVACY_MIN_ANSWERS=5."""
        return replace(settings, privacy_min_answers=5)

    def test_the_invitation_and_the_first_team_say_five(self, slack, slack_api):
        assert "fewer than 5 ratings" in shown(invite(slack, slack_api, "U201"))
        assert "No team figure is shown from fewer than 5 ratings" in shown(
            invitation_for(slack_api, "U201"))
        waiting = shown(ask(slack, slack_api, "team", user_id="U201"))
        assert explained() in waiting and "fewer than 5 ratings" in waiting


def test_team_lists_the_invited_as_invited(slack, slack_api):
    invite(slack, slack_api, "U201", "U202")
    listing = shown(ask(slack, slack_api, "team", user_id=MANAGER))
    assert "*Your team* (0 members)" in listing
    assert "<@U201> · invited, not answered yet" in listing
    assert "<@U202> · invited, not answered yet" in listing


def test_accepting_joins_subscribes_replaces_the_invitation_and_tells_the_manager(
        slack, slack_api, deps):
    slack_api.add_user("U201", tz="Europe/Berlin")
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[0]["value"]
    answer = click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U201")
    assert answer["replace_original"] is True
    text = shown(answer)
    assert f"You joined <@{MANAGER}>'s team" in text
    assert "you're subscribed to weekly reflections" in text
    assert "`/techlead team leave`" in text
    assert states(deps) == {"U201": teams.ACTIVE}
    joined = person(deps, "U201")
    assert joined.subscribed and joined.timezone == "Europe/Berlin"
    slack_api.wait_for("chat.postMessage", 2)
    (told,) = dms_to(slack_api, MANAGER)
    assert "<@U201> accepted your team invitation" in shown(told)
    listing = shown(ask(slack, slack_api, "team", user_id=MANAGER))
    assert "*Your team* (1 member)" in listing and "<@U201> · member" in listing
    assert f"*You're in the team of* <@{MANAGER}>" in shown(
        ask(slack, slack_api, "team", user_id="U201"))


def test_declining_subscribes_nobody_and_tells_the_manager(slack, slack_api, deps):
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[1]["value"]
    answer = click_in_dm(slack, slack_api, ids.DECLINE_INVITE, value, user_id="U201")
    assert answer["replace_original"] is True
    assert f"You declined <@{MANAGER}>'s invitation" in shown(answer)
    assert states(deps) == {"U201": teams.DECLINED}
    assert person(deps, "U201") is None
    slack_api.wait_for("chat.postMessage", 2)
    (told,) = dms_to(slack_api, MANAGER)
    assert "<@U201> declined your team invitation" in shown(told)
    assert "<@U201> · declined" in shown(ask(slack, slack_api, "team", user_id=MANAGER))


def test_a_changed_answer_is_refused_and_the_same_one_shown_again(slack, slack_api, deps):
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[0]["value"]
    click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U201")
    slack_api.wait_for("chat.postMessage", 2)
    again = click_in_dm(slack, slack_api, ids.DECLINE_INVITE, value, user_id="U201")
    assert "no longer open" in shown(again)
    assert states(deps) == {"U201": teams.ACTIVE}
    twice = click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U201")
    assert f"You joined <@{MANAGER}>'s team ✓" in shown(twice)
    assert len(dms_to(slack_api, MANAGER)) == 1


def test_someone_elses_or_a_foreign_invitation_button_changes_nothing(slack, slack_api, deps):
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[0]["value"]
    answer = click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U999")
    assert "no longer open" in shown(answer)
    # A made-up team id, and the right one clicked from another workspace (teams are
    # scoped by workspace), are no invitation either.
    answer = click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, str(int(value) + 1), user_id="U201")
    assert "no longer open" in shown(answer)
    answer = click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U201",
                   team_id="T222")
    assert "no longer open" in shown(answer)
    assert states(deps) == {"U201": teams.INVITED}
    assert person(deps, "U999") is None and person(deps, "U201") is None
    assert person(deps, "U201", "T222") is None
    assert dms_to(slack_api, MANAGER) == []


def test_an_invalid_list_is_refused_naming_every_problem_and_nobody_is_invited(
        slack, slack_api, deps):
    seed_team(deps, members=["U207"], invited=["U205"])
    slack_api.fail("users.info", error="user_not_found")  # the first one looked up: U203
    slack_api.add_user("U204", is_bot=True)
    slack_api.add_user("U206", deleted=True)
    reply = shown(ask(slack, slack_api,
                      f"team add <@U203> <@U201|ann> <@U204|robot> <@{MANAGER}> <@U205> "
                      "<@U206|gone> <@UBOT|techlead-coach> <@U207>", user_id=MANAGER))
    assert "Nobody was invited" in reply
    assert "<@U203> is not someone I can find" in reply
    assert "<@U204> is a bot" in reply
    assert "you can't add yourself" in reply
    assert "<@U206> has been deactivated" in reply
    assert "<@UBOT> is a bot" in reply
    assert "<@U207> is already in your team (a member)" in reply
    assert "<@U201>" not in reply, "the valid one is not named as a problem"
    assert states(deps) == {"U205": teams.INVITED, "U207": teams.ACTIVE}, \
        "not even the valid one was invited"
    assert slack_api.calls("chat.postMessage") == []


def test_team_add_without_a_mention_explains_how_to_mention(slack, slack_api, deps):
    reply = shown(ask(slack, slack_api, "team add bob", user_id=MANAGER))
    assert "Mention the people to invite" in reply
    assert count(deps, Team) == 0 and count(deps, Membership) == 0
    assert slack_api.calls("chat.postMessage") == []


def test_a_plain_name_next_to_a_mention_is_refused_not_silently_dropped(slack, slack_api,
                                                                         deps):
    """`bob` typed without picking him is a problem like any other: nobody is invited."""
    reply = shown(ask(slack, slack_api, "team add <@U201|ann> bob", user_id=MANAGER))
    assert "bob" in reply
    assert states(deps) == {}
    assert slack_api.calls("chat.postMessage") == []


def test_someone_who_declined_can_be_invited_again(slack, slack_api, deps):
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[1]["value"]
    click_in_dm(slack, slack_api, ids.DECLINE_INVITE, value, user_id="U201")
    slack_api.wait_for("chat.postMessage", 2)
    assert "Invited <@U201>" in shown(invite(slack, slack_api, "U201"))
    assert states(deps) == {"U201": teams.INVITED}
    assert len([m for m in dms_to(slack_api, "U201") if buttons(m)]) == 2


def test_an_invitee_who_cannot_be_dmed_is_named_to_the_manager(slack, slack_api, deps):
    slack_api.fail("chat.postMessage", error="messages_tab_disabled")
    reply = shown(invite(slack, slack_api, "U201"))
    assert "<@U201>: I couldn't DM them (their Messages tab is off)" in reply
    assert states(deps) == {"U201": teams.INVITED}


def test_a_manager_has_one_team_per_workspace(slack, slack_api, deps):
    invite(slack, slack_api, "U201")
    invite(slack, slack_api, "U202")
    assert count(deps, Team) == 1
    assert states(deps) == {"U201": teams.INVITED, "U202": teams.INVITED}
    values = {buttons(invitation_for(slack_api, u))[0]["value"] for u in ("U201", "U202")}
    assert len(values) == 1


def test_the_accept_confirmation_states_the_persons_real_schedule(slack, slack_api, deps):
    """Someone already subscribed on Tuesdays 09:30 is not told their prompt comes Monday."""
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=MONDAY)
        someone = ensure_person(session, "T111", "U201")
        someone.subscribed, someone.nudge_weekday, someone.nudge_minute = True, 1, 9 * 60 + 30
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[0]["value"]
    text = shown(click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U201"))
    assert "Monday 10:00" not in text
    joined = person(deps, "U201")
    assert (joined.nudge_weekday, joined.nudge_minute) == (1, 9 * 60 + 30)


# -- removing and leaving ------------------------------------------------------------------
def test_team_remove_takes_members_out_and_names_who_was_not_in(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202"])
    reply = shown(ask(slack, slack_api, "team remove <@U201|ann> <@U209>", user_id=MANAGER))
    assert "Removed <@U201>." in reply
    assert "Not in your team: <@U209>." in reply
    assert states(deps) == {"U202": teams.ACTIVE}


def test_team_remove_by_someone_without_a_team(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    reply = shown(ask(slack, slack_api, "team remove <@U202>", user_id="U201"))
    assert "You don't manage a team." in reply
    assert states(deps) == {"U201": teams.ACTIVE}


def test_team_leave_removes_the_member_and_tells_the_manager(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202"])
    reply = shown(ask(slack, slack_api, "team leave", user_id="U201"))
    assert f"You left <@{MANAGER}>'s team" in reply
    assert states(deps) == {"U202": teams.ACTIVE}
    (told,) = dms_to(slack_api, MANAGER)
    assert "<@U201> left your team." in shown(told)
    assert "You're not in a team." in shown(ask(slack, slack_api, "team leave",
                                                user_id="U201"))


def test_someone_in_two_teams_must_say_which_to_leave(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    seed_team(deps, manager="U300", members=["U201"])
    reply = shown(ask(slack, slack_api, "team leave", user_id="U201"))
    assert "several teams" in reply
    assert MANAGER in reply and "U300" in reply
    assert states(deps) == {"U201": teams.ACTIVE}
    assert states(deps, manager="U300") == {"U201": teams.ACTIVE}
    assert slack_api.calls("chat.postMessage") == []
    reply = shown(ask(slack, slack_api, "team leave <@U300|carol>", user_id="U201"))
    assert "You left <@U300>'s team" in reply
    assert states(deps, manager="U300") == {}
    assert states(deps) == {"U201": teams.ACTIVE}
    (told,) = dms_to(slack_api, "U300")
    assert "<@U201> left your team." in shown(told)
    assert dms_to(slack_api, MANAGER) == []


def test_the_teams_to_choose_from_name_their_managers_as_mentions(slack, slack_api, deps):
    """Slack shows `<@U300>` as the person's name; a bare `@U300` means nothing to anyone."""
    seed_team(deps, members=["U201"])
    seed_team(deps, manager="U300", members=["U201"])
    reply = shown(ask(slack, slack_api, "team leave", user_id="U201"))
    assert f"<@{MANAGER}>" in reply and "<@U300>" in reply


def test_an_invitation_withdrawn_by_team_remove_can_no_longer_be_accepted(slack, slack_api,
                                                                         deps):
    invite(slack, slack_api, "U201")
    value = buttons(invitation_for(slack_api, "U201"))[0]["value"]
    assert "Removed <@U201>." in shown(ask(slack, slack_api, "team remove <@U201>",
                                           user_id=MANAGER))
    answer = click_in_dm(slack, slack_api, ids.ACCEPT_INVITE, value, user_id="U201")
    assert "no longer open" in shown(answer)
    assert states(deps) == {}
    assert person(deps, "U201") is None


def test_leaving_a_team_of_someone_you_are_not_with(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    reply = shown(ask(slack, slack_api, "team leave <@U300>", user_id="U201"))
    assert "You're not in a team of theirs." in reply
    assert states(deps) == {"U201": teams.ACTIVE}


def test_teams_in_another_workspace_are_invisible(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    other = shown(ask(slack, slack_api, "team", user_id=MANAGER, team_id="T222"))
    assert "You have no team and are in none." in other
    assert "U201" not in other
    assert "You're not in a team." in shown(
        ask(slack, slack_api, "team leave", user_id="U201", team_id="T222"))
    assert "You don't manage a team." in shown(
        ask(slack, slack_api, "team remove <@U201>", user_id=MANAGER, team_id="T222"))
    assert states(deps) == {"U201": teams.ACTIVE}
    assert slack_api.calls("chat.postMessage") == []
    # And a team made there is another team, with nobody from this one in it.
    invite_reply = shown(ask(slack, slack_api, "team add <@U202>", user_id=MANAGER,
                             team_id="T222"))
    assert "Invited <@U202>" in invite_reply
    assert states(deps, team_id="T222") == {"U202": teams.INVITED}
    assert states(deps) == {"U201": teams.ACTIVE}


def test_team_without_a_team_and_unknown_team_commands_say_what_to_type(slack, slack_api,
                                                                       deps):
    reply = shown(ask(slack, slack_api, "team", user_id="U201"))
    assert "You have no team and are in none." in reply
    assert "`/techlead team add @alice @bob`" in reply
    reply = shown(ask(slack, slack_api, "team frobnicate <@U201>", user_id=MANAGER))
    assert "`/techlead team add @alice @bob`" in reply
    assert count(deps, Team) == 0 and count(deps, Membership) == 0
