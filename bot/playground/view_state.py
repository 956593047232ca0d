"""The page's view of the world for the current person, as JSON."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.playground import jumps
from bot.playground.world import BOT, GENERAL, Message, dm_of


def _message(message: Message, tz: ZoneInfo, names: dict[str, str]) -> dict:
    return {
        "id": message.id, "ts": message.ts, "from": message.sender,
        "from_name": names.get(message.sender, message.sender),
        "time_label": message.at.astimezone(tz).strftime("%a %H:%M"),
        "text": message.text, "blocks": message.blocks,
        "ephemeral": message.ephemeral_to is not None,
        "replies": [_message(r, tz, names) for r in message.replies],
        "files": [{**f, "url": f"/files/{f['id']}"} for f in message.files],
    }


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
    dm = world.visible(dm_of(pg.me), pg.me)
    if dm_open:
        world.seen_dm[pg.me] = len(dm)
    seen = world.seen_dm.get(pg.me, 0)
    modal = world.modal_of(pg.me)
    return {
        "now": now.isoformat(), "now_label": now.strftime("%a %d %b %Y, %H:%M UTC"),
        "me": person(me), "people": [person(p) for p in world.people.values()],
        "users": names,
        "channel": {"id": GENERAL, "name": "general",
                    "messages": [_message(m, tz, names) for m in world.visible(GENERAL,
                                                                                pg.me)]},
        "dm": {"id": dm_of(pg.me), "name": "TechLead Coach",
               "messages": [_message(m, tz, names) for m in dm],
               "unread": max(0, len(dm) - seen)},
        "home": world.homes.get(pg.me),
        "modal": {"id": modal["id"], "view": modal, "errors": {}} if modal else None,
        "jumps": jumps.JUMPS,
        "notice": None,
    }
