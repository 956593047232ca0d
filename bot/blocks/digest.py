"""The team reflection digest in Block Kit: a summary, then the reflections in pages."""

from __future__ import annotations

from datetime import date

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape, escape_within, plural, quote
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.blocks.nudge import RATING_LABELS
from bot.coaching.calendar import Schedule
from bot.coaching.digest import Digest, Entry
from bot.coaching.figures import Figure
from bot.values import DigestPage, Numbered

# Reflections per message: three blocks each (the author line, the text, the 1:1 question)
# stay inside 50 blocks with the summary (6 at most), and twelve excerpts ("Read all" opens
# the rest) with their questions keep a message under 10,000 characters of text at the
# longest, well under the ~12,000 Slack allows.
PER_PAGE = 12
SHOWN_CHARS = 450
SHOWN_LINES = 8
QUESTION_CHARS = 140  # the guide's longest is about 100; its validator allows 500
BAR = "█"


def _bars(figure: Figure) -> str:
    most = max(figure.distribution.values()) or 1
    lines = []
    for rating in range(5, 0, -1):
        count = figure.distribution[rating]
        bar = BAR * round(12 * count / most) if count else ""
        lines.append(f"{rating} {RATING_LABELS[rating]:<24} {bar} {count}")
    return "```" + "\n".join(lines) + "```"


FLOOR_REASON = "so that no one's answer can be told from it"  # why the privacy floor


def below_floor(rated: int, floor: int) -> str:
    """Why a figure is not shown: too few shared ratings to keep each one anonymous."""
    if not rated:
        return "no shared ratings yet"
    return f"not shown: {plural(rated, 'shared rating')}, and a figure needs {floor} {FLOOR_REASON}"


def _average_line(digest: Digest) -> str:
    if digest.average is None:
        return "*Average*\n" + below_floor(digest.rated, digest.floor)
    line = f"*Average*\n{digest.average:.1f} / 5"
    if digest.change is not None:
        arrow = "▲" if digest.change > 0 else "▼" if digest.change < 0 else "="
        line += f" ({arrow} {digest.change:+.1f} since {digest.previous_week})"
    return line


