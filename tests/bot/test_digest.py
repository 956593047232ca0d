"""The manager's team digest: `/techlead digest [last | 2026-W48 | schedule | export]`, its
buttons, and the weekly digest DM sent by the scheduler's tick (`digest trend`:
test_digest_trend.py)."""

from __future__ import annotations

import csv
import io
import json
import logging
import threading

import pytest

from bot import ids
from bot.blocks.mrkdwn import escape
from bot.scheduler import build_dispatcher
from bot.slack_clients import create_web_client
from storage import teams
from storage.models import KEEP_PRIVATE, RATING_ONLY
from storage.people import ensure_workspace
from tests.conftest import BOT_TOKEN
from tests.fakes import blockkit
from tests.fakes.charts import bar_widths, legend, record_charts, texts
from tests.fakes.helpers import ask, click, dms_to, shown, tick_at, view_of
from tests.fakes.seeding import MANAGER, MONDAY, reflect, seed_team
from tests.fakes.times import utc

W49, W48, W40 = "2026-W49", "2026-W48", "2026-W40"


# -- helpers -------------------------------------------------------------------------------
def digest(slack, slack_api, words: str = "", user_id: str = MANAGER, **kwargs) -> dict:
    return ask(slack, slack_api, f"digest {words}".strip(), user_id=user_id, **kwargs)


def entries(message: dict) -> list[tuple[dict, dict]]:
    """The reflections of a digest message, in order: each its author line (a context
    block) and the section quoting its text (a rating shared alone has no text)."""
    blocks = message.get("blocks", [])
    return [(block, blocks[i + 1]) for i, block in enumerate(blocks)
            if block["type"] == "context"
            and block["elements"][0].get("text", "").startswith("*<@")
            and not block["elements"][0]["text"].endswith("shared the rating only")]


def entry_users(message: dict) -> list[str]:
    return [author["elements"][0]["text"].split(">*", 1)[0][3:]
            for author, _ in entries(message)]


def buttons(message: dict, action_id: str) -> list[dict]:
    found = []
    for block in message.get("blocks", []):
        elements = block.get("elements", []) if block["type"] == "actions" else []
        found += [e for e in [*elements, block.get("accessory") or {}]
                  if e.get("action_id") == action_id]
    return found


ASK = "Ask in your 1:1: “"


def question_users(message: dict) -> list[str]:
    """Whom each 1:1 question of a digest message is for, in order."""
    return [block["elements"][0]["text"].rsplit("<@", 1)[1][:-1]
            for block in message.get("blocks", []) if block["type"] == "context"
            and block["elements"][0]["text"].startswith(ASK)]


def digests_to(slack_api, user_id: str) -> list[dict]:
    return [m for m in dms_to(slack_api, user_id) if m["text"].startswith("Team reflection ")]


class Logged(logging.Handler):
    """Sets an event when a record containing `needle` is logged (from any thread)."""

    def __init__(self, needle: str):
        super().__init__(logging.DEBUG)
        self.needle, self.event = needle, threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.event.set()


@pytest.fixture
def drawn(monkeypatch):
    """The chart figures the bot draws."""
    return record_charts(monkeypatch)


@pytest.fixture
def refusals():
    logger = logging.getLogger("bot.review.reading")
    handler = Logged("may not read")
    logger.addHandler(handler)
    yield handler.event
    logger.removeHandler(handler)


