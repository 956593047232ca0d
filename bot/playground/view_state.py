"""The page's view of the world for the current person, as JSON: each conversation's
messages in time order, grouped under a divider for each day of the person's own calendar
(as Slack shows them), with emoji shortcodes in mrkdwn shown as emoji."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

import emoji

from bot.playground import jumps
from bot.playground.world import BOT, GENERAL, Message, dm_of

# What mrkdwn shows as typed, never as emoji: ```preformatted``` (which may span lines),
# `code` (within a line, never empty) and <...> entities (links, mentions). The page's
# renderer (static/blockkit.js) reads code the same way.
VERBATIM = re.compile(r"```[\s\S]*?```|`[^`\n]+`|<[^>\n]+>")


def emojize(text: str) -> str:
    """`:tada:` -> 🎉 in mrkdwn, by the `emoji` package's table of Slack's (GitHub's)
    shortcodes; unknown names stay as they are, and so does everything in code."""
    out, last = [], 0
    for match in VERBATIM.finditer(text):
        out += [emoji.emojize(text[last:match.start()], language="alias"), match.group()]
        last = match.end()
    out.append(emoji.emojize(text[last:], language="alias"))
    return "".join(out)


def shown(node):
    """A copy of blocks (or a view) with every mrkdwn text object's emoji shown; the world's
    own copy, which the bot's views and actions come from, is left as the bot sent it."""
    if isinstance(node, list):
        return [shown(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: shown(value) for key, value in node.items()}
    if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
        copy["text"] = emojize(node["text"])
    return copy


def day_label(day: date, today: date) -> str:
    """Slack's day divider: `Monday, November 30`, with the year when it is not this one."""
    label = f"{day:%A}, {day:%B} {day.day}"
    return label if day.year == today.year else f"{label}, {day.year}"


def _in_order(messages: list[Message]) -> list[Message]:
    return sorted(messages, key=lambda m: m.at)  # stable: same moment, order of arrival


def _message(message: Message, tz: ZoneInfo, names: dict[str, str]) -> dict:
    local = message.at.astimezone(tz)
    return {
        "id": message.id, "ts": message.ts, "from": message.sender,
        "from_name": names.get(message.sender, message.sender),
        "at": local.isoformat(), "day": local.date().isoformat(),
        "time_label": f"{local:%H:%M}",
        "when": f"{local:%A}, {local:%B} {local.day}, {local.year} at {local:%H:%M}",
        "text": emojize(message.text), "blocks": shown(message.blocks),
        "ephemeral": message.ephemeral_to is not None,
        "replies": [_message(r, tz, names) for r in _in_order(message.replies)],
        "files": [{**f, "url": f"/files/{f['id']}"} for f in message.files],
    }


def conversation(cid: str, name: str, messages: list[Message], tz: ZoneInfo,
                 names: dict[str, str], today: date) -> dict:
    """A channel or DM: its messages in time order, and its days, each with a divider label
    and the ids of its messages (in the viewer's time zone)."""
    shown_messages = [_message(m, tz, names) for m in _in_order(messages)]
    days: list[dict] = []
    for message in shown_messages:
        if not days or days[-1]["date"] != message["day"]:
            label = day_label(date.fromisoformat(message["day"]), today)
            days.append({"date": message["day"], "label": label, "message_ids": []})
        days[-1]["message_ids"].append(message["id"])
    return {"id": cid, "name": name, "messages": shown_messages, "days": days}


def build_state(pg, *, dm_open: bool = False) -> dict:
    """`dm_open`: the person is looking at their DM, so nothing in it is unread."""
    world, now = pg.world, pg.clock()
    me = world.people[pg.me]
    names = {p.id: p.name for p in world.people.values()} | {BOT: "TechLead Coach",
                                                              "UBOT": "TechLead Coach"}

    def person(p) -> dict:
        local = now.astimezone(ZoneInfo(p.tz)).strftime("%a %H:%M")
        return {"id": p.id, "name": p.name, "tz": p.tz, "local_time": local, "role": p.role}

    tz = ZoneInfo(me.tz)
    today = now.astimezone(tz).date()
    dm = world.visible(dm_of(pg.me), pg.me)
    if dm_open:
        world.seen_dm[pg.me] = len(dm)
    seen = world.seen_dm.get(pg.me, 0)
    modal = world.modal_of(pg.me)
    home = world.homes.get(pg.me)
    return {
        "now": now.isoformat(), "now_label": now.strftime("%a %d %b %Y, %H:%M UTC"),
        "me": person(me), "people": [person(p) for p in world.people.values()],
        "users": names,
        "channel": conversation(GENERAL, "general", world.visible(GENERAL, pg.me), tz, names,
                                today),
        "dm": {**conversation(dm_of(pg.me), "TechLead Coach", dm, tz, names, today),
               "unread": max(0, len(dm) - seen)},
        "home": shown(home) if home else None,
        "modal": {"id": modal["id"], "view": shown(modal), "errors": {}} if modal else None,
        "jumps": jumps.JUMPS,
        "notice": None,
        "sent": [],
    }
