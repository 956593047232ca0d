"""The playground's HTTP API over real HTTP: the page's calls reach the real bot as
Slack's would, and the state shows what each person would see."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from bot import ids
from bot.config import Settings
from bot.playground.server import Playground
from tests.fakes.helpers import sharing_values
from tests.fakes.live_server import LiveServer
from tests.fakes.slack_client import http

WEDNESDAY = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def playground():
    """A playground with the demo history, its clock on a Wednesday, served on loopback."""
    pg = Playground(Settings(), demo_history=True, start=WEDNESDAY).start()
    with LiveServer(pg) as server:
        yield server, pg
    pg.close()


def call(server, path: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    reply = http("GET" if body is None else "POST", server.url + path, data,
                 {"Content-Type": "application/json"})
    return reply.status, json.loads(reply.body) if reply.body else None


def settled(server, check, timeout: float = 10.0) -> dict:
    """Poll the state (as the page does) until `check(state)` holds: the bot answers some
    things a moment after its ack."""
    deadline = time.monotonic() + timeout
    while True:
        _, state = call(server, "/api/state")
        if check(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"state never settled: {json.dumps(state)[:2000]}")
        time.sleep(0.05)  # polling a live server, as the page does


def last_in_channel(state: dict) -> str:
    return texts(state["channel"]["messages"][-1])


def texts(message: dict) -> str:
    return json.dumps(message.get("blocks") or []) + message.get("text", "")


def reflect_button(message: dict) -> dict:
    return next(e for b in message["blocks"] if b["type"] == "actions"
                for e in b["elements"] if e["action_id"] == ids.OPEN_REFLECTION)


def test_the_page_and_its_assets_are_served_offline(playground):
    server, _ = playground
    page = http("GET", server.url + "/")
    assert page.status == 200 and b"<html" in page.body.lower()
    for name in ("app.js", "blockkit.js", "style.css"):
        assert http("GET", f"{server.url}/static/{name}").status == 200
    assert b"https://" not in page.body, "no CDN: every asset is local"
    assert http("GET", server.url + "/static/../server.py").status == 404


def test_a_command_reaches_the_bot_signed_and_the_answer_is_only_for_its_author(
        playground):
    server, _ = playground
    status, state = call(server, "/api/command", {"text": "/techlead risk"})
    assert status == 200
    answer = state["channel"]["messages"][-1]
    assert answer["from"] == "bot" and answer["ephemeral"] is True
    assert "Identifies risks in own task" in texts(answer)
    _, other = call(server, "/api/as", {"user": "U03RAVI"})
    assert all("Identifies risks" not in texts(m) for m in other["channel"]["messages"])


def test_a_shared_comparison_is_seen_by_everyone(playground):
    server, _ = playground
    _, state = call(server, "/api/command", {"text": "/techlead risk"})
    answer = state["channel"]["messages"][-1]
    call(server, "/api/action", {"surface": "message", "message_id": answer["id"],
                                 "action": {"action_id": ids.SHARE_TOPIC, "type": "button",
                                            "block_id": "b", "value": "risk"}})
    call(server, "/api/as", {"user": "U04SAM"})
    other = settled(server, lambda st: any("Shared by" in texts(m)
                                           for m in st["channel"]["messages"]))
    shared = [m for m in other["channel"]["messages"] if "Shared by" in texts(m)]
    assert len(shared) == 1 and shared[0]["ephemeral"] is False


def test_from_nudge_to_reflection_to_the_managers_digest(playground):
    server, pg = playground
    _, state = call(server, "/api/state")
    (nudge,) = state["dm"]["messages"]  # Wednesday: this week's nudge caught up
    assert state["dm"]["unread"] == 1
    button = reflect_button(nudge)
    call(server, "/api/action", {
        "surface": "message", "message_id": nudge["id"],
        "action": {"action_id": button["action_id"], "block_id": ids.NUDGE_ACTIONS,
                   "type": "button", "value": button["value"]}})
    modal = settled(server, lambda st: st["modal"] is not None)["modal"]
    assert modal["view"]["callback_id"] == ids.REFLECTION_VIEW
    values = {ids.RATING_BLOCK: {ids.RATING_ACTION: {"type": "radio_buttons",
                                                     "selected_option": {"value": "4"}}},
              ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"type": "plain_text_input", "value": " "}},
              **sharing_values()}
    _, state = call(server, "/api/submit", {"view_id": modal["id"], "values": values})
    assert "Write a few sentences" in state["modal"]["errors"][ids.TEXT_BLOCK]
    values[ids.TEXT_BLOCK][ids.TEXT_ACTION]["value"] = "I listed the risks <!channel> first."
    _, state = call(server, "/api/submit", {"view_id": modal["id"], "values": values})
    assert state["modal"] is None
    settled(server, lambda st: "Reflected ✓" in texts(st["dm"]["messages"][0]))
    call(server, "/api/as", {"user": "U01MAYA"})
    call(server, "/api/command", {"text": "/techlead digest"})
    state = settled(server, lambda st: "Team reflection" in last_in_channel(st))
    assert "I listed the risks &lt;!channel&gt; first." in last_in_channel(state)


def test_clock_jumps_run_the_scheduler_at_that_moment(playground):
    server, pg = playground
    _, state = call(server, "/api/clock", {"jump": "next_nudge"})
    assert state["now"].startswith("2026-12-07T09:00")  # Monday 10:00 in Berlin
    assert "the bot sent" in state["notice"]
    assert state["dm"]["messages"][-1]["blocks"][0]["text"]["text"].startswith("This week:")
    call(server, "/api/as", {"user": "U01MAYA"})
    _, state = call(server, "/api/clock", {"jump": "digest"})
    assert state["now"].startswith("2026-12-11T21:00")  # Friday 16:00 in New York
    files = [f for m in state["dm"]["messages"] for f in m["files"]]
    assert files and files[0]["mimetype"] == "image/png"
    image = http("GET", server.url + files[0]["url"])
    assert image.status == 200 and image.body.startswith(b"\x89PNG")


def test_the_home_tab_is_published_when_opened(playground):
    server, _ = playground
    call(server, "/api/home", {})
    state = settled(server, lambda st: st["home"] is not None)
    assert state["home"]["type"] == "home"
    assert "Subscribed" in json.dumps(state["home"])


@pytest.mark.parametrize(("path", "body", "status"), [
    ("/api/command", {"text": "hello"}, 400),
    ("/api/as", {"user": "U_NOBODY"}, 400),
    ("/api/clock", {"jump": "yesterday"}, 400),
    ("/api/nothing", {}, 404),
    ("/api/action", {"surface": "message", "message_id": "M999", "action": {}}, 404),
    ("/api/submit", {"view_id": "V999", "values": {}}, 404),
])
def test_bad_requests_get_a_clear_error(playground, path, body, status):
    server, _ = playground
    got, answer = call(server, path, body)
    assert got == status and answer["error"]


def test_the_real_slack_endpoint_still_refuses_unsigned_requests(playground):
    server, _ = playground
    assert http("POST", server.url + "/slack/events", b"command=%2Ftechlead&text=risk",
                {"Content-Type": "application/x-www-form-urlencoded"}).status == 401


def test_mentions_are_escaped_as_slack_does_so_a_manager_can_invite(playground):
    server, _ = playground
    call(server, "/api/as", {"user": "U03RAVI"})
    call(server, "/api/command", {"text": "/techlead team add @Sam & <b>"})
    state = settled(server, lambda st: "Nobody was invited" in last_in_channel(st))
    answer = last_in_channel(state)
    assert "is not a mention" in answer and "&amp;" in answer  # "&" and "<b>" named, escaped
    call(server, "/api/command", {"text": "/techlead team add @Sam"})
    settled(server, lambda st: "Invited" in last_in_channel(st))
    call(server, "/api/as", {"user": "U04SAM"})
    sam = settled(server, lambda st: st["dm"]["messages"] and any(
        b.get("block_id") == "invitation" for b in st["dm"]["messages"][-1]["blocks"] or []))
    invitation = sam["dm"]["messages"][-1]
    assert any(b.get("block_id") == "invitation" for b in invitation["blocks"])


# -- what the page shows: days, order, emoji, what was typed -----------------------------------

def day_label(iso: str) -> str:
    day = datetime.fromisoformat(iso)
    return f"{day:%A}, {day:%B} {day.day}"


def test_messages_come_in_time_order_under_a_divider_for_each_day(playground):
    server, pg = playground
    call(server, "/api/command", {"text": "/techlead risk"})
    with pg.lock:  # a message from an earlier day, arriving last
        now = pg.clock()
        pg.clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
        pg.world.post("C_GENERAL", "U03RAVI", "from Monday morning")
        pg.clock.set(now)
    _, state = call(server, "/api/clock", {"jump": "next_week"})
    for conversation in (state["channel"], state["dm"]):
        messages, days = conversation["messages"], conversation["days"]
        times = [datetime.fromisoformat(m["at"]) for m in messages]
        assert times == sorted(times)
        assert [d["date"] for d in days] == sorted({d["date"] for d in days})
        by_id = {m["id"]: m for m in messages}
        assert [i for d in days for i in d["message_ids"]] == [m["id"] for m in messages]
        for day in days:
            assert day["label"] == day_label(day["date"])
            for message in map(by_id.get, day["message_ids"]):
                local = datetime.fromisoformat(message["at"])  # Alice's own time, Berlin
                assert local.date().isoformat() == message["day"] == day["date"]
                assert message["time_label"] == f"{local:%H:%M}"
    channel = state["channel"]
    assert channel["messages"][0]["text"] == "from Monday morning"
    assert [d["label"] for d in channel["days"]] == ["Monday, November 30",
                                                     "Wednesday, December 2"]
    assert [d["label"] for d in state["dm"]["days"]][:2] == ["Wednesday, December 2",
                                                              "Thursday, December 3"]


def section_texts(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] or [] if b["type"] == "section"]


def test_emoji_shortcodes_show_as_emoji_except_in_code(playground):
    server, _ = playground
    _, state = call(server, "/api/command", {"text": "/techlead :tada: :white_check_mark:"})
    (text,) = section_texts(state["channel"]["messages"][-1])
    assert "🎉 ✅" in text and ":tada:" not in text
    _, state = call(server, "/api/command", {"text": "/techlead `:tada:` ```:+1:```"})
    (text,) = section_texts(state["channel"]["messages"][-1])
    assert "`:tada:`" in text and "```:+1:```" in text and "🎉" not in text


def test_the_echo_of_a_command_is_what_was_typed_not_a_mention(playground):
    server, _ = playground
    _, state = call(server, "/api/command", {"text": "/techlead risk <!channel> & <@U04SAM>"})
    (echo,) = [m for m in state["channel"]["messages"] if m["from"] == "U02ALICE"]
    # As Slack stores typed text: &, < and > escaped, so the page shows them, literally.
    assert echo["text"] == "/techlead risk &lt;!channel&gt; &amp; &lt;@U04SAM&gt;"
    assert echo["ephemeral"] is True and not echo["blocks"]


# -- the clock: every moment passed over is run, and a jump reports what it sent ---------------

def sent_rows(pg) -> set[tuple[str, str, str]]:
    from storage.models import Delivery
    with pg.deps.sessions.begin() as session:
        rows = session.query(Delivery.user_id, Delivery.kind, Delivery.week, Delivery.status)
        return {(user, kind, week) for user, kind, week, status in rows if status == "sent"}


def kinds_in(messages: list[dict]) -> list[str]:
    found = []
    for m in messages:
        text = texts(m)
        found += ["nudge"] * ("This week:" in text) + ["reminder"] * ("gentle reminder" in text)
    return found


def test_jump_to_the_reminder_answers_after_the_reminder_is_sent():
    # Monday 08:00 UTC: Alice's nudge (10:00 Berlin) has not gone out yet.
    pg = Playground(Settings(), demo_history=False,
                    start=datetime(2026, 12, 7, 8, 0, tzinfo=UTC)).start()
    try:
        with LiveServer(pg) as server:
            _, state = call(server, "/api/clock", {"jump": "reminder"})
            assert state["now"].startswith("2026-12-10T09:00")  # Thursday 10:00 in Berlin
            assert kinds_in(state["dm"]["messages"]) == ["nudge", "reminder"]
            assert {"kind": "reminder", "user": "U02ALICE", "week": "2026-W50"} in state["sent"]
            assert "1 nudge" in state["notice"] and "3 reminders" in state["notice"]
            _, state = call(server, "/api/clock", {"jump": "next_week"})  # at once
            assert ("U02ALICE", "reminder", "2026-W50") in sent_rows(pg)
    finally:
        pg.close()


def test_a_jump_runs_the_scheduler_at_every_moment_it_passes_over(playground):
    server, pg = playground
    before = sent_rows(pg)
    _, first = call(server, "/api/clock", {"jump": "next_week"})
    _, state = call(server, "/api/clock", {"jump": "next_week"})  # straight after
    assert state["now"].startswith("2026-12-16T12:00")
    sent = sent_rows(pg)
    for member in ("U02ALICE", "U03RAVI", "U04SAM"):
        for week in ("2026-W49", "2026-W50"):
            assert (member, "reminder", week) in sent
        for week in ("2026-W50", "2026-W51"):
            assert (member, "nudge", week) in sent
    for week in ("2026-W49", "2026-W50"):
        assert ("U01MAYA", "digest", week) in sent
    # The answers name exactly what was sent, each once; Alice's DM has each message once.
    reported = [(s["user"], s["kind"], s["week"]) for s in first["sent"] + state["sent"]]
    assert sorted(reported) == sorted(sent - before)
    assert kinds_in(state["dm"]["messages"]) == ["nudge", "reminder", "nudge", "reminder",
                                                 "nudge"]


def test_the_background_scheduler_never_races_a_jump(monkeypatch):
    """The background scheduler ticks all the time and each message takes a while to send:
    still every week's nudge and reminder go out, each once, at its own moment, and each
    jump reports exactly what it sent."""
    from bot.playground import server as playground_server
    from bot.reflect import nudges

    monkeypatch.setattr(playground_server, "TICK_SECONDS", 0.01)
    slow = nudges.post_dm

    def post_dm(client, user_id, message, metadata=None):
        time.sleep(0.03)
        return slow(client, user_id, message, metadata)

    monkeypatch.setattr(nudges, "post_dm", post_dm)
    pg = Playground(Settings(), demo_history=False, start=WEDNESDAY).start()
    try:
        with LiveServer(pg) as server:
            time.sleep(0.1)
            before = sent_rows(pg)
            reported = []
            for _ in range(3):
                _, state = call(server, "/api/clock", {"jump": "next_week"})
                reported += [(s["user"], s["kind"], s["week"]) for s in state["sent"]]
            time.sleep(0.2)  # a background tick after the last jump finds nothing due
            sent = sent_rows(pg)
            assert sorted(reported) == sorted(sent - before)
            assert len(reported) == len(set(reported))
            for member in ("U02ALICE", "U03RAVI", "U04SAM"):
                for week in ("2026-W49", "2026-W50", "2026-W51"):
                    assert (member, "reminder", week) in sent, (member, week)
            # Alice's messages came at her own times: Mondays and Thursdays, 10:00 in Berlin.
            _, state = call(server, "/api/state")
            times = {(m["at"][:10], m["time_label"]) for m in state["dm"]["messages"][1:]}
            assert all(label == "10:00" for _, label in times), times
    finally:
        pg.close()


# -- the demo history ------------------------------------------------------------------------

def test_each_demo_reflection_is_about_the_dimension_it_is_filed_under(playground):
    from bot.playground import demo
    from storage.models import Reflection

    _, pg = playground
    samples = demo.samples_by_dimension()
    assert set(samples) == {t.slug for t in pg.deps.guide.dimensions}
    every = [text for texts_ in samples.values() for text in texts_]
    assert len(every) == len(set(every)), "no sample is filed under two dimensions"
    with pg.deps.sessions.begin() as session:
        rows = [(r.dimension, r.text) for r in session.query(Reflection)]
    assert len({dimension for dimension, _ in rows}) >= 9
    for dimension, text in rows:
        assert text in samples[dimension], (dimension, text)