def pages(digest: Digest) -> int:
    return max(1, (len(digest.entries) + PER_PAGE - 1) // PER_PAGE)


def build_summary(digest: Digest, *, with_page: bool = True) -> dict:
    """Participation, the rating distribution and its trend; the first reflections too."""
    names = ", ".join(f"<@{u}>" for u in digest.missing[:40])
    if len(digest.missing) > 40:
        names += f" and {len(digest.missing) - 40} more"
    blocks = [
        bk.header(f"Team reflection · {digest.week}"),
        bk.section(f"*{escape(digest.topic.heading)}* · your team of "
                   f"{len(digest.members)}"),
        bk.section(fields=[f"*Participation*\n{digest.answered} of {len(digest.members)} "
                           "answered", _average_line(digest)]),
    ]
    if digest.figure:
        blocks.append(bk.section(_bars(digest.figure)))
    if digest.missing:
        blocks.append(bk.section(f"*Not answered yet:* {names}"))
    blocks.append(bk.context(_sharing_line(digest)))
    if with_page:
        blocks += _page_blocks(digest, 1)
    text = (f"Team reflection {digest.week}: {digest.answered} of {len(digest.members)} "
            f"answered on {escape(digest.topic.heading)}")
    return bk.message(text, blocks)


def _sharing_line(digest: Digest) -> str:
    in_full = sum(e.text is not None for e in digest.entries)
    parts = [plural(in_full, "reflection") + " shared with you"]
    if len(digest.entries) > in_full:
        parts.append(plural(len(digest.entries) - in_full, "rating") + " shared without text")
    if digest.kept_private:
        parts.append(plural(digest.kept_private, "answer") + " kept private: counted as "
                     "answered, never shown or averaged")
    return " · ".join(parts)


def build_page(digest: Digest, page: int) -> dict:
    """Reflections page `page` (1-based) on its own, for a thread reply or a button."""
    blocks = _page_blocks(digest, page)
    return bk.message(f"Team reflections {digest.week}, page {page} of {pages(digest)}", blocks)


def _entry(entry: Entry) -> list[dict]:
    """The author line in a block of its own, the text quoted below it: nothing written in
    a reflection can pass for another one's author line. Then a question for their 1:1."""
    return _answer(entry) + ([_question(entry)] if entry.question else [])


def _question(entry: Entry) -> dict:
    ask = escape_within(entry.question.ask, QUESTION_CHARS)
    return bk.context(f"Ask in your 1:1: “{ask}” · more with `/techlead prep` "
                      f"<@{entry.user_id}>")


def _answer(entry: Entry) -> list[dict]:
    author = f"*<@{entry.user_id}>* · {entry.rating}/5, {RATING_LABELS[entry.rating]}"
    if entry.text is None:
        return [bk.context(f"{author} · shared the rating only")]
    quoted_text, cut = quote(entry.text, SHOWN_CHARS, SHOWN_LINES)
    text = bk.section(quoted_text)
    if cut:
        text["accessory"] = bk.button("Read all", ids.READ_REFLECTION,
                                      Numbered(entry.reflection_id).encode())
    return [bk.context(author), text]


def _page_blocks(digest: Digest, page: int) -> list[dict]:
    chunk = digest.entries[(page - 1) * PER_PAGE: page * PER_PAGE]
    if not chunk:
        return []
    blocks = [bk.divider(), *(block for e in chunk for block in _entry(e))]
    total = pages(digest)
    if page < total:
        value = DigestPage(digest.week, page + 1).encode()
        blocks.append(bk.actions(ids.DIGEST_PAGES, bk.button(
            f"More reflections ({page + 1} of {total})", ids.DIGEST_PAGE, value)))
    return blocks


def build_full_reflection(user_id: str, heading: str, week: str, rating: int,
                          text: str) -> dict:
    """A modal with one reflection in full (3,000 characters can need two sections)."""
    # Cut before escaping (escaping can grow a character fivefold, and must not be split).
    parts = [escape(text[i:i + 580]) for i in range(0, len(text), 580)]
    parts = [p for p in parts if p.strip()] or ["_(no text)_"]  # Slack refuses empty text
    blocks = [bk.section(f"*<@{user_id}>* · {escape(heading)} · {week} · {rating}/5")]
    blocks += [bk.section(part) for part in parts[:90]]
    return {"type": "modal", "title": {"type": "plain_text", "text": "Reflection"},
            "close": {"type": "plain_text", "text": "Close"}, "blocks": blocks}


NO_TEAM = ("The digest is for a team's manager, and you don't manage a team yet. Build one "
           "with `/techlead team add @alice @bob`: each person accepts in a DM, and you then "
           "get their ratings and shared reflections every week.")


def build_no_team() -> dict:
    return build_note(NO_TEAM)


def build_week_problem(problem: str, typed: str) -> dict:
    """`/techlead digest <week>` with a week that cannot be read, or is still to come."""
    if problem == "future":
        return build_note("That week has not happened yet.")
    return build_note(f"I couldn't read “{quoted(typed, 20)}” as a week. Try "
                      "`/techlead digest`, `/techlead digest last` or "
                      "`/techlead digest 2026-W48`.")


def build_digest_schedule_help() -> dict:
    return build_note("Say when, in your time zone: `/techlead digest schedule fri 16:00` or "
                      "`/techlead digest schedule mon 9am`.")


def build_digest_schedule_set(schedule: Schedule) -> dict:
    return build_note(f"Your team digest now comes {schedule.describe()} (your time zone).")


def build_export_failed() -> dict:
    return build_note("Sorry, I couldn't upload the file just now; please try again.")


def build_exported(count: int) -> dict:
    return build_note(f"Sent you a CSV of {plural(count, 'shared answer')} by DM.",
                      "Texts only where shared in full; private answers are never exported.")


def export_file(today: date) -> dict:
    """The CSV upload's file name and title."""
    return {"filename": f"team-reflections-{today:%Y-%m-%d}.csv",
            "title": "Team reflections (what each person shared with you)"}


def build_only_the_manager() -> dict:
    return build_note("Only the team's manager sees this.")
