"""Teams: invitations, the team list, and every answer of `/techlead team`."""

from __future__ import annotations

import pytest

from bot import ids
from bot.blocks import team
from bot.blocks.mrkdwn import escape, plain
from bot.blocks.sharing import LEVELS, explained
from bot.blocks.team import Problem
from bot.values import Numbered
from tests.blocks.conftest import AMPERSANDS, TRICKY, TRICKY_AS_SENT, users
from tests.fakes import blockkit

MANAGER = "UMANAGER01"


def valid(message: dict, *mentioned: str) -> dict:
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message, set(mentioned))
    return message


def test_the_invitation_says_what_the_manager_sees_with_accept_and_decline():
    message = valid(team.build_invitation(MANAGER, 42, 3), MANAGER)
    assert blockkit.mentioned(message) == {MANAGER}
    accept = blockkit.button(message, ids.ACCEPT_INVITE)
    decline = blockkit.button(message, ids.DECLINE_INVITE)
    assert blockkit.block(message, ids.INVITATION_ACTIONS)["elements"] == [accept, decline]
    assert Numbered.decode(accept["value"]) == Numbered.decode(decline["value"]) == Numbered(42)
    assert accept["style"] == "primary" and "style" not in decline
    shown = blockkit.shown(message)
    assert explained() in shown, "each level: what it shows to whom"
    assert "No team figure is shown from fewer than 3 ratings" in shown
    assert "`/techlead sharing`" in shown
    assert "mark private" not in shown
    assert message["text"] == f"<@{MANAGER}> invited you to their team"


@pytest.mark.parametrize(("floor", "said"), [
    (5, "No team figure is shown from fewer than 5 ratings"),
    (1, "team figures from any number of ratings, even one"),
])
def test_the_invitation_states_the_privacy_floor_it_is_given(floor, said):
    assert said in blockkit.shown(valid(team.build_invitation(MANAGER, 42, floor), MANAGER))


def test_a_managers_first_team_says_what_they_will_and_will_not_see():
    invited = team.build_invited(["U1"], {"U1": None})
    first = valid(team.build_first_team(invited, 4), "U1")
    assert first["blocks"][:len(invited["blocks"])] == invited["blocks"]
    assert first["text"] == invited["text"]
    shown = blockkit.shown(first)
    for level in LEVELS.values():
        assert f"• *{level.name}*: {level.to_manager}" in shown
    assert ("*What you never see:* a private answer's rating or words, anyone's evidence "
            "journal, a team figure from fewer than 4 ratings.") in shown
    assert "*Before a 1:1:* `/techlead prep @member`" in shown
    no_floor = blockkit.shown(valid(team.build_first_team(invited, 1), "U1"))
    assert "fewer than" not in no_floor and "evidence journal." in no_floor


@pytest.mark.parametrize("accepted", [True, False])
def test_the_invitation_answered(accepted):
    note = valid(team.build_invitation_answered(MANAGER, accepted), MANAGER)
    assert note["text"].startswith(f"You joined <@{MANAGER}>'s team ✓" if accepted
                                   else f"You declined <@{MANAGER}>'s invitation.")


def test_no_team_and_in_none():
    note = valid(team.build_team_list(None, [], []))
    assert note["text"] == "You have no team and are in none."


def test_an_empty_team():
    note = valid(team.build_team_list(MANAGER, [], []))
    assert note["blocks"][0]["text"]["text"] == "*Your team* (0 members)\n• nobody yet"
    assert note["text"] == "Your team (0 members)\n• nobody yet"


def test_one_member_of_each_state():
    rows = [("U1", "active"), ("U2", "invited"), ("U3", "declined"), ("U4", "odd"),
            ("U7", "invited-undelivered"), ("U8", "invited-unsent")]
    note = valid(team.build_team_list(MANAGER, rows, ["U5"], ["U6"]),
                 "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8")
    assert note["blocks"][0]["text"]["text"] == (
        "*Your team* (1 member)\n• <@U1> · member\n• <@U2> · invited, not answered yet\n"
        "• <@U3> · declined\n• <@U4> · odd\n"
        f"• <@U7> · {team.STATE_LABELS['invited-undelivered']}\n"
        f"• <@U8> · {team.STATE_LABELS['invited-unsent']}\n\n"
        "*You're in the team of* <@U5>\n\n"
        "*Invitations waiting for your answer* (below, and in your DM with me) from <@U6>")
    assert note["text"] == plain(note["blocks"][0]["text"]["text"])
    assert note["text"].startswith("Your team (1 member)\n• <@U1> · member\n")
    assert "\n\nYou're in the team of <@U5>\n\n" in note["text"]
    two = valid(team.build_team_list(MANAGER, [("U1", "active"), ("U2", "active")], []),
                "U1", "U2")
    assert two["text"].startswith("Your team (2 members)\n")


