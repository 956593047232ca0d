"""The Software Engineer vs Tech Lead comparison for one topic."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape
from bot.blocks.notes import build_note
from content import Guide, Topic


def build_comparison(guide: Guide, topic: Topic, *, shared_by: str | None = None) -> dict:
    """Header, the two roles side by side row by row, the key difference, a next step."""
    blocks: list[dict] = [bk.header(topic.heading)]
    blocks.append(bk.section(fields=["*Software Engineer*", "*Tech Lead*"]))
    for row in topic.rows:
        text = f"*{row.label}*" if row.label else None
        blocks.append(bk.section(text, fields=[row.engineer, row.lead]))
    if topic.key_difference:
        quote = "\n".join(f">{line}" for line in topic.key_difference)
        blocks.append(bk.section(f"*Key difference*\n{quote}"))
    if shared_by:
        blocks.append(
            bk.context(f"Shared by <@{shared_by}> · try `/techlead {topic.slug}` yourself")
        )
    else:
        following = guide.next_topic(topic)
        blocks.append(
            bk.context(
                f"Next: `/techlead {following.slug}` ({escape(following.heading)}) · "
                "`/techlead help` lists every topic"
            )
        )
        blocks.append(
            bk.actions(
                ids.COMPARISON_ACTIONS,
                bk.button("Share in channel", ids.SHARE_TOPIC, topic.slug),
            )
        )
    return bk.message(comparison_text(topic), blocks)


def comparison_text(topic: Topic) -> str:
    """The plain fallback: every row, engineer then lead."""
    lines = [f"{escape(topic.heading)}: Software Engineer vs Tech Lead"]
    for row in topic.rows:
        prefix = f"{row.label}: " if row.label else ""
        lines.append(f"• {prefix}{row.engineer} → {row.lead}")
    lines += [f"> {line}" for line in topic.key_difference]
    return "\n".join(lines)


def build_topic_gone() -> dict:
    """A Share click on a topic the guide no longer has."""
    return build_note("That topic no longer exists; try `/techlead help`.")


def build_share_failed() -> dict:
    return build_note("Sorry, I couldn't share that here. You can still copy it from this "
                      "message.")
