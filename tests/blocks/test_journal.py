"""The evidence journal's builders: its pages inside Slack's limits, the Markdown document
`journal export` uploads, and the answers around them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot import ids
from bot.blocks import journal as jb
from bot.blocks.mrkdwn import escape
from bot.values import CanvasRequest, JournalPage
from storage.models import KEEP_PRIVATE, Evidence
from tests.blocks.conftest import AMPERSANDS, LONG, TRICKY, TRICKY_AS_SENT, reflection
from tests.fakes import blockkit

LINK = "https://test.slack.com/archives/C0123456789/p1700000000000100"
DAY = date(2026, 12, 3)


def note(dimension: str = "risk", *, text: str = "I listed the risks & <owners>.",
         message_text: str | None = "We <b>ship</b> Friday", permalink: str | None = LINK,
         id: int = 1) -> Evidence:
    return Evidence(id=id, team_id="T111", user_id="U111", dimension=dimension, note=text,
                    message_text=message_text, permalink=permalink, channel_id="C0123456789",
                    message_ts="1764720000.000100",
                    created_at=datetime(2026, 12, 3, 9, tzinfo=UTC))


def of_reflection(row, day: date = date(2026, 11, 30)) -> jb.Entry:
    return jb.Entry(row.dimension, day, reflection=row)


def of_evidence(row, day: date = DAY) -> jb.Entry:
    return jb.Entry(row.dimension, day, evidence=row)


def page_buttons(message: dict) -> dict[str, JournalPage]:
    found = {}
    for button in blockkit.buttons(message):
        assert button["action_id"] == ids.JOURNAL_PAGE
        found[button["text"]["text"]] = JournalPage.decode(button["value"])
    return found


def test_an_empty_journal_says_how_to_start(guide):
    message = jb.build_journal_page(guide, [], total=0, page=1, topic=None, counts=(0, 0))
    blockkit.assert_valid_message(message)
    assert "Your journal has nothing yet." in message["text"]
    assert "`/techlead evidence &lt;topic&gt; &lt;what you did&gt;`" in blockkit.shown(message)
    on_risk = jb.build_journal_page(guide, [], total=0, page=1, topic=guide.topic("risk"),
                                    counts=(0, 0))
    assert "nothing on *2. Risk Identification* yet" in blockkit.shown(on_risk)


def test_a_page_groups_by_dimension_and_escapes_what_was_written(guide):
    entries = [of_reflection(reflection("risk", text=TRICKY, sharing=KEEP_PRIVATE)),
               of_evidence(note("risk", text=TRICKY_AS_SENT)),
               of_evidence(note("reviews", message_text=None, permalink=None))]
    message = jb.build_journal_page(guide, entries, total=3, page=1, topic=None, counts=(1, 2))
    blockkit.assert_valid_message(message)
    texts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert texts[0] == "*2. Risk Identification*"
    assert texts[1] == (f"_Reflection · 2026-W49_ · 4/5, more Tech Lead · private\n"
                        f"{escape(TRICKY)}")
    assert texts[2].startswith(f"_Evidence · 03 Dec 2026_ · <{LINK}|the message>\n")
    assert texts[2].endswith("\n> We &lt;b&gt;ship&lt;/b&gt; Friday")
    assert texts[3] == "*6. Code Reviews*"
    assert texts[4] == "_Evidence · 03 Dec 2026_\nI listed the risks &amp; &lt;owners&gt;."
    # The only link is the message's own; nothing anyone wrote pings or links.
    assert blockkit.controls(message) == [f"<{LINK}|the message>"]
    assert "1 reflection, 2 evidence notes · only you see this" in blockkit.shown(message)
    assert page_buttons(message) == {}


@pytest.mark.parametrize("link", ["https://x.example/a|<!channel>", "javascript:alert(1)",
                                  "https://x.example/a>b"])
def test_a_link_that_could_break_the_markup_is_not_linked(guide, link):
    message = jb.build_journal_page(guide, [of_evidence(note(permalink=link))], total=1,
                                    page=1, topic=None, counts=(0, 1))
    blockkit.assert_valid_message(message)
    assert blockkit.controls(message) == []
    markdown = jb.journal_markdown(guide, [of_evidence(note(permalink=link))], DAY)
    assert "[the message]" not in markdown


def test_a_dimensions_page_has_no_dimension_headings(guide):
    entries = [of_evidence(note("risk", id=n)) for n in range(2)]
    message = jb.build_journal_page(guide, entries, total=2, page=1, topic=guide.topic("risk"),
                                    counts=(0, 2))
    blockkit.assert_valid_message(message)
    assert message["blocks"][0]["text"]["text"] == "Your journal · 2. Risk Identification"
    assert "*2. Risk Identification*" not in blockkit.mrkdwn_texts(message)


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, TRICKY * 40])
def test_a_full_page_of_the_longest_entries_fits_in_one_message(guide, text):
    dims = [t.slug for t in guide.dimensions]
    entries = [of_reflection(reflection(dims[n], text=text, id=n)) if n % 2 else
               of_evidence(note(dims[n], text=text, message_text=text * 2, id=n))
               for n in range(jb.PER_PAGE)]
    message = jb.build_journal_page(guide, entries, total=40, page=3, topic=None,
                                    counts=(20, 20))
    blockkit.assert_valid_message(message)
    for entry in [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"
                  and b["text"]["text"].startswith("_")]:
        assert entry.endswith("…"), "clipped, and marked"


@pytest.mark.parametrize(("page", "expected"), [
    (1, {"Older": 2}), (2, {"Newer": 1, "Older": 3}), (3, {"Newer": 2}),
])
def test_paging_buttons_each_in_a_block_of_its_own(guide, page, expected):
    entries = [of_evidence(note(id=n)) for n in range(jb.PER_PAGE)]
    message = jb.build_journal_page(guide, entries, total=jb.PER_PAGE * 3, page=page,
                                    topic=guide.topic("risk"), counts=(0, jb.PER_PAGE * 3))
    blockkit.assert_valid_message(message)
    assert {label: b.page for label, b in page_buttons(message).items()} == expected
    assert {b.dimension for b in page_buttons(message).values()} == {"risk"}
    assert f"Page {page} of 3" in blockkit.shown(message)


def test_the_not_a_dimension_answer_lists_the_nine(guide):
    message = jb.build_journal_not_a_dimension(guide, "summary")
    blockkit.assert_valid_message(message)
    assert all(f"`{t.slug}`" in blockkit.shown(message) for t in guide.dimensions)
    assert "“summary” is not one of them" in message["text"]


# -- the Markdown document ---------------------------------------------------------------------
def test_the_markdown_has_each_dimensions_contrast_ratings_and_entries(guide):
    entries = [of_reflection(reflection("risk", week="2026-W49", rating=4, text="Later one")),
               of_reflection(reflection("risk", week="2026-W40", rating=2, text="Early one"),
                             date(2026, 9, 28)),
               of_evidence(note("risk"))]
    markdown = jb.journal_markdown(guide, entries, date(2026, 12, 7))
    assert markdown.startswith("# Software Engineer vs Tech Lead: my journal\n")
    assert "Exported 07 Dec 2026 · 2 reflections, 1 evidence note." in markdown
    for topic in guide.dimensions:
        assert f"\n## {topic.heading}\n" in markdown
    risk = markdown.split("## 2. Risk Identification")[1].split("\n## ")[0]
    assert "| Software Engineer | Tech Lead |" in risk
    row = guide.topic("risk").rows[0]  # no markup in it: the cells as they are
    assert f"| {row.engineer} | {row.lead} |" in risk
    assert "### Ratings over time\n\n2 (2026-W40) → 4 (2026-W49)" in risk
    assert "- **2026-W49** · 4/5, more Tech Lead\n  Later one" in risk
    assert risk.index("Later one") < risk.index("Early one"), "newest first"
    assert f"- **2026-12-03** · [the message]({LINK})\n  I listed the risks & \\<owners\\>." in risk
    assert "\n\n  _The message:_ We \\<b\\>ship\\</b\\> Friday" in risk
    assert "Nothing here yet." in markdown.split("## 6. Code Reviews")[1]


def test_what_people_wrote_cannot_restructure_the_markdown(guide):
    text = "# not a heading\n- not a list\n1. nor this\n> nor a quote\n[a](https://x) | `c`"
    markdown = jb.journal_markdown(
        guide, [of_reflection(reflection("risk", text=text))], date(2026, 12, 7))
    body = markdown.split("### Reflections\n\n")[1]
    assert ("  \\# not a heading\n  \\- not a list\n  1\\. nor this\n  \\> nor a quote\n"
            "  \\[a\\](https://x) \\| \\`c\\`") in body
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(headings) == 1 + 9 + 2  # the title, the nine, Ratings and Reflections


def test_the_guides_mrkdwn_becomes_markdown_in_the_contrast_table(guide):
    markdown = jb.journal_markdown(guide, [], date(2026, 12, 7))
    cells = [cell for t in guide.dimensions for r in t.rows for cell in (r.engineer, r.lead)]
    bold = [c for c in cells if "*" in c]
    for cell in bold:
        assert jb._cell(cell) in markdown
        assert "**" in jb._cell(cell)
    assert "&amp;" not in markdown


# -- export and canvas answers -----------------------------------------------------------------
def test_the_export_answer_offers_open_as_canvas(guide):
    message = jb.build_journal_exported((104, 300), "techlead-journal-2026-12-07.md",
                                        CanvasRequest("U111"))
    blockkit.assert_valid_message(message)
    assert message["text"].startswith("Sent you your journal by DM as "
                                      "techlead-journal-2026-12-07.md: 104 reflections and "
                                      "300 evidence notes")
    button = blockkit.button(message, ids.OPEN_CANVAS)
    assert button["text"]["text"] == "Open as canvas"
    assert CanvasRequest.decode(button["value"]) == CanvasRequest("U111")
    assert blockkit.block(message, ids.JOURNAL_EXPORT_ACTIONS)["elements"] == [button]


def test_the_canvas_answers(guide):
    for message in (jb.build_canvas_opened(LINK), jb.build_canvas_link(LINK),
                    jb.build_canvases_unavailable(), jb.build_canvas_too_long(),
                    jb.build_canvas_failed(), jb.build_canvas_not_yours(),
                    jb.build_journal_empty_export(), jb.build_journal_export_failed()):
        blockkit.assert_valid_message(message)
    assert set(blockkit.controls(jb.build_canvas_opened(LINK))) == {f"<{LINK}|open it>"}
    assert "free plans" in jb.build_canvases_unavailable()["text"]
    assert "Markdown file" in jb.build_canvases_unavailable()["text"]