def test_a_big_team_lists_whom_it_can_and_counts_the_rest():
    members = users(120)
    managers = users(3)
    rows = [(u, "active") for u in members]
    note = valid(team.build_team_list(MANAGER, rows, managers, ["UOTHER"]),
                 *members, "UOTHER")
    text = note["blocks"][0]["text"]["text"]
    assert len(text) <= 3000 and not text.endswith("…"), "fitted, not cut"
    assert text.startswith("*Your team* (120 members)\n")
    listed = [line for line in text.splitlines() if line.endswith("· member")]
    (more,) = [line for line in text.splitlines() if line.startswith("• … and ")]
    assert more == f"• … and {120 - len(listed)} more"
    assert listed == [f"• <@{u}> · member" for u in members[:len(listed)]]
    assert len(listed) > 40
    # The teams the person is in are never crowded out by their own long list.
    assert "*You're in the team of* " + ", ".join(f"<@{m}>" for m in managers) in text
    assert text.endswith("from <@UOTHER>")


def test_a_team_that_just_fits_is_listed_whole():
    rows = [(u, "active") for u in users(50)]
    text = valid(team.build_team_list(MANAGER, rows, []), *users(50))["text"]
    assert "… and" not in text and text.count("· member") == 50


@pytest.mark.parametrize(("kind", "expected"), [
    (team.YOURSELF, "you can't add yourself"),
    (team.ALREADY_INVITED, "<@U1> is already in your team (invited)"),
    (team.ALREADY_MEMBER, "<@U1> is already in your team (a member)"),
    (team.NOT_FOUND, "<@U1> is not someone I can find in this workspace"),
    (team.IS_BOT, "<@U1> is a bot"),
    (team.DEACTIVATED, "<@U1> has been deactivated"),
    (team.NOT_A_MENTION, "“U1” is not a mention (type @ and pick the person)"),
])
def test_each_problem_is_described(kind, expected):
    assert Problem(kind, "U1").describe() == expected


def test_a_word_that_is_not_a_mention_is_quoted_escaped_once_and_clipped():
    described = Problem(team.NOT_A_MENTION, TRICKY_AS_SENT).describe()
    assert described.startswith(f"“{escape(TRICKY[:39])}…” is not a mention")
    assert blockkit.markup_problems(described) == []
    assert Problem(team.NOT_A_MENTION, "&amp;").describe().startswith("“&amp;” is not")
    long = Problem(team.NOT_A_MENTION, escape(AMPERSANDS)).describe()
    assert long.startswith("“" + "&amp;" * 39 + "…”")


def test_nobody_invited_names_every_problem():
    one = valid(team.build_nobody_invited([Problem(team.IS_BOT, "U1")]), "U1")
    assert one["text"] == "Nobody was invited: <@U1> is a bot."
    problems = ([Problem(team.NOT_A_MENTION, TRICKY_AS_SENT)] * 3
                + [Problem(team.NOT_FOUND, u) for u in users(120)])
    many = valid(team.build_nobody_invited(problems), *users(120))
    text = many["blocks"][0]["text"]["text"]
    assert text.startswith("Nobody was invited: “a &amp; b") and text.endswith("…")
    assert many["blocks"][-1]["elements"][0]["text"] == "Fix the list and try again."


def test_invited_everyone_by_dm():
    note = valid(team.build_invited(["U1", "U2"], {"U1": None, "U2": None}), "U1", "U2")
    assert note["text"] == ("Invited <@U1>, <@U2> to your team. Each DM says exactly what "
                            "you will see, with Accept and Decline.\n"
                            "• <@U1>: invited ✓\n• <@U2>: invited ✓")
    assert "appear as invited until they answer" in blockkit.shown(note)
    one = valid(team.build_invited(["U1"], {"U1": None}), "U1")
    assert one["text"].startswith("Invited <@U1> to your team. The DM says exactly")


def test_invited_says_whose_dm_did_not_arrive_and_why():
    outcomes = {"U1": None, "U2": "messages_tab_disabled", "U3": "ratelimited",
                "U4": "TimeoutError", "U5": "weird_error"}
    note = valid(team.build_invited(list(outcomes), outcomes), *outcomes)
    text = note["text"]
    assert "• <@U1>: invited ✓" in text
    assert ("• <@U2>: I couldn't DM them (their Messages tab is off); they can still answer "
            "with `/techlead team`") in blockkit.shown(note)
    assert ("• <@U2>: I couldn't DM them (their Messages tab is off); they can still answer "
            "with /techlead team") in text
    assert "• <@U3>: I couldn't DM them (Slack did not take the message just now)" in text
    assert "• <@U4>: I couldn't DM them (Slack did not take the message just now)" in text
    assert "• <@U5>: I couldn't DM them (Slack said weird_error)" in text
    alone = valid(team.build_invited(["U2"], {"U2": "user_disabled"}), "U2")
    assert alone["text"].startswith("Invited <@U2> to your team.\n• <@U2>: I couldn't DM")


