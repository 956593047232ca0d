"""`/techlead journal [topic]` and `/techlead journal export` over HTTP against the live
bot: the person's own reflections and evidence by dimension, newest first, a page at a
time; the Markdown document in their DM; Open as canvas, shared with them alone, or said
to be unavailable on a free plan with the Markdown file kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import event

from bot import ids
from bot.blocks.journal import PER_PAGE
from bot.coaching.calendar import week_key
from bot.grow.journal import entries_of
from bot.values import CanvasRequest, JournalPage
from storage import evidence
from storage.models import KEEP_PRIVATE, SHARED
from storage.people import ensure_workspace
from storage.reflections import save_reflection
from tests.fakes import blockkit
from tests.fakes.helpers import ask, click, dms_to, shown
from tests.fakes.seeding import MONDAY
from tests.fakes.times import utc

ME = "U111"
LINK = "https://test.slack.com/archives/C0123456789/p1764720000000100"
CANVAS = "F0CANVAS01"
CANVAS_LINK = f"https://test.slack.com/docs/T111/{CANVAS}"


# -- seeding -------------------------------------------------------------------------------
def reflect(deps, week: str, dimension: str, text: str, *, rating: int = 3,
            user_id: str = ME, team_id: str = "T111", sharing: str = SHARED) -> None:
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=MONDAY)
        save_reflection(session, team_id=team_id, user_id=user_id, week=week,
                        dimension=dimension, rating=rating, text=text, sharing=sharing,
                        now=deps.clock())


def keep(deps, dimension: str, note: str, *, ts: str | None = None, user_id: str = ME,
         team_id: str = "T111", message_text: str | None = None, link: str | None = None,
         day: int = 1) -> None:
    now = utc(2026, 11, day, 12, 0)
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=MONDAY)
        if ts:
            evidence.save_from_message(
                session, team_id=team_id, user_id=user_id, channel_id="C0123456789",
                message_ts=ts, dimension=dimension, note=note, message_text=message_text,
                permalink=link, now=now)
        else:
            evidence.add_note(session, team_id=team_id, user_id=user_id,
                              dimension=dimension, note=note, now=now)


def a_journal(deps) -> None:
    """Mine on two dimensions, plus someone else's and another workspace's."""
    reflect(deps, "2026-W40", "risk", "Early risk reflection", rating=2)
    reflect(deps, "2026-W49", "risk", "Late risk reflection & <b>", rating=4, sharing=KEEP_PRIVATE)
    keep(deps, "risk", "Risk note from a message", ts="1795856400.000100",  # 28 Nov 2026, 09:00 UTC
         message_text="thanks <@U0222|bob>, see <https://x.example|the doc>", link=LINK)
    keep(deps, "reviews", "Asked for tests", day=15)
    reflect(deps, "2026-W49", "risk", "SOMEONE-ELSES", user_id="U222")
    keep(deps, "risk", "SOMEONE-ELSES-NOTE", user_id="U222")
    reflect(deps, "2026-W49", "risk", "OTHER-WORKSPACE", team_id="T222")


def sections(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


# -- /techlead journal ---------------------------------------------------------------------
def test_an_empty_journal_says_how_to_fill_it(slack, slack_api, deps):
    answer = ask(slack, slack_api, "journal")
    assert "Your journal has nothing yet." in shown(answer)
    blockkit.assert_valid_message(answer)


def test_the_journal_shows_my_entries_by_dimension_newest_first_and_nobody_elses(
        slack, slack_api, deps):
    a_journal(deps)
    answer = ask(slack, slack_api, "journal")
    blockkit.assert_valid_message(answer)
    assert sections(answer) == [
        "*2. Risk Identification*",
        "_Reflection · 2026-W49_ · 4/5, more Tech Lead · private\n"
        "Late risk reflection &amp; &lt;b&gt;",
        f"_Evidence · 28 Nov 2026_ · <{LINK}|the message>\nRisk note from a message\n"
        "> thanks @bob, see the doc (https://x.example)",
        "_Reflection · 2026-W40_ · 2/5, more Software Engineer\nEarly risk reflection",
        "*6. Code Reviews*",
        "_Evidence · 15 Nov 2026_\nAsked for tests",
    ]
    text = shown(answer)
    assert "Page 1 of 1 · 2 reflections, 2 evidence notes · only you see this" in text
    for absent in ("SOMEONE-ELSES", "OTHER-WORKSPACE"):
        assert absent not in text
    assert set(blockkit.controls(answer)) == {f"<{LINK}|the message>"}


def test_a_topic_shows_that_dimension_alone(slack, slack_api, deps):
    a_journal(deps)
    answer = ask(slack, slack_api, "journal code review")
    assert answer["blocks"][0]["text"]["text"] == "Your journal · 6. Code Reviews"
    assert sections(answer) == ["_Evidence · 15 Nov 2026_\nAsked for tests"]
    assert "nothing on *8. Delivery &amp; Closure* yet" in shown(
        ask(slack, slack_api, "journal delivery"))


@pytest.mark.parametrize("typed", ["overview", "summary", "frobnicate", "&lt;!channel&gt;"])
def test_a_topic_that_is_no_dimension_is_explained(slack, slack_api, deps, typed):
    answer = ask(slack, slack_api, f"journal {typed}")
    assert "is not one of them" in shown(answer)
    assert all(f"`{t.slug}`" in shown(answer) for t in deps.guide.dimensions)
    blockkit.assert_no_pings(answer)


def test_a_long_journal_pages_with_newer_and_older(slack, slack_api, deps):
    for n in range(PER_PAGE * 2 + 1):
        keep(deps, "risk", f"note {n:02d}", day=1 + n)
    first = ask(slack, slack_api, "journal")
    blockkit.assert_valid_message(first)
    assert "Page 1 of 3" in shown(first)
    assert "note 12" in shown(first) and "note 06" not in shown(first)
    (older,) = blockkit.buttons(first)
    assert (older["text"]["text"], JournalPage.decode(older["value"])) == (
        "Older", JournalPage("", 2))
    second = click(slack, slack_api, ids.JOURNAL_PAGE, older["value"], user_id=ME)
    assert second["replace_original"] is True
    blockkit.assert_valid_message(second)
    assert "Page 2 of 3" in shown(second) and "note 06" in shown(second)
    assert [b["text"]["text"] for b in blockkit.buttons(second)] == ["Newer", "Older"]
    past_the_end = click(slack, slack_api, ids.JOURNAL_PAGE, JournalPage("", 99).encode(),
                         user_id=ME)
    assert "Page 3 of 3" in shown(past_the_end) and "note 00" in shown(past_the_end)


def test_a_page_button_shows_the_clickers_own_journal(slack, slack_api, deps):
    keep(deps, "risk", "MINE")
    keep(deps, "risk", "THEIRS", user_id="U222")
    page = click(slack, slack_api, ids.JOURNAL_PAGE, JournalPage("risk", 1).encode(),
                 user_id="U222")
    assert "THEIRS" in shown(page) and "MINE" not in shown(page)


@pytest.mark.parametrize("value", ["", "junk", '{"d": "nope", "p": 1}', '{"d": "", "p": 0}'])
def test_a_page_button_with_a_value_the_bot_never_made_does_nothing(slack, slack_api, deps,
                                                                   value):
    keep(deps, "risk", "MINE")
    reply = slack.click(ids.JOURNAL_PAGE, value, user_id=ME,
                        response_url=slack_api.response_url("odd"))
    assert reply.status == 200
    assert deps.background.wait_idle(5)
    assert slack_api.calls("response:odd") == []


# -- /techlead journal export ----------------------------------------------------------------
def test_export_uploads_my_journal_as_markdown_to_my_dm(slack, slack_api, deps):
    a_journal(deps)
    answer = ask(slack, slack_api, "journal export")
    blockkit.assert_valid_message(answer)
    assert shown(answer).startswith("Sent you your journal by DM as "
                                    "`techlead-journal-2026-11-30.md`: 2 reflections "
                                    "and 2 evidence notes")
    (opened,) = slack_api.calls("conversations.open")
    assert opened.body["users"] == ME
    ((upload, content),) = slack_api.uploaded()
    assert upload["channel_id"] == "D111"
    (asked,) = slack_api.calls("files.getUploadURLExternal")
    assert asked.body["filename"] == "techlead-journal-2026-11-30.md"
    markdown = content.decode()
    risk = markdown.split("## 2. Risk Identification")[1].split("\n## ")[0]
    assert "| Software Engineer | Tech Lead |" in risk
    assert "| Identifies risks in own task | Identifies risks across the whole delivery |" in risk
    assert "2 (2026-W40) → 4 (2026-W49)" in risk
    assert ("- **2026-W49** · 4/5, more Tech Lead · private\n"
            "  Late risk reflection & \\<b\\>") in risk
    assert f"- **2026-11-28** · [the message]({LINK})\n  Risk note from a message" in risk
    assert "_The message:_ thanks @bob, see the doc (https://x.example)" in risk
    assert "- **2026-11-15**\n  Asked for tests" in markdown
    for absent in ("SOMEONE-ELSES", "OTHER-WORKSPACE"):
        assert absent not in markdown
    button = blockkit.button(answer, ids.OPEN_CANVAS)
    assert CanvasRequest.decode(button["value"]) == CanvasRequest(ME)


def test_an_empty_journal_uploads_nothing(slack, slack_api, deps):
    assert "nothing to export yet" in shown(ask(slack, slack_api, "journal export"))
    assert slack_api.uploaded() == []


def test_a_failed_upload_says_so(slack, slack_api, deps):
    keep(deps, "risk", "x")
    slack_api.fail("files.getUploadURLExternal", error="access_denied")
    answer = ask(slack, slack_api, "journal export")
    assert "couldn't upload the file" in shown(answer)
    assert blockkit.buttons(answer) == [], "no canvas offered for a file that is not there"


def test_export_reads_the_same_number_of_rows_whatever_the_history(deps):
    statements: list[str] = []
    event.listen(deps.engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    counts = []
    for weeks in (2, 40):
        for n in range(weeks):
            reflect(deps, week_key(MONDAY - timedelta(weeks=n + weeks * 2)), "risk", f"r{n}")
            keep(deps, "planning", f"e{n}")
        statements.clear()
        assert len(entries_of(deps, "T111", ME)) >= weeks * 2
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 4


# -- Open as canvas --------------------------------------------------------------------------
def export_and_open(slack, slack_api, *, user_id: str = ME, name: str = "cv",
                    ts: str = "1700000000.000900") -> dict:
    answer = ask(slack, slack_api, "journal export", user_id=user_id)
    button = blockkit.button(answer, ids.OPEN_CANVAS)
    return click(slack, slack_api, ids.OPEN_CANVAS, button["value"], user_id=user_id,
                 message_ts=ts)


def test_open_as_canvas_shares_a_canvas_with_me_alone(slack, slack_api, deps):
    a_journal(deps)
    slack_api.respond_with("canvases.create", {"ok": True, "canvas_id": CANVAS})
    answer = export_and_open(slack, slack_api)
    assert f"shared with you alone: <{CANVAS_LINK}|open it>" in shown(answer)
    (created,) = slack_api.calls("canvases.create")
    content = created.body["document_content"]
    assert content["type"] == "markdown"
    ((_, uploaded),) = slack_api.uploaded()
    assert content["markdown"] == uploaded.decode(), "the canvas is the Markdown file"
    (shared,) = slack_api.calls("canvases.access.set")
    assert shared.body["canvas_id"] == CANVAS
    assert shared.body["user_ids"] == ME and "channel_ids" not in shared.body
    assert shared.body["access_level"] == "write"
    (dm,) = [m for m in dms_to(slack_api, ME) if CANVAS_LINK in shown(m)]
    methods = [c.method for c in slack_api.calls()]
    assert methods.index("chat.postMessage") < methods.index("canvases.access.set"), \
        "Slack wants the canvas sent to the person before their access is set"
    assert dm["channel"] == ME


def test_double_clicking_open_as_canvas_makes_one_canvas(slack, slack_api, deps):
    keep(deps, "risk", "x")
    slack_api.respond_with("canvases.create", {"ok": True, "canvas_id": CANVAS})
    first = export_and_open(slack, slack_api, name="a")
    assert deps.background.wait_idle(5)
    (button,) = blockkit.buttons(ask(slack, slack_api, "journal export"))
    again = click(slack, slack_api, ids.OPEN_CANVAS, button["value"], user_id=ME,
                  message_ts="1700000000.000900")
    assert shown(again) == shown(first)
    assert len(slack_api.calls("canvases.create")) == 1


@pytest.mark.parametrize("error", ["free_teams_cannot_create_standalone_canvases",
                                   "canvas_disabled_user_team"])
def test_a_workspace_without_canvases_keeps_the_markdown_file(slack, slack_api, deps, error):
    keep(deps, "risk", "x")
    slack_api.fail("canvases.create", error=error)
    answer = export_and_open(slack, slack_api)
    assert "free plans allow no standalone canvases" in shown(answer)
    assert "stays a Markdown file: it is in our DM" in shown(answer)
    assert slack_api.calls("canvases.access.set") == []
    assert len(slack_api.uploaded()) == 1


def test_a_canvas_that_cannot_be_shared_is_deleted_and_can_be_tried_again(
        slack, slack_api, deps):
    keep(deps, "risk", "x")
    slack_api.respond_with("canvases.create", {"ok": True, "canvas_id": CANVAS})
    slack_api.fail("canvases.access.set", error="failed_to_update_user_ids")
    answer = export_and_open(slack, slack_api)
    assert "couldn't make the canvas" in shown(answer)
    (deleted,) = slack_api.calls("canvases.delete")
    assert deleted.body["canvas_id"] == CANVAS
    retried = click(slack, slack_api, ids.OPEN_CANVAS, CanvasRequest(ME).encode(),
                    user_id=ME, message_ts="1700000000.000900")
    assert "shared with you alone" in shown(retried)


def test_someone_elses_open_as_canvas_makes_nothing(slack, slack_api, deps):
    keep(deps, "risk", "x")
    answer = click(slack, slack_api, ids.OPEN_CANVAS, CanvasRequest("U222").encode(),
                   user_id=ME)
    assert "someone else's journal" in shown(answer)
    assert slack_api.calls("canvases.create") == []


def test_the_manifest_asks_for_canvases_write():
    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "deploy"
                               / "slack-manifest.yml").read_text())
    assert {"canvases:write", "files:write", "im:write"} <= set(
        manifest["oauth_config"]["scopes"]["bot"])
