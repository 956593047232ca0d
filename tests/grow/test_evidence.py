"""The evidence journal's input, over HTTP against the live bot: the "Save as evidence"
message shortcut opens a modal on the message (a suggested dimension, its link, its text
capped), a valid submission is stored (a second one on the same message updates it), bad
input is refused inline; `/techlead evidence <topic> <text>` adds a note. Evidence is its
owner's alone: never in a manager's digest or export; forget-me deletes it."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot import ids
from bot.blocks.evidence_modal import MESSAGE_TEXT_MAX, NOTE_MAX, SHORTCUT_NAME
from bot.grow.evidence import suggest
from bot.playground.payloads import new_trigger_id
from bot.values import EvidenceMetadata, ForgetConfirmation
from storage.models import SHARED, Evidence
from storage.people import ensure_workspace
from storage.reflections import save_reflection
from tests.fakes import blockkit, payloads
from tests.fakes.helpers import ask, click, shown, view_of
from tests.fakes.seeding import MANAGER, MONDAY, seed_team

ME, CHANNEL, TS = "U111", "C0123456789", "1764720000.000100"
LINK = f"https://test.slack.com/archives/{CHANNEL}/p1764720000000100"
RISKY = "I listed the risks of the migration before we started, with an owner for each."


# -- helpers -------------------------------------------------------------------------------
def message_action(message: dict, *, user_id: str = ME, team_id: str = "T111",
                   channel_id: str = CHANNEL, response_url: str = "") -> bytes:
    """A message shortcut's request, shaped like Slack's message_action payload (bolt-js
    MessageShortcut; docs.slack.dev interaction payloads for shortcuts)."""
    return payloads.form_payload({
        "type": "message_action", "token": "verification_token",
        "action_ts": "1764720100.000001", "callback_id": ids.EVIDENCE_SHORTCUT,
        "trigger_id": new_trigger_id(), "message_ts": message.get("ts"),
        "response_url": response_url,
        "team": {"id": team_id, "domain": "test-domain"},
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": team_id},
        "channel": {"id": channel_id, "name": "general"},
        "is_enterprise_install": False, "enterprise": None, "message": message,
    })


def a_message(text: str | None = RISKY, ts: str = TS, **more) -> dict:
    message = {"type": "message", "user": "U222", "ts": ts, "team": "T111", **more}
    if text is not None:
        message["text"] = text
    return message


def use_shortcut(slack, slack_api, message: dict | None = None, *, user_id: str = ME,
                 link: str | None = LINK, name: str = "sc", **kwargs) -> dict:
    """Use the shortcut on `message`; the modal it opened (views.open's view)."""
    if link:
        slack_api.respond_with("chat.getPermalink", {"ok": True, "channel": CHANNEL,
                                                     "permalink": link})
    before = len(slack_api.calls("views.open"))
    reply = slack.post(message_action(message or a_message(), user_id=user_id,
                                      response_url=slack_api.response_url(name), **kwargs))
    assert (reply.status, reply.body) == (200, b"")
    opened = slack_api.wait_for("views.open", before + 1)
    view = view_of(opened[-1].body)
    blockkit.assert_valid_view(view)
    return view


def values(dimension: str | None = "risk", note: str | None = "I wrote the rollback plan.") -> dict:
    option = {"text": {"type": "plain_text", "text": "x"}, "value": dimension} \
        if dimension else None
    return {
        ids.EVIDENCE_DIMENSION_BLOCK: {ids.EVIDENCE_DIMENSION_ACTION: {
            "type": "static_select", "selected_option": option}},
        ids.EVIDENCE_NOTE_BLOCK: {ids.EVIDENCE_NOTE_ACTION: {
            "type": "plain_text_input", "value": note}},
    }


def submit(slack, view_or_metadata, *, user_id: str = ME, team_id: str = "T111", **kwargs):
    metadata = view_or_metadata if isinstance(view_or_metadata, str) \
        else view_or_metadata["private_metadata"]
    return slack.post(payloads.view_submission(
        callback_id=ids.EVIDENCE_VIEW, private_metadata=metadata, values=values(**kwargs),
        user_id=user_id, team_id=team_id))


def entries(deps) -> list[Evidence]:
    with deps.sessions.begin() as session:
        return list(session.scalars(select(Evidence).order_by(Evidence.id)))


def element(view: dict, block_id: str) -> dict:
    return blockkit.block(view, block_id)["element"]


# -- the shortcut and its modal ------------------------------------------------------------
def test_the_shortcut_opens_a_modal_on_the_message_with_a_suggested_dimension(
        slack, slack_api, deps):
    view = use_shortcut(slack, slack_api)
    (asked,) = slack_api.calls("chat.getPermalink")
    assert (asked.body["channel"], asked.body["message_ts"]) == (CHANNEL, TS)
    assert view["callback_id"] == ids.EVIDENCE_VIEW
    assert element(view, ids.EVIDENCE_DIMENSION_BLOCK)["initial_option"]["value"] == "risk"
    assert f"<{LINK}|open it>" in blockkit.shown(view)
    assert "I listed the risks of the migration" in blockkit.shown(view)
    meta = EvidenceMetadata.decode(view["private_metadata"])
    assert (meta.team_id, meta.user_id, meta.channel_id, meta.message_ts) == (
        "T111", ME, CHANNEL, TS)
    assert (meta.permalink, meta.message_text, meta.cut) == (LINK, RISKY, False)
    assert entries(deps) == [], "nothing is kept until the person saves"


def test_saving_keeps_the_message_its_link_and_the_note_and_confirms_to_the_person(
        slack, slack_api, deps):
    view = use_shortcut(slack, slack_api)
    reply = submit(slack, view, dimension="risk", note="I asked who owns each risk.")
    assert (reply.status, reply.body) == (200, b"")
    (entry,) = entries(deps)
    assert (entry.team_id, entry.user_id, entry.dimension) == ("T111", ME, "risk")
    assert (entry.note, entry.message_text, entry.permalink) == (
        "I asked who owns each risk.", RISKY, LINK)
    assert (entry.channel_id, entry.message_ts) == (CHANNEL, TS)
    (confirmed,) = slack_api.wait_for("response:sc")
    assert confirmed.body["response_type"] == "ephemeral"
    assert "Saved to your journal under *2. Risk Identification* ✓" in shown(confirmed.body)


def test_a_second_shortcut_on_the_same_message_is_prefilled_and_updates_the_entry(
        slack, slack_api, deps):
    submit(slack, use_shortcut(slack, slack_api), dimension="risk", note="First take.")
    assert deps.background.wait_idle(5)
    again = use_shortcut(slack, slack_api, a_message(RISKY + " (edited)"), name="sc2")
    assert again["submit"]["text"] == "Save changes"
    assert element(again, ids.EVIDENCE_DIMENSION_BLOCK)["initial_option"]["value"] == "risk"
    assert element(again, ids.EVIDENCE_NOTE_BLOCK)["initial_value"] == "First take."
    assert "saving again updates that entry" in blockkit.shown(again)
    submit(slack, again, dimension="communication", note="Second take.")
    (entry,) = entries(deps)
    assert (entry.dimension, entry.note, entry.message_text) == (
        "communication", "Second take.", RISKY + " (edited)")
    (confirmed,) = slack_api.wait_for("response:sc2")
    assert "Updated in your journal" in shown(confirmed.body)


def test_two_saves_of_one_message_racing_each_other_leave_one_entry(slack, slack_api, deps):
    metadata = use_shortcut(slack, slack_api)["private_metadata"]
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(lambda n: submit(slack, metadata, note=f"take {n}"), range(4)))
    assert [(r.status, r.body) for r in replies] == [(200, b"")] * 4, "every save succeeds"
    (entry,) = entries(deps)
    assert entry.note in {f"take {n}" for n in range(4)}


