"""The App Home tab."""

from __future__ import annotations

from bot.blocks import elements as bk
from bot.catalogue import COMMANDS
from bot.mrkdwn import escape
from content import Guide


def build_home(guide: Guide) -> dict:
    """A Home view: what the bot does and how to ask it."""
    topics = "\n".join(f"• `/techlead {t.slug}` {escape(t.heading)}" for t in guide.topics)
    soon = ", ".join(f"`{c.usage}`" for c in COMMANDS if not c.available)
    blocks = [
        bk.header("TechLead Coach"),
        bk.section(
            f"Coaching from *{guide.title}*: how the work looks from each side, one "
            "dimension at a time. Type `/techlead <topic>` in any channel; only you see the "
            "answer until you share it."
        ),
        bk.divider(),
        bk.section(f"*Topics*\n{topics}"),
        bk.context(f"Coming soon: {soon}"),
    ]
    return {"type": "home", "blocks": blocks}
