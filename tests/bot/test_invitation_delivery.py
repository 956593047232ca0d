"""Invitations that did not arrive: the manager is told per person who could not be reached
and why; an invitation is never stuck (it can be answered from `/techlead team`, and adding
the person again resends the DM)."""

from __future__ import annotations

import pytest

from bot import ids
from storage import teams
from storage.people import ensure_workspace
from tests.fakes.helpers import ask, shown

MANAGER = "U100"


def _states(deps) -> dict[str, str]:
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, "T111", MANAGER)
        return {m.user_id: m.state for m in teams.members(session, team.id)} if team else {}


def _dms(slack_api, user: str) -> list[dict]:
    return [c.body for c in slack_api.calls("chat.postMessage")
            if c.body["channel"] == user and c.ok]


@pytest.mark.parametrize("failure, said", [
    ({"error": "messages_tab_disabled"}, "their Messages tab is off"),
    ({"error": "cannot_dm_bot"}, "they cannot get DMs from apps"),
    ({"status": 500, "times": 4}, "Slack did not take the message just now"),  # and retries
], ids=["messages-tab-off", "cannot-dm-bot", "http-500"])
def test_the_manager_is_told_who_could_not_be_reached_and_why(slack, slack_api, deps,
                                                              failure, said):
    slack_api.fail("chat.postMessage", **failure)  # the first invitation DM
    reply = shown(ask(slack, slack_api, "team add <@U201> <@U202>", user_id=MANAGER))
    assert f"<@U201>: I couldn't DM them ({said})" in reply
    assert "<@U202>: invited ✓" in reply
    assert "Each DM says" not in reply


def test_an_invitation_that_never_arrived_can_be_answered_from_team(slack, slack_api, deps):
    slack_api.fail("chat.postMessage", error="messages_tab_disabled")
    ask(slack, slack_api, "team add <@U201>", user_id=MANAGER)
    listing = ask(slack, slack_api, "team", user_id="U201")
    assert f"<@{MANAGER}> invited you to their team." in shown(listing)
    accept = [e for b in listing["blocks"] if b["type"] == "actions"
              for e in b["elements"] if e["action_id"] == ids.ACCEPT_INVITE]
    assert len(accept) == 1
    reply = slack.click(ids.ACCEPT_INVITE, accept[0]["value"], user_id="U201",
                        response_url=slack_api.response_url("acc"))
    assert reply.status == 200
    (joined,) = slack_api.wait_for("response:acc")
    assert f"You joined <@{MANAGER}>'s team ✓" in shown(joined.body)
    assert _states(deps) == {"U201": teams.ACTIVE}


def test_the_managers_list_says_which_invitations_did_not_arrive(slack, slack_api, deps):
    slack_api.fail("chat.postMessage", error="messages_tab_disabled")
    ask(slack, slack_api, "team add <@U201>", user_id=MANAGER)
    assert "invited, but the DM did not arrive" in shown(
        ask(slack, slack_api, "team", user_id=MANAGER))


def test_adding_someone_already_invited_sends_the_invitation_again(slack, slack_api, deps,
                                                                   clock):
    ask(slack, slack_api, "team add <@U201>", user_id=MANAGER)
    clock.advance(minutes=5)
    reply = shown(ask(slack, slack_api, "team add <@U201>", user_id=MANAGER))
    assert "invited before; I sent the invitation again" in reply
    assert len(_dms(slack_api, "U201")) == 2
    assert _states(deps) == {"U201": teams.INVITED}


def test_an_invitation_left_unsent_by_a_crash_is_shown_and_sent_on_the_next_add(
        slack, slack_api, deps):
    # As a worker killed between recording invitations and DMing them leaves them.
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=deps.clock().date())
        team = teams.ensure_team(session, "T111", MANAGER, deps.clock())
        teams.invite(session, team, ["U201"], deps.clock())
    assert "invited, no DM sent yet" in shown(ask(slack, slack_api, "team", user_id=MANAGER))
    ask(slack, slack_api, "team add <@U201>", user_id=MANAGER)
    assert len(_dms(slack_api, "U201")) == 1
    assert "invited, not answered yet" in shown(ask(slack, slack_api, "team", user_id=MANAGER))