def test_someone_else_saving_the_same_message_gets_an_entry_of_their_own(
        slack, slack_api, deps):
    submit(slack, use_shortcut(slack, slack_api), note="mine")
    theirs = use_shortcut(slack, slack_api, user_id="U222", name="sc2")
    assert "initial_value" not in element(theirs, ids.EVIDENCE_NOTE_BLOCK), "not mine, prefilled"
    submit(slack, theirs, user_id="U222", note="theirs")
    assert sorted((e.user_id, e.note) for e in entries(deps)) == [("U111", "mine"),
                                                                  ("U222", "theirs")]


@pytest.mark.parametrize("message", [
    a_message("", files=[{"id": "F0123", "name": "design.png"}], upload=True),
    a_message(None, subtype="bot_message", bot_id="B0123",
              attachments=[{"fallback": "Deploy finished", "text": "Deploy finished"}]),
], ids=["a file", "an attachment-only bot message"])
def test_a_message_without_text_is_saved_with_a_note_which_it_needs(
        slack, slack_api, deps, message):
    view = use_shortcut(slack, slack_api, message)
    assert blockkit.block(view, ids.EVIDENCE_NOTE_BLOCK)["optional"] is False
    assert "has no text I can keep" in blockkit.shown(view)
    refused = submit(slack, view, note="   ")
    assert refused.json == {"response_action": "errors", "errors": {
        ids.EVIDENCE_NOTE_BLOCK: "This message has no text to keep, so write a line on what "
                                 "it shows."}}
    assert entries(deps) == []
    submit(slack, view, note="The design I drew for the rollout.")
    (entry,) = entries(deps)
    assert (entry.message_text, entry.note) == (None, "The design I drew for the rollout.")