# -- /techlead digest ----------------------------------------------------------------------
def test_the_digest_shows_participation_ratings_trend_and_shared_reflections(
        slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202", "U203", "U204", "U205"])
    reflect(deps, "U201", 4, "I wrote the scope doc before coding.")
    reflect(deps, "U202", 1, "PRIVATE: my manager should not read this", sharing=KEEP_PRIVATE)
    reflect(deps, "U203", 3, "I asked the PM which edge cases matter.")
    reflect(deps, "U205", 5, "RATING-ONLY: these words stay mine", sharing=RATING_ONLY)
    for user in ("U201", "U202", "U203"):  # one rotation earlier, the same dimension
        reflect(deps, user, 3, "earlier", week=W40)
    message = digest(slack, slack_api)
    text = shown(message)
    assert message["blocks"][0] == {"type": "header", "text": {
        "type": "plain_text", "text": f"Team reflection · {W49}"}}
    assert "*1. Understanding the Task* · your team of 5" in text
    assert "*Participation*\n4 of 5 answered" in text
    assert "*Not answered yet:* <@U204>" in text
    assert "*Average*\n4.0 / 5 (▲ +1.0 since 2026-W40)" in text
    bars = next(b["text"]["text"] for b in message["blocks"]
                if b.get("text", {}).get("text", "").startswith("```"))
    lines = bars.strip("`").splitlines()
    assert [line.split()[0] for line in lines] == ["5", "4", "3", "2", "1"]
    assert [int(line.split()[-1]) for line in lines] == [1, 1, 1, 0, 0]
    assert all("█" in line for line in lines[:3]) and "█" not in lines[3] + lines[4]
    assert ("2 reflections shared with you · 1 rating shared without text · 1 answer kept "
            "private: counted as answered, never shown or averaged") in text
    assert "*<@U205>* · 5/5, mostly Tech Lead · shared the rating only" in text
    assert "*<@U201>* · 4/5, more Tech Lead\n>I wrote the scope doc before coding." in text
    assert "*<@U203>* · 3/5, in between\n>I asked the PM which edge cases matter." in text
    assert entry_users(message) == ["U201", "U203"]
    assert "should not read this" not in json.dumps(message, ensure_ascii=False)
    assert "stay mine" not in json.dumps(message, ensure_ascii=False)
    assert message["text"].startswith(f"Team reflection {W49}: 4 of 5 answered")
    assert blockkit.problems(message) == []


def test_a_fall_since_the_last_rotation_shows_a_down_arrow(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202", "U203"])
    for user in ("U201", "U202", "U203"):
        reflect(deps, user, 2, "harder week")
        reflect(deps, user, 4, "earlier", week=W40)
    assert "*Average*\n2.0 / 5 (▼ -2.0 since 2026-W40)" in shown(digest(slack, slack_api))


def test_each_member_who_shared_gets_one_question_for_their_1_1(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202", "U203", "U204", "U205"])
    reflect(deps, "U201", 4, "shared in full")
    reflect(deps, "U202", 1, "PRIVATE", sharing=KEEP_PRIVATE)
    reflect(deps, "U203", 3, "RATING-ONLY", sharing=RATING_ONLY)
    reflect(deps, "U205", 2, "shared too")
    message = digest(slack, slack_api)
    assert question_users(message) == ["U201", "U203", "U205"]
    asks = {escape(q.ask) for q in deps.guide.topic("understanding").manager_questions}
    lines = [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"
             and b["elements"][0]["text"].startswith(ASK)]
    shown_asks = [line[len(ASK):].split("” · ")[0] for line in lines]
    assert set(shown_asks) <= asks and len(set(shown_asks)) == 3, "neighbours differ"
    assert lines[0].endswith("” · more with `/techlead prep` <@U201>")
    blocks = message["blocks"]
    for k, block in enumerate(blocks):  # each right under its member's answer
        if block["type"] == "context" and block["elements"][0]["text"].startswith(ASK):
            user = block["elements"][0]["text"].rsplit("<@", 1)[1][:-1]
            above = [b for b in blocks[k - 2:k] if b["type"] == "context"]
            assert above[-1]["elements"][0]["text"].startswith(f"*<@{user}>*")
    assert blockkit.problems(message) == []


def test_two_shared_ratings_make_no_figure_and_the_digest_says_why(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202", "U203"])
    reflect(deps, "U201", 2, "harder week")
    reflect(deps, "U202", 5, "fine")
    reflect(deps, "U203", 1, "kept to myself", sharing=KEEP_PRIVATE)
    for user in ("U201", "U202", "U203"):
        reflect(deps, user, 4, "earlier", week=W40)
    text = shown(digest(slack, slack_api))
    assert "*Participation*\n3 of 3 answered" in text
    assert ("*Average*\nnot shown: 2 shared ratings, and a figure needs 3 so that no one's "
            "answer can be told from it") in text
    assert "```" not in text and "/ 5" not in text and "since 2026-W40" not in text


def test_before_anyone_answered_the_digest_says_so(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202"])
    text = shown(digest(slack, slack_api))
    assert "0 of 2 answered" in text and "no shared ratings yet" in text
    assert "*Not answered yet:* <@U201>, <@U202>" in text


def test_what_members_typed_is_escaped(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    reflect(deps, "U201", 4, "<!channel> read <https://evil.example|this> & that")
    message = digest(slack, slack_api)
    text = shown(message)
    assert "&lt;!channel&gt; read &lt;https://evil.example|this&gt; &amp; that" in text
    raw = json.dumps(message)
    assert "<!channel>" not in raw and "<https://evil" not in raw


def test_an_earlier_week_can_be_asked_for(slack, slack_api, deps):
    ninth = deps.guide.dimensions[8]
    seed_team(deps, members=["U201", "U202"])
    reflect(deps, "U201", 2, "last week's answer", week=W48, dimension=ninth.slug)
    reflect(deps, "U201", 5, "this week's answer")
    for words in ("last", "2026-W48", "2026w48"):
        message = digest(slack, slack_api, words)
        text = shown(message)
        assert message["blocks"][0]["text"]["text"] == f"Team reflection · {W48}", words
        assert f"*{escape(ninth.heading)}* · your team of 2" in text
        assert "1 of 2 answered" in text and "*Not answered yet:* <@U202>" in text
        assert "last week's answer" in text and "this week's answer" not in text


def test_a_future_or_unreadable_week_gets_a_clear_answer(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    reflect(deps, "U201", 4, "this week's answer")
    for words, answer in (
        ("2026-W50", "That week has not happened yet."),
        ("2027-W01", "That week has not happened yet."),
        ("banana", "I couldn't read “banana” as a week"),
        ("2026-W60", "I couldn't read “2026-w60” as a week"),
        ("2025-W53", "I couldn't read “2025-w53” as a week"),  # 2025 has 52 ISO weeks
    ):
        text = shown(digest(slack, slack_api, words))
        assert answer in text, words
        assert "this week's answer" not in text and "Team reflection" not in text


def test_an_unreadable_week_is_not_echoed_as_live_mrkdwn(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    text = shown(digest(slack, slack_api, "<!channel>"))
    assert "I couldn't read" in text
    assert "<!channel>" not in text


def test_someone_who_manages_no_team_is_told_politely(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    reflect(deps, "U201", 4, "members only see their own")
    for user in ("U201", "U999"):
        text = shown(digest(slack, slack_api, user_id=user))
        assert "you don't manage a team yet" in text
        assert "`/techlead team add @alice @bob`" in text
        assert "members only see their own" not in text
    assert "you don't manage a team yet" in shown(digest(slack, slack_api, "export",
                                                         user_id="U201"))
    assert slack_api.calls("conversations.open") == []


def test_another_managers_digest_never_shows_this_teams_reflections(slack, slack_api,
                                                                     deps):
    seed_team(deps, members=["U201"])
    seed_team(deps, manager="U300", members=["U301"])
    reflect(deps, "U201", 5, "FOR-U100-ONLY")
    reflect(deps, "U301", 2, "for U300")
    theirs = digest(slack, slack_api, user_id="U300")
    raw = json.dumps(theirs)
    assert "FOR-U100-ONLY" not in raw and "U201" not in raw
    assert "1 of 1 answered" in shown(theirs) and "for U300" in shown(theirs)
    assert "FOR-U100-ONLY" in shown(digest(slack, slack_api))


def test_an_invitee_who_has_not_accepted_is_not_in_the_digest(slack, slack_api, deps):
    seed_team(deps, members=["U201"], invited=["U202"])
    reflect(deps, "U201", 4, "joined")
    reflect(deps, "U202", 1, "NOT-CONSENTED")
    message = digest(slack, slack_api)
    assert "your team of 1" in shown(message) and "1 of 1 answered" in shown(message)
    assert "NOT-CONSENTED" not in json.dumps(message) and "U202" not in json.dumps(message)


def test_another_workspaces_data_never_appears(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    seed_team(deps, members=["U201", "U202"], team_id="T222")
    reflect(deps, "U201", 5, "OTHER-WORKSPACE", team_id="T222")
    reflect(deps, "U201", 1, "OTHER-EARLIER", week=W40, team_id="T222")
    message = digest(slack, slack_api)
    raw = json.dumps(message)
    assert "0 of 1 answered" in shown(message) and "your team of 1" in shown(message)
    assert "OTHER-WORKSPACE" not in raw and "U202" not in raw and "since" not in raw
    there = digest(slack, slack_api, team_id="T222")
    assert "OTHER-WORKSPACE" in shown(there) and "1 of 2 answered" in shown(there)


# -- a big team: Block Kit limits, pages, Read all -----------------------------------------
BIG = [f"U5{n:03d}" for n in range(60)]


def long_text(user: str) -> str:
    body = f"Reflection of {user}: I & the team <reviewed> the plan and listed risks. "
    return (body * 60)[:2900]


def seed_big_team(deps) -> dict[str, int]:
    seed_team(deps, members=BIG)
    return {u: reflect(deps, u, n % 5 + 1, long_text(u)) for n, u in enumerate(BIG)}


def test_a_sixty_member_digest_stays_within_block_kit_limits_over_pages(
        slack, slack_api, deps):
    seed_big_team(deps)
    first = digest(slack, slack_api)
    assert "60 of 60 answered" in shown(first)
    pages, seen = [first], entry_users(first)
    while more := buttons(pages[-1], ids.DIGEST_PAGE):
        (button,) = more
        page = click(slack, slack_api, ids.DIGEST_PAGE, button["value"], user_id=MANAGER)
        assert page.get("replace_original") is False
        pages.append(page)
        seen += entry_users(page)
    assert len(pages) == 5  # twelve reflections a page
    assert sorted(seen) == BIG and len(seen) == 60, "every reflection once, none lost"
    for page in pages:
        assert blockkit.problems(page) == []
        for _, section in entries(page):
            assert len(section["text"]["text"]) < 700
            (read,) = [section["accessory"]]
            assert (read["action_id"], read["text"]["text"]) == (ids.READ_REFLECTION,
                                                                 "Read all")
    # A member clicking "More reflections" (the value is no secret) sees nothing of it.
    (button,) = buttons(first, ids.DIGEST_PAGE)
    answer = click(slack, slack_api, ids.DIGEST_PAGE, button["value"], user_id=BIG[0])
    assert "Only the team's manager sees this." in shown(answer)
    assert "Reflection of" not in json.dumps(answer)


def test_read_all_opens_the_full_reflection_for_the_manager_only(slack, slack_api, deps,
                                                                  refusals):
    rows = seed_big_team(deps)
    seed_team(deps, members=["U201"])
    secret = reflect(deps, "U201", 3, "PRIVATE " * 200, sharing=KEEP_PRIVATE)
    seed_team(deps, manager="U300", members=["U301"])
    first = digest(slack, slack_api)
    read = entries(first)[0][1]["accessory"]
    assert read["value"] == str(rows[BIG[0]])
    # Someone who does not manage this team clicks (a member, then another manager), and
    # the manager asks for a private reflection by its id: nothing opens.
    for value, user in ((read["value"], BIG[0]), (read["value"], "U300"),
                        (str(secret), MANAGER)):
        refusals.clear()
        slack.click(ids.READ_REFLECTION, value, user_id=user)
        assert refusals.wait(5), f"the refusal to {user} was not logged"
    assert slack_api.calls("views.open") == []
    # The manager.
    slack.click(ids.READ_REFLECTION, read["value"], user_id=MANAGER, trigger_id="111.222.valid")
    (opened,) = slack_api.wait_for("views.open")
    assert opened.body["trigger_id"] == "111.222.valid"
    view = view_of(opened.body)
    assert blockkit.problems(view, view=True) == []
    header, *parts = [b["text"]["text"] for b in view["blocks"]]
    assert "".join(parts) == escape(long_text(BIG[0]))
    assert header.endswith(f"1. Understanding the Task · {W49} · 1/5")


def test_the_full_reflection_names_its_author_as_a_mention(slack, slack_api, deps):
    """The modal's first line shows who wrote it: `<@U201>`, which Slack renders as the
    name, not the escaped `&lt;@U201&gt;`, which shows the raw ID in angle brackets."""
    seed_team(deps, members=["U201"])
    row = reflect(deps, "U201", 4, "long " * 200)
    slack.click(ids.READ_REFLECTION, str(row), user_id=MANAGER)
    (opened,) = slack_api.wait_for("views.open")
    header = view_of(opened.body)["blocks"][0]["text"]["text"]
    assert header.startswith("*<@U201>*")


# -- the weekly digest DM ------------------------------------------------------------------
def test_the_weekly_digest_comes_friday_16_00_in_each_managers_zone_once(
        deps, dispatcher, clock, slack_api, settings):
    seed_team(deps, members=["U201"], tz="Asia/Tokyo")
    seed_team(deps, manager="U300", members=["U301"], tz="America/New_York")
    reflect(deps, "U201", 4, "tokyo team")
    reflect(deps, "U301", 2, "new york team")
    tick_at(dispatcher, clock, 2026, 12, 4, 6, 59)  # Friday 15:59 in Tokyo
    assert slack_api.calls("chat.postMessage") == []
    report = tick_at(dispatcher, clock, 2026, 12, 4, 7, 0)  # 16:00 in Tokyo (+09:00)
    assert report.counts["sent"] == 1
    (tokyo,) = digests_to(slack_api, MANAGER)
    assert tokyo["blocks"][0]["text"]["text"] == f"Team reflection · {W49}"
    assert "tokyo team" in shown(tokyo) and "new york team" not in shown(tokyo)
    assert blockkit.problems(tokyo) == []
    ((upload, png),) = slack_api.uploaded()
    assert png.startswith(b"\x89PNG")
    assert upload["channel_id"] == "D100"
    tick_at(dispatcher, clock, 2026, 12, 4, 7, 1)
    tick_at(dispatcher, clock, 2026, 12, 4, 20, 59)  # 15:59 in New York
    assert digests_to(slack_api, "U300") == []
    tick_at(dispatcher, clock, 2026, 12, 4, 21, 0)  # 16:00 in New York (-05:00)
    (new_york,) = digests_to(slack_api, "U300")
    assert "new york team" in shown(new_york) and "tokyo team" not in shown(new_york)
    assert len(slack_api.uploaded()) == 2
    dispatcher.tick()
    # A restart: a new dispatcher over the same database sends nothing again.
    client = create_web_client(BOT_TOKEN, settings.slack_api_url, backoff=0.0)
    restarted = build_dispatcher(deps, lambda _team_id: client)
    clock.advance(hours=30)
    report = restarted.tick()
    assert report.counts["sent"] == 0
    assert len(digests_to(slack_api, MANAGER)) == 1 and len(digests_to(slack_api, "U300")) == 1
    assert len(slack_api.uploaded()) == 2
    # The next Friday brings the next week's digest.
    tick_at(restarted, clock, 2026, 12, 11, 7, 0)
    assert [d["blocks"][0]["text"]["text"] for d in digests_to(slack_api, MANAGER)] == [
        f"Team reflection · {W49}", "Team reflection · 2026-W50"]


def test_a_managers_slack_time_zone_sets_when_their_digest_comes(
        slack, slack_api, deps, dispatcher, clock):
    """A manager who built a team but never subscribed still has a time zone in Slack."""
    slack_api.add_user(MANAGER, tz="America/New_York")
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=MONDAY)
    assert "Invited <@U201>" in shown(ask(slack, slack_api, "team add <@U201>",
                                          user_id=MANAGER))
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, "T111", MANAGER)
        teams.respond(session, team.id, "U201", teams.ACTIVE, clock())
    tick_at(dispatcher, clock, 2026, 12, 4, 16, 0)  # 11:00 in New York
    assert digests_to(slack_api, MANAGER) == []
    tick_at(dispatcher, clock, 2026, 12, 4, 21, 0)  # 16:00 in New York
    assert len(digests_to(slack_api, MANAGER)) == 1


def test_a_team_made_after_this_weeks_digest_time_waits_for_next_week(
        deps, dispatcher, clock, slack_api):
    seed_team(deps, members=["U201"], created_at=utc(2026, 12, 4, 17, 0))
    tick_at(dispatcher, clock, 2026, 12, 4, 18, 0)
    assert digests_to(slack_api, MANAGER) == []


def test_when_the_chart_cannot_be_uploaded_its_text_fallback_is_sent(
        deps, dispatcher, clock, slack_api):
    seed_team(deps, members=["U201", "U202", "U203"])
    reflect(deps, "U201", 4, "x")
    reflect(deps, "U202", 5, "y")
    reflect(deps, "U203", 5, "z")
    slack_api.fail("files.getUploadURLExternal", error="access_denied")
    report = tick_at(dispatcher, clock, 2026, 12, 4, 16, 0)
    assert report.counts["sent"] == 1
    assert slack_api.uploaded() == []
    summary, fallback = dms_to(slack_api, MANAGER)
    assert summary["text"].startswith(f"Team reflection {W49}")
    assert fallback["text"] == "Average self-rating over the last rotation and the one before"
    head, *lines = fallback["blocks"][0]["text"]["text"].split("```")[1].splitlines()
    assert head.split() == ["Dimension", "before", "last"] and len(lines) == 9
    assert lines[-1].startswith("1. Understanding")
    assert lines[-1].split()[-5:] == ["–", "4.7", "◀", "this", "week"]
    assert "no figure; one needs 3 shared ratings in its week" in shown(fallback)
    assert blockkit.problems(fallback) == []
    tick_at(dispatcher, clock, 2026, 12, 4, 16, 5)
    assert len(dms_to(slack_api, MANAGER)) == 2


def test_the_weekly_chart_has_the_rotation_before_as_a_second_series(
        deps, dispatcher, clock, slack_api, drawn):
    seed_team(deps, members=["U201", "U202", "U203"])
    for user, now, before in (("U201", 4, 3), ("U202", 5, 3), ("U203", 5, 4)):
        reflect(deps, user, now, "x")
        reflect(deps, user, before, "earlier", week=W40)
    reflect(deps, "U201", 5, "too few", week="2026-W41", dimension="risk")
    tick_at(dispatcher, clock, 2026, 12, 4, 16, 0)
    (figure,) = drawn
    assert legend(figure) == ["rotation before (2026-W32…W40)", "last rotation (2026-W41…W49)"]
    widths = bar_widths(figure)
    assert len(widths) == 18
    assert (widths[8], widths[17]) == (4.67, 3.33), "this week's bar, and the one before"
    assert widths[0] == 0 and "n/a · W41" in texts(figure), "one rating: no figure"
    assert {"4.7 · W49 · this week", "3.3"} <= set(texts(figure))
    (asked,) = slack_api.calls("files.getUploadURLExternal")
    assert "1. Understanding the Task 4.7 (before 3.3)" in asked.body["alt_txt"]
    assert "2. Risk Identification – (before –)" in asked.body["alt_txt"]


def test_a_429_on_the_digest_is_waited_out_and_sent_once(deps, dispatcher, clock,
                                                         slack_api):
    seed_team(deps, members=["U201"])
    slack_api.fail("chat.postMessage", retry_after=0)
    report = tick_at(dispatcher, clock, 2026, 12, 4, 16, 0)
    assert report.counts["sent"] == 1
    assert [c.status for c in slack_api.calls("chat.postMessage")] == [429, 200]
    assert len(digests_to(slack_api, MANAGER)) == 1


def test_a_big_teams_digest_dm_puts_further_pages_in_its_thread(deps, dispatcher, clock,
                                                                slack_api):
    seed_big_team(deps)
    tick_at(dispatcher, clock, 2026, 12, 4, 16, 0)
    messages = dms_to(slack_api, MANAGER)
    summary, *thread = messages
    assert summary["text"].startswith(f"Team reflection {W49}: 60 of 60 answered")
    assert "thread_ts" not in summary
    assert len(thread) == 4  # twelve reflections a page
    assert len({page.get("thread_ts") for page in thread}) == 1 and thread[0]["thread_ts"]
    assert [page["text"] for page in thread] == [
        f"Team reflections {W49}, page {n} of 5" for n in (2, 3, 4, 5)]
    seen = [u for m in messages for u in entry_users(m)]
    assert sorted(seen) == BIG
    assert sorted(u for m in messages for u in question_users(m)) == BIG
    assert all(blockkit.problems(m) == [] for m in messages)


def test_digest_schedule_moves_the_weekly_digest(slack, slack_api, deps, dispatcher, clock):
    clock.set(utc(2026, 11, 30, 12, 0))  # the team is made after Monday 9:00 this week
    seed_team(deps, members=["U201"], tz="Europe/Berlin")
    reply = shown(digest(slack, slack_api, "schedule mon 9am"))
    assert "Your team digest now comes Monday 09:00 (your time zone)." in reply
    tick_at(dispatcher, clock, 2026, 12, 4, 15, 0)  # Friday 16:00 in Berlin
    assert digests_to(slack_api, MANAGER) == []
    tick_at(dispatcher, clock, 2026, 12, 7, 7, 59)
    assert digests_to(slack_api, MANAGER) == []
    tick_at(dispatcher, clock, 2026, 12, 7, 8, 0)  # Monday 09:00 in Berlin (+01:00)
    (sent,) = digests_to(slack_api, MANAGER)
    assert sent["blocks"][0]["text"]["text"] == "Team reflection · 2026-W50"


def test_digest_schedule_needs_a_team_and_a_readable_time(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    assert "you don't manage a team yet" in shown(
        digest(slack, slack_api, "schedule mon 9am", user_id="U201"))
    assert "Say when, in your time zone" in shown(digest(slack, slack_api, "schedule funday"))
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, "T111", MANAGER)
        assert (team.digest_weekday, team.digest_minute) == (4, 16 * 60)


# -- export --------------------------------------------------------------------------------
def test_digest_export_uploads_a_csv_of_shared_reflections_only(slack, slack_api, deps):
    seed_team(deps, members=["U201", "U202"], invited=["U203"])
    reflect(deps, "U201", 4, "shared, with a comma, and \"quotes\"")
    reflect(deps, "U202", 2, "PRIVATE-NEVER-EXPORTED", sharing=KEEP_PRIVATE)
    reflect(deps, "U202", 3, "=HYPERLINK(\"http://evil.example\",\"x\")", week=W40)
    reflect(deps, "U201", 1, "RATING-ONLY-WORDS", week=W40, dimension="risk",
            sharing=RATING_ONLY)
    reflect(deps, "U203", 5, "NOT-A-MEMBER-YET")
    reflect(deps, "U201", 5, "OTHER-WORKSPACE", team_id="T222")
    slack_api.add_user("U201", profile={"display_name": "Ann", "real_name": "Ann Lee"})
    slack_api.add_user("U202", profile={"display_name": "", "real_name": "=Bob"})
    reply = shown(digest(slack, slack_api, "export"))
    assert "Sent you a CSV of 3 shared answers by DM." in reply
    (opened,) = slack_api.calls("conversations.open")
    assert opened.body["users"] == MANAGER
    ((upload, content),) = slack_api.uploaded()
    assert upload["channel_id"] == "D100"
    text = content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["member", "name", "week", "dimension", "rating", "shared", "text"]
    assert sorted(rows[1:]) == sorted([
        ["U201", "Ann", W49, "understanding", "4", "text and rating",
         "shared, with a comma, and \"quotes\""],
        ["U202", "'=Bob", W40, "understanding", "3", "text and rating",
         "'=HYPERLINK(\"http://evil.example\",\"x\")"],
        ["U201", "Ann", W40, "risk", "1", "rating only", ""],
    ])
    for absent in ("PRIVATE-NEVER-EXPORTED", "NOT-A-MEMBER-YET", "OTHER-WORKSPACE",
                   "RATING-ONLY-WORDS"):
        assert absent not in text
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_failed_export_upload_says_so(slack, slack_api, deps):
    seed_team(deps, members=["U201"])
    reflect(deps, "U201", 4, "shared")
    slack_api.fail("files.getUploadURLExternal", error="access_denied")
    assert "couldn't upload the file" in shown(digest(slack, slack_api, "export"))
    assert slack_api.uploaded() == []