def test_invited_again():
    note = valid(team.build_invited(["U1"], {"U1": None}, again=["U1"]), "U1")
    assert note["text"].startswith("<@U1> was invited already. The DM says")
    assert "• <@U1>: invited before; I sent the invitation again" in note["text"]


@pytest.mark.parametrize("error", [None, "messages_tab_disabled"])
def test_inviting_very_many_is_valid_and_marks_any_cut(error):
    everyone = users(120)
    note = valid(team.build_invited(everyone, dict.fromkeys(everyone, error)), *everyone)
    text = note["blocks"][0]["text"]["text"]
    assert len(text) <= 3000
    assert text.endswith("…") or text.count("• <@") == 120


@pytest.mark.parametrize(("error", "words"), [*team.UNDELIVERED.items(),
                                              ("internal_error", "Slack did not take"),
                                              ("ConnectionResetError", "Slack did not take"),
                                              ("odd", "Slack said odd")])
def test_undelivered_in_words(error, words):
    assert team.undelivered(error).startswith(words)


def test_invitation_buttons_under_the_team_list():
    listing = team.build_team_list(None, [], [], ["U1", "U2"])
    message = valid(team.build_invitation_buttons(listing, [("U1", 7), ("U2", 8)], 3),
                    "U1", "U2")
    assert message["blocks"][:len(listing["blocks"])] == listing["blocks"]
    assert message["text"] == listing["text"]
    explaining = message["blocks"][len(listing["blocks"])]["text"]["text"]
    assert explained() in explaining and "fewer than 3 ratings" in explaining
    for manager, group in (("U1", 7), ("U2", 8)):
        actions = blockkit.block(message, f"{ids.INVITATION_ACTIONS}-{group}")
        above = message["blocks"][message["blocks"].index(actions) - 1]
        assert above["text"]["text"] == f"<@{manager}> invited you to their team."
        accept, decline = actions["elements"]
        assert (accept["action_id"], decline["action_id"]) == (ids.ACCEPT_INVITE,
                                                                ids.DECLINE_INVITE)
        assert Numbered.decode(accept["value"]) == Numbered.decode(decline["value"]) == (
            Numbered(group))


def test_very_many_invitations_stay_within_a_message():
    managers = users(30)
    listing = team.build_team_list(None, [], [], managers)
    message = valid(team.build_invitation_buttons(listing, [(m, n) for n, m in
                                                            enumerate(managers)], 3), *managers)
    assert len(message["blocks"]) <= 50
    # Buttons for the first twenty; the listing above still names every one of them.
    assert blockkit.mentioned(message) == set(managers)


@pytest.mark.parametrize(("removed", "missing", "expected"), [
    (["U1"], [], "Removed <@U1>."),
    ([], ["U2"], "Nobody was removed. Not in your team: <@U2>."),
    (["U1"], ["U2", "U3"], "Removed <@U1>. Not in your team: <@U2>, <@U3>."),
    ([], [], "Nobody was removed."),
])
def test_removed(removed, missing, expected):
    assert valid(team.build_removed(removed, missing), *removed, *missing)["text"] == expected


def test_removing_very_many_is_clipped_with_a_marker_between_mentions():
    everyone = users(240)
    note = valid(team.build_removed(everyone[:120], everyone[120:]), *everyone)
    assert note["text"].endswith("…") and note["text"].startswith("Removed <@U0000000000>, ")


def test_which_team():
    note = valid(team.build_which_team(["U1", "U2"]), "U1", "U2")
    assert note["text"].startswith("You're in several teams: <@U1> or <@U2>. Say which")
    valid(team.build_which_team(users(120)), *users(120))


def test_the_short_answers():
    for message, who in [
        (team.build_add_needs_mentions(), ()), (team.build_remove_needs_mentions(), ()),
        (team.build_no_team_to_remove_from(), ()), (team.build_not_in_a_team(True), ()),
        (team.build_not_in_a_team(False), ()), (team.build_member_left("U1", True), ("U1",)),
        (team.build_member_left("U1", False), ("U1",)), (team.build_left(MANAGER), (MANAGER,)),
        (team.build_team_help(), ()), (team.build_invitation_closed(), ()),
        (team.build_invitation_answer_for_manager("U1", True), ("U1",)),
        (team.build_invitation_answer_for_manager("U1", False), ("U1",)),
    ]:
        valid(message, *who)
    assert team.build_not_in_a_team(True)["text"] == "You're not in a team of theirs."
    assert team.build_member_left("U1", True)["text"] == "<@U1> declined your team invitation."
    assert team.build_member_left("U1", False)["text"] == "<@U1> left your team."
    assert team.TEAM_FORMS in blockkit.shown(team.build_team_help())
    assert team.build_team_help()["blocks"][0]["text"]["text"] == (
        "The team commands are add, remove and leave; `/techlead team` alone lists your team.")
    assert team.build_team_help()["text"] == (
        "The team commands are add, remove and leave; /techlead team alone lists your team.")
    assert team.build_invitation_answer_for_manager("U1", False)["text"] == (
        "<@U1> declined your team invitation.")