def test_a_message_with_text_needs_no_note(slack, slack_api, deps):
    assert submit(slack, use_shortcut(slack, slack_api), note=None).status == 200
    (entry,) = entries(deps)
    assert (entry.note, entry.message_text) == ("", RISKY)


@pytest.mark.parametrize("text", ["word " * 4000, "\"\\" * 3000],
                         ids=["long", "long and all escapes"])
def test_a_very_long_message_is_kept_capped_and_the_modal_says_so(slack, slack_api, deps,
                                                                   text):
    view = use_shortcut(slack, slack_api, a_message(text))
    assert len(view["private_metadata"]) <= 3000
    kept = EvidenceMetadata.decode(view["private_metadata"]).message_text
    assert 0 < len(kept) <= MESSAGE_TEXT_MAX
    assert f"I keep its first {len(kept):,} characters" in blockkit.shown(view)
    note = "n" * NOTE_MAX
    submit(slack, view, note=note)
    (entry,) = entries(deps)
    assert entry.note == note, "the note in full"
    assert 0 < len(entry.message_text) <= MESSAGE_TEXT_MAX
    assert text.strip().startswith(entry.message_text)


@pytest.mark.parametrize(("kwargs", "block", "says"), [
    ({"note": "x" * (NOTE_MAX + 1)}, ids.EVIDENCE_NOTE_BLOCK,
     "That is 3,001 characters; the limit is 3,000."),
    ({"dimension": None}, ids.EVIDENCE_DIMENSION_BLOCK, "Pick the dimension"),
    ({"dimension": "overview"}, ids.EVIDENCE_DIMENSION_BLOCK, "Pick the dimension"),
    ({"user_id": "U222"}, ids.EVIDENCE_NOTE_BLOCK, "belongs to someone else"),
    ({"team_id": "T222"}, ids.EVIDENCE_NOTE_BLOCK, "belongs to someone else"),
])
def test_bad_input_is_refused_inline_and_nothing_is_stored(slack, slack_api, deps, kwargs,
                                                           block, says):
    reply = submit(slack, use_shortcut(slack, slack_api), **kwargs)
    assert reply.status == 200
    assert reply.json["response_action"] == "errors"
    assert says in reply.json["errors"][block]
    assert entries(deps) == []


def test_the_modals_metadata_round_trips_and_refuses_half_a_message():
    meta = EvidenceMetadata("T111", ME, CHANNEL, TS, LINK, "text “quoted”", True, "https://r")
    assert EvidenceMetadata.decode(meta.encode()) == meta
    for half in ({"t": "T111", "u": ME, "c": CHANNEL}, {"t": "T111", "u": ME, "m": TS},
                 {"t": "T111", "u": ""}, ["T111", ME]):
        assert EvidenceMetadata.decode(json.dumps(half)) is None


@pytest.mark.parametrize("metadata", ["", "not json", json.dumps({"t": "T111"}),
                                      json.dumps({"t": "T111", "u": ME, "c": CHANNEL})])
def test_a_form_the_bot_did_not_open_is_refused(slack, deps, metadata):
    reply = submit(slack, metadata)
    assert reply.json["errors"] == {ids.EVIDENCE_NOTE_BLOCK: "This form has expired. Use "
                                    "“Save as evidence” on the message again."}
    assert entries(deps) == []


def test_without_a_link_the_entry_is_saved_and_its_link_filled_in_after(
        slack, slack_api, deps):
    slack_api.fail("chat.getPermalink", error="channel_not_found")
    view = use_shortcut(slack, slack_api, link=None)
    assert "couldn't get a link" in blockkit.shown(view)
    slack_api.respond_with("chat.getPermalink", {"ok": True, "permalink": LINK})
    submit(slack, view)
    slack_api.wait_for("response:sc")
    assert deps.background.wait_idle(5)
    (entry,) = entries(deps)
    assert entry.permalink == LINK
    assert len(slack_api.calls("chat.getPermalink")) == 2


def test_a_link_slack_never_gives_leaves_the_entry_without_one(slack, slack_api, deps):
    slack_api.fail("chat.getPermalink", error="channel_not_found", times=2)
    submit(slack, use_shortcut(slack, slack_api, link=None))
    slack_api.wait_for("response:sc")
    (entry,) = entries(deps)
    assert (entry.permalink, entry.message_text) == (None, RISKY)


def test_a_modal_slack_will_not_open_in_time_is_explained(slack, slack_api, deps):
    slack_api.respond_with("chat.getPermalink", {"ok": True, "permalink": LINK})
    slack_api.fail("views.open", error="expired_trigger_id")
    slack.post(message_action(a_message(), response_url=slack_api.response_url("late")))
    (answer,) = slack_api.wait_for("response:late")
    assert "took Slack too long to open" in shown(answer.body)
    assert answer.body["response_type"] == "ephemeral"


def test_the_manifest_declares_the_shortcut_and_its_scope():
    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "deploy"
                               / "slack-manifest.yml").read_text())
    (shortcut,) = manifest["features"]["shortcuts"]
    assert shortcut == {"name": SHORTCUT_NAME, "type": "message",
                        "callback_id": ids.EVIDENCE_SHORTCUT,
                        "description": shortcut["description"]}
    assert len(shortcut["name"]) <= 24 and 0 < len(shortcut["description"]) <= 150
    # Message shortcuts come with `commands`; chat.getPermalink needs no scope.
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


# -- suggesting a dimension ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "slug"), [
    (RISKY, "risk"),
    ("Reviewed three PRs today and asked for tests", "reviews"),
    ("Thanks for the code review!", "reviews"),
    ("Shipped the release on Friday and closed the loop", "delivery"),
    ("We missed the deadline, but kept quality up", "pressure"),
    ("Told my boss early about the blocker", "manager"),
    ("Estimated the work and broke it into milestones", "planning"),
    ("Posted the weekly status update", "communication"),
    ("Clarified the requirements and non-goals with product", "understanding"),
    ("lunch?", None),
    ("", None),
])
def test_the_suggestion_follows_the_guides_rows_and_aliases(guide, text, slug):
    assert getattr(suggest(guide, text), "slug", None) == slug


def test_a_tie_suggests_nothing(guide):
    assert suggest(guide, "risk deadline") is None  # risk and pressure, four points each


# -- /techlead evidence <topic> <text> ---------------------------------------------------------
def test_the_command_adds_a_note_without_a_message(slack, slack_api, deps):
    answer = ask(slack, slack_api, "evidence risks I listed the risks &amp; owners &lt;early&gt;")
    assert "Saved to your journal under *2. Risk Identification* ✓" in shown(answer)
    (entry,) = entries(deps)
    assert (entry.dimension, entry.note) == ("risk", "I listed the risks & owners <early>")
    assert (entry.message_text, entry.permalink, entry.channel_id, entry.message_ts) == (
        None, None, None, None)
    ask(slack, slack_api, "evidence 2 And again.")
    assert [e.note for e in entries(deps)] == ["I listed the risks & owners <early>",
                                               "And again."], "notes never collide"


@pytest.mark.parametrize("typed", ["evidence overview Did a thing", "evidence summary x",
                                   "evidence frobnicate x", "evidence &lt;!here&gt; x"])
def test_the_command_needs_one_of_the_nine_dimensions(slack, slack_api, deps, typed):
    answer = ask(slack, slack_api, typed)
    text = shown(answer)
    assert "Evidence goes under one of the nine dimensions" in text
    assert all(f"`{t.slug}`" in text for t in deps.guide.dimensions)
    blockkit.assert_no_pings(answer)
    assert entries(deps) == []


@pytest.mark.parametrize("typed", ["evidence", "evidence risk"])
def test_the_command_without_text_shows_how(slack, slack_api, deps, typed):
    assert "Add a note to your evidence journal" in shown(ask(slack, slack_api, typed))
    assert entries(deps) == []


def test_a_note_over_the_limit_is_refused(slack, slack_api, deps):
    answer = ask(slack, slack_api, "evidence risk " + "x" * (NOTE_MAX + 1))
    assert "3,001 characters; the limit is 3,000. Nothing was saved" in shown(answer)
    assert entries(deps) == []


# -- private to its owner ------------------------------------------------------------------
def test_evidence_never_reaches_the_managers_digest_or_export(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=MONDAY)
        save_reflection(session, team_id="T111", user_id="U201", week="2026-W49",
                        dimension="understanding", rating=4, text="SHARED-REFLECTION",
                        sharing=SHARED, now=deps.clock())
    ask(slack, slack_api, "evidence understanding EVIDENCE-NOTE-SECRET", user_id="U201")
    view = use_shortcut(slack, slack_api, a_message("EVIDENCE-MESSAGE-SECRET"),
                        user_id="U201")
    submit(slack, view, user_id="U201", dimension="understanding", note="EVIDENCE-MODAL-SECRET")
    assert len(entries(deps)) == 2
    digest = ask(slack, slack_api, "digest", user_id=MANAGER)
    assert "SHARED-REFLECTION" in shown(digest)
    ask(slack, slack_api, "digest export", user_id=MANAGER)
    ((_, content),) = slack_api.uploaded()
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert [r[-1] for r in rows[1:]] == ["SHARED-REFLECTION"]
    for secret in ("EVIDENCE-NOTE-SECRET", "EVIDENCE-MESSAGE-SECRET", "EVIDENCE-MODAL-SECRET"):
        assert secret not in json.dumps(digest)
        assert secret not in content.decode()


def test_forget_me_deletes_the_evidence_and_says_so(slack, slack_api, deps):
    ask(slack, slack_api, "evidence risk One.")
    ask(slack, slack_api, "evidence risk Two.", user_id="U222")
    submit(slack, use_shortcut(slack, slack_api))
    answer = click(slack, slack_api, ids.FORGET_CONFIRM, ForgetConfirmation(ME).encode(),
                   user_id=ME)
    assert "deleted 0 reflections, 2 evidence notes, 0 team memberships" in shown(answer)
    assert [(e.user_id, e.note) for e in entries(deps)] == [("U222", "Two.")]
