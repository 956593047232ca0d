"""The team digest: summary, pages of reflections with a 1:1 question under each, Read all,
and the digest command's short answers. (The chart's text fallback: test_trend.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot import ids
from bot.blocks import digest as dg
from bot.blocks.mrkdwn import escape
from bot.blocks.nudge import RATING_LABELS
from bot.coaching.calendar import Schedule
from bot.values import DigestPage, Numbered
from content import ManagerQuestion, Topic
from content.validate import MAX_QUESTION
from tests.blocks.conftest import (
    AMPERSANDS,
    LONG,
    TRICKY,
    TRICKY_AS_SENT,
    WEEK,
    huge_topic,
    make_digest,
    users,
)
from tests.fakes import blockkit


def valid(message: dict, digest=None) -> dict:
    blockkit.assert_valid_message(message)
    people = set(digest.members) if digest else set()
    blockkit.assert_no_pings(message, people)
    return message


ASK = "Ask in your 1:1: “"


def entries(message: dict) -> list[tuple[dict, dict]]:
    """The reflections shown, each as its two blocks: the author line (a context block of
    its own) and the section of its quoted text right below it. (A rating shared alone is
    its author line only: see rating_lines; the 1:1 question below: see questions.)"""
    blocks = message["blocks"]
    found = []
    for k, block in enumerate(blocks):
        if block["type"] == "context" and block["elements"][0]["text"].startswith("*<@") \
                and not block["elements"][0]["text"].endswith(RATING_ALONE):
            assert len(block["elements"]) == 1
            text = blocks[k + 1]
            assert text["type"] == "section" and "fields" not in text
            found.append((block, text))
    return found


RATING_ALONE = " · shared the rating only"


def questions(message: dict) -> list[str]:
    return [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"
            and b["elements"][0]["text"].startswith(ASK)]


def rating_lines(message: dict) -> list[str]:
    return [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"
            and b["elements"][0]["text"].endswith(RATING_ALONE)]


def author_line(entry: tuple[dict, dict]) -> str:
    return entry[0]["elements"][0]["text"]


def author(entry: tuple[dict, dict]) -> str:
    return author_line(entry).split(">", 1)[0][3:]


def excerpt(entry: tuple[dict, dict]) -> str:
    """The reflection's text as shown, every line quoted; without the quote marks."""
    lines = entry[1]["text"]["text"].split("\n")
    assert all(line.startswith(">") for line in lines), lines
    return "\n".join(line[1:] for line in lines)


def page_layout(message: dict) -> list[str]:
    """The page's blocks after the summary, by kind: a divider, three per reflection (its
    author, text and 1:1 question), and the More button when more follow."""
    blocks = message["blocks"]
    start = next((k for k, b in enumerate(blocks) if b["type"] == "divider"), len(blocks))
    kinds = []
    for block in blocks[start:]:
        if block["type"] == "context":
            kinds.append("question" if block["elements"][0]["text"].startswith(ASK)
                         else "author")
        elif block["type"] == "section":
            kinds.append("text")
        else:
            kinds.append(block["type"])
    return kinds


def more_button(message: dict) -> DigestPage | None:
    found = [b for b in blockkit.buttons(message) if b["action_id"] == ids.DIGEST_PAGE]
    if not found:
        return None
    (button,) = found
    assert blockkit.block(message, ids.DIGEST_PAGES)["elements"] == [button]
    return DigestPage.decode(button["value"])


def test_a_small_team(guide):
    digest = make_digest(guide, members=3, answered=2)
    summary = valid(dg.build_summary(digest), digest)
    assert summary["blocks"][0]["text"]["text"] == f"Team reflection · {WEEK}"
    shown = blockkit.shown(summary)
    assert "*3. Planning &amp; Estimation* · your team of 3" in shown
    assert "*Participation*\n2 of 3 answered" in shown
    assert "*Average*\n1.5 / 5 (▼ -0.5 since 2026-W40)" in shown
    assert f"*Not answered yet:* <@{users(3)[2]}>" in shown
    assert "2 reflections shared with you" in shown and "private" not in shown
    assert [author(s) for s in entries(summary)] == users(2)
    assert page_layout(summary) == ["divider", *["author", "text", "question"] * 2]
    assert summary["text"] == (f"Team reflection {WEEK}: 2 of 3 answered on "
                               "3. Planning &amp; Estimation")
    assert more_button(summary) is None


KEPT = "kept private: counted as answered, never shown or averaged"


@pytest.mark.parametrize(("private", "rating_only", "shared", "expected"), [
    (1, 0, 1, f"1 reflection shared with you · 1 answer {KEPT}"),
    (0, 0, 1, "1 reflection shared with you"),
    (1, 0, 0, f"0 reflections shared with you · 1 answer {KEPT}"),
    (2, 1, 2,
     f"2 reflections shared with you · 1 rating shared without text · 2 answers {KEPT}"),
    (0, 2, 0, "0 reflections shared with you · 2 ratings shared without text"),
])
def test_the_counts_are_in_singular_and_plural(guide, private, rating_only, shared, expected):
    digest = make_digest(guide, members=private + rating_only + shared, private=private,
                         rating_only=rating_only)
    contexts = [b["elements"][0]["text"] for b in dg.build_summary(digest)["blocks"]
                if b["type"] == "context"]
    assert contexts[0] == expected


def test_a_rating_shared_alone_shows_as_a_rating_without_words(guide):
    digest = make_digest(guide, members=3, rating_only=1, text="shared words")
    summary = valid(dg.build_summary(digest), digest)
    assert rating_lines(summary) == [f"*<@{users(3)[0]}>* · 1/5, {RATING_LABELS[1]}"
                                     f"{RATING_ALONE}"]
    assert [author(s) for s in entries(summary)] == users(3)[1:]
    assert blockkit.shown(summary).count("shared words") == 2


@pytest.mark.parametrize(("rated", "floor", "expected"), [
    (0, 3, "*Average*\nno shared ratings yet"),
    (1, 3, "*Average*\nnot shown: 1 shared rating, and a figure needs 3 so that no one's "
           "answer can be told from it"),
    (2, 3, "*Average*\nnot shown: 2 shared ratings, and a figure needs 3 so that no one's "
           "answer can be told from it"),
])
def test_below_the_floor_the_digest_says_why_no_figure_is_shown(guide, rated, floor, expected):
    digest = make_digest(guide, members=4, answered=rated, floor=floor)
    summary = valid(dg.build_summary(digest), digest)
    shown = blockkit.shown(summary)
    assert expected in shown and f"{rated} of 4 answered" in shown
    assert "```" not in shown, "no distribution below the floor"
    assert "/ 5" not in shown


def test_the_rating_distribution_as_bars(guide):
    digest = make_digest(guide, members=7)  # ratings 1, 2, 3, 4, 5, 1, 2
    bars = next(t for t in blockkit.mrkdwn_texts(dg.build_summary(digest))
                if t.startswith("```"))
    lines = bars.strip("`").splitlines()
    assert [line.split()[0] for line in lines] == ["5", "4", "3", "2", "1"]
    assert [int(line.split()[-1]) for line in lines] == [1, 1, 1, 2, 2]
    assert lines[0].startswith(f"5 {RATING_LABELS[5]:<24} {dg.BAR * 6} 1")
    assert lines[4].endswith(f"{dg.BAR * 12} 2")


@pytest.mark.parametrize(("previous", "expected"), [
    (2.0, "3.0 / 5 (▲ +1.0 since 2026-W40)"), (4.0, "3.0 / 5 (▼ -1.0 since 2026-W40)"),
    (3.0, "3.0 / 5 (= +0.0 since 2026-W40)"), (None, "3.0 / 5"),
])
def test_the_average_and_its_trend(guide, previous, expected):
    digest = make_digest(guide, members=5, previous=previous)  # 1..5: average 3
    shown = blockkit.shown(dg.build_summary(digest))
    assert f"*Average*\n{expected}" in shown
    assert f"{expected} (" not in shown


def test_nobody_answered_yet(guide):
    digest = make_digest(guide, members=120, answered=0)
    summary = valid(dg.build_summary(digest), digest)
    shown = blockkit.shown(summary)
    assert "*Participation*\n0 of 120 answered" in shown and "no shared ratings yet" in shown
    assert "```" not in shown, "no bars without answers"
    assert entries(summary) == []
    listed = shown.split("*Not answered yet:* ")[1].split("\n")[0]
    assert listed.endswith(" and 80 more")
    assert blockkit.mentioned(summary) == set(users(40)), "forty named, the rest counted"


def test_an_empty_team(guide):
    digest = make_digest(guide, members=0)
    summary = valid(dg.build_summary(digest))
    assert "*Participation*\n0 of 0 answered" in blockkit.shown(summary)
    assert dg.pages(digest) == 1
    assert dg.build_page(digest, 1)["blocks"] == []


def test_one_member_one_short_reflection(guide):
    digest = make_digest(guide, members=1, text=TRICKY)
    summary = valid(dg.build_summary(digest), digest)
    (entry,) = entries(summary)
    assert author_line(entry) == f"*<@{users(1)[0]}>* · 1/5, {RATING_LABELS[1]}"
    assert entry[1]["text"]["text"] == f">{escape(TRICKY)}"
    assert "accessory" not in entry[1], "nothing to read in full"


FAKE_AUTHOR = "*<@U999>* · 1/5, mostly Software Engineer"


@pytest.mark.parametrize(("text", "expected"), [
    (f"{FAKE_AUTHOR}\nI quit",
     ">*&lt;@U999&gt;* · 1/5, mostly Software Engineer\n>I quit"),
    (f"All fine.\n{FAKE_AUTHOR}\nI quit",
     ">All fine.\n>*&lt;@U999&gt;* · 1/5, mostly Software Engineer\n>I quit"),
    (f"All fine.\n\n  {FAKE_AUTHOR}\n> I quit",  # blank lines dropped, a typed > escaped
     ">All fine.\n>  *&lt;@U999&gt;* · 1/5, mostly Software Engineer\n>&gt; I quit"),
])
def test_a_reflection_cannot_pass_for_another_ones_author_line(guide, text, expected):
    """Whatever a reflection says shows inside its own quoted section: the only author
    lines (context blocks) are the real authors'."""
    digest = make_digest(guide, members=2, text=text)  # ratings 1 and 2
    summary = valid(dg.build_summary(digest), digest)
    contexts = [b["elements"][0]["text"] for b in summary["blocks"] if b["type"] == "context"]
    assert [c for c in contexts if not c.startswith(ASK)] == [
        "2 reflections shared with you",
        f"*<@{users(2)[0]}>* · 1/5, {RATING_LABELS[1]}",
        f"*<@{users(2)[1]}>* · 2/5, {RATING_LABELS[2]}",
    ]
    shown = entries(summary)
    assert [entry[1]["text"]["text"] for entry in shown] == [expected, expected]
    assert [t for t in blockkit.all_texts(summary["blocks"]) if "U999" in t] == [
        expected, expected], "nowhere else"
    assert page_layout(summary) == ["divider", *["author", "text", "question"] * 2]
    assert "U999" not in blockkit.mentioned(summary)


def test_private_answers_are_counted_never_shown(guide):
    digest = make_digest(guide, members=4, private=2, text="shared text")
    summary = valid(dg.build_summary(digest), digest)
    assert f"2 reflections shared with you · 2 answers {KEPT}" in blockkit.shown(summary)
    assert [author(s) for s in entries(summary)] == users(4)[2:]


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, TRICKY * 40])
def test_a_long_reflection_is_clipped_with_read_all(guide, text):
    digest = make_digest(guide, members=2, text=text)
    summary = valid(dg.build_summary(digest), digest)
    for entry, expected in zip(entries(summary), digest.entries, strict=True):
        shown = excerpt(entry)
        assert shown.endswith("…") and escape(text).startswith(shown[:-1])
        assert len(shown) <= dg.SHOWN_CHARS
        assert blockkit.markup_problems(entry[1]["text"]["text"]) == []
        assert "accessory" not in entry[0], "the button sits with the text, not the author"
        read = entry[1]["accessory"]
        assert (read["type"], read["action_id"], read["text"]["text"]) == (
            "button", ids.READ_REFLECTION, "Read all")
        assert Numbered.decode(read["value"]) == Numbered(expected.reflection_id)


def lines(count: int, blank_between: bool = False) -> str:
    return ("\n\n" if blank_between else "\n").join(f"Line {k} & <more>" for k in
                                                      range(1, count + 1))


@pytest.mark.parametrize(("text", "shown_lines", "read_all"), [
    (lines(1), 1, False), (lines(dg.SHOWN_LINES), dg.SHOWN_LINES, False),
    (lines(dg.SHOWN_LINES, blank_between=True), dg.SHOWN_LINES, False),
    (lines(dg.SHOWN_LINES + 1), dg.SHOWN_LINES, True), (lines(200), dg.SHOWN_LINES, True),
    (lines(3, blank_between=True) + "\n" * 40, 3, False),
])
def test_a_reflection_of_many_lines_shows_the_first_eight_quoted(guide, text, shown_lines,
                                                                 read_all):
    digest = make_digest(guide, members=1, text=text)
    (entry,) = entries(valid(dg.build_summary(digest), digest))
    assert excerpt(entry) == "\n".join(
        escape(f"Line {k} & <more>") for k in range(1, shown_lines + 1))
    assert ("accessory" in entry[1]) is read_all


def test_many_long_lines_are_cut_to_the_excerpts_characters_too(guide):
    text = "\n".join(f"{k} " + "& " * 200 for k in range(20))
    digest = make_digest(guide, members=1, text=text)
    (entry,) = entries(valid(dg.build_summary(digest), digest))
    shown = excerpt(entry)
    assert len(shown) <= dg.SHOWN_CHARS and shown.endswith("…")
    assert escape(text).startswith(shown[:-1])
    assert entry[1]["accessory"]["action_id"] == ids.READ_REFLECTION


@pytest.mark.parametrize("text", [LONG, AMPERSANDS])
@pytest.mark.parametrize(("members", "answered"), [(15, 15), (18, 18), (19, 19), (20, 20),
                                                   (21, 21), (60, 60), (120, 60), (120, 120)])
def test_a_big_team_of_long_reflections_over_pages(guide, members, answered, text):
    digest = make_digest(guide, members=members, answered=answered, text=text, private=3)
    total = dg.pages(digest)
    assert total == max(1, -(-len(digest.entries) // dg.PER_PAGE))
    summary = valid(dg.build_summary(digest), digest)
    messages = [summary] + [valid(dg.build_page(digest, p), digest)
                            for p in range(2, total + 1)]
    seen = [author(s) for m in messages for s in entries(m)]
    assert seen == [e.user_id for e in digest.entries], "every shared reflection once, in order"
    for page, message in enumerate(messages, 1):
        count = min(dg.PER_PAGE, len(digest.entries) - (page - 1) * dg.PER_PAGE)
        assert page_layout(message) == ["divider", *["author", "text", "question"] * count,
                                        *(["actions"] if page < total else [])]
    for page, message in enumerate(messages, 1):
        expected = DigestPage(WEEK, page + 1) if page < total else None
        assert more_button(message) == expected
        if expected:
            assert blockkit.button(message, ids.DIGEST_PAGE)["text"]["text"] == (
                f"More reflections ({page + 1} of {total})")
    for page in range(1, total + 1):
        alone = dg.build_page(digest, page)
        assert alone["text"] == f"Team reflections {WEEK}, page {page} of {total}"
    assert dg.build_page(digest, 1)["blocks"] == summary["blocks"][-len(
        dg.build_page(digest, 1)["blocks"]):]


def test_a_page_past_the_end_has_no_reflections_but_says_which_page(guide):
    digest = make_digest(guide, members=3)
    page = dg.build_page(digest, 7)
    assert page == {"text": f"Team reflections {WEEK}, page 7 of 1", "blocks": []}


def test_the_summary_alone(guide):
    digest = make_digest(guide, members=60, text=LONG)
    summary = valid(dg.build_summary(digest, with_page=False), digest)
    assert entries(summary) == [] and blockkit.buttons(summary) == []


def test_a_topic_at_the_guides_limits(guide):
    digest = make_digest(guide, members=60, answered=30, text=LONG, topic=huge_topic())
    for message in (dg.build_summary(digest), dg.build_page(digest, 2)):
        valid(message, digest)
    assert "&lt;Reward&gt;" in dg.build_summary(digest)["text"]


def test_the_full_reflection(guide):
    view = dg.build_full_reflection("U0123456789", "3. Planning & Estimation", WEEK, 4, TRICKY)
    blockkit.assert_valid_view(view)
    blockkit.assert_no_pings(view, {"U0123456789"})
    assert (view["type"], view["title"]["text"], view["close"]["text"]) == (
        "modal", "Reflection", "Close")
    head, body = (b["text"]["text"] for b in view["blocks"])
    assert head == f"*<@U0123456789>* · 3. Planning &amp; Estimation · {WEEK} · 4/5"
    assert body == escape(TRICKY)


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, TRICKY * 40, "x"])
def test_the_full_reflection_shows_every_character(text):
    view = dg.build_full_reflection("U1", "Heading", WEEK, 3, text)
    blockkit.assert_valid_view(view)
    blockkit.assert_no_pings(view, {"U1"})
    assert "".join(b["text"]["text"] for b in view["blocks"][1:]) == escape(text)
    assert not any(b["text"]["text"].endswith("…") for b in view["blocks"])


@pytest.mark.parametrize("text", ["", "   "])
def test_the_full_reflection_of_no_text_is_still_a_valid_view(text):
    view = dg.build_full_reflection("U1", "Heading", WEEK, 3, text)
    blockkit.assert_valid_view(view)
    assert len(view["blocks"]) == 2


def test_the_export_file():
    export = dg.export_file(date(2026, 12, 4))
    assert export == {"filename": "team-reflections-2026-12-04.csv",
                      "title": "Team reflections (what each person shared with you)"}


def test_week_problems_quote_the_typed_week_escaped_once():
    assert valid(dg.build_week_problem("future", "2030-W01"))["text"] == (
        "That week has not happened yet.")
    plain = valid(dg.build_week_problem("unreadable", "banana"))
    assert plain["text"].startswith("I couldn't read “banana” as a week.")
    tricky = valid(dg.build_week_problem("unreadable", TRICKY_AS_SENT))
    assert f"“{escape(TRICKY[:19])}…” as a week" in blockkit.shown(tricky)
    long = valid(dg.build_week_problem("unreadable", escape(AMPERSANDS)))
    assert "“" + "&amp;" * 19 + "…” as a week" in long["text"]
    assert "`/techlead digest 2026-W48`" in blockkit.shown(long)
    assert long["text"].endswith("Try /techlead digest, /techlead digest last or "
                                 "/techlead digest 2026-W48.")


def test_the_digest_commands_short_answers():
    for message in (dg.build_no_team(), dg.build_digest_schedule_help(),
                    dg.build_export_failed(), dg.build_only_the_manager(),
                    dg.build_digest_schedule_set(Schedule(4, 16 * 60)), dg.build_exported(0),
                    dg.build_exported(120)):
        valid(message)
    assert blockkit.shown(dg.build_no_team()) == dg.NO_TEAM
    assert dg.build_no_team()["text"] == dg.NO_TEAM.replace("`", "")
    assert dg.build_digest_schedule_set(Schedule(4, 960))["text"] == (
        "Your team digest now comes Friday 16:00 (your time zone).")
    assert dg.build_exported(120)["text"] == "Sent you a CSV of 120 shared answers by DM."
    assert dg.build_exported(1)["text"] == "Sent you a CSV of 1 shared answer by DM."
    assert dg.build_exported(0)["text"] == "Sent you a CSV of 0 shared answers by DM."
    assert "private answers are never exported." in blockkit.shown(dg.build_exported(1))


def test_digest_values_round_trip(guide):
    digest = replace(make_digest(guide, members=45), week="2027-W01")
    button = more_button(dg.build_summary(digest))
    assert button == DigestPage("2027-W01", 2)


def text_characters(message: dict) -> int:
    """What Slack's msg_blocks_too_long budget counts: every text in the blocks."""
    return sum(len(t) for t in blockkit.all_texts(message["blocks"]))


MANY_LINES = "\n".join(f"{k:>2} & <this> and *that*, written at length " * 2
                       for k in range(40))[:3000]


def asking(topic: Topic) -> Topic:
    """`topic` with three 1:1 questions at the validator's limit, full of characters to
    escape."""
    ask = ("Why & <how> did *it* go? " * 40)[:MAX_QUESTION]
    return replace(topic, manager_questions=tuple(ManagerQuestion(f"{k}{ask[1:]}", "x")
                                                  for k in range(3)))


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, (TRICKY * 40)[:3000], MANY_LINES])
def test_a_full_page_of_the_longest_reflections_stays_well_inside_one_message(guide, text):
    """Twelve 3,000-character reflections with the longest 1:1 questions, the summary at
    its largest above them (a long topic, forty names not answered yet, the More button):
    under 10,000 characters of text, a margin below Slack's ~12,000, and under 50 blocks;
    a sixty-member team's every page alike, everyone once."""
    assert len(text) == 3000
    digest = make_digest(guide, members=120, answered=60, private=0, text=text,
                         topic=asking(huge_topic()))
    assert len(digest.entries) > dg.PER_PAGE == 12 and len(digest.missing) > 40
    summary = valid(dg.build_summary(digest), digest)
    assert len(entries(summary)) == 12 and more_button(summary) == DigestPage(WEEK, 2)
    assert len(questions(summary)) == 12
    messages = [summary] + [valid(dg.build_page(digest, p), digest)
                            for p in range(2, dg.pages(digest) + 1)]
    assert dg.pages(digest) == 5
    for message in messages:
        assert text_characters(message) < 10_000 and len(message["blocks"]) < 50
    seen = [author(e) for m in messages for e in entries(m)]
    assert seen == [e.user_id for e in digest.entries] and len(seen) == 60
    assert sum(len(questions(m)) for m in messages) == 60


def test_each_shared_answer_gets_a_question_for_the_1_1_neighbours_another(guide, topic):
    """Text or rating alone, each entry has one of the topic's questions right below it,
    with the way to prepare the 1:1; a private answer is no entry and gets none."""
    digest = make_digest(guide, members=6, answered=5, private=1, rating_only=1)
    summary = valid(dg.build_summary(digest), digest)
    sharing = users(5)[1:]
    asked = questions(summary)
    assert len(asked) == 4
    for line, member in zip(asked, sharing, strict=True):
        assert line.endswith(f"” · more with `/techlead prep` <@{member}>")
    asks = [line[len(ASK):].split("” · ")[0] for line in asked]
    assert set(asks) <= {escape(q.ask) for q in topic.manager_questions}
    assert all(a != b for a, b in zip(asks, asks[1:], strict=False)), "neighbours differ"
    assert len(set(asks)) == len(topic.manager_questions) == 3
    assert users(5)[0] not in " ".join(asked), "the private answer's author: nothing"
    blocks = summary["blocks"]
    for k, block in enumerate(blocks):  # each right under its own entry
        if block["type"] == "context" and block["elements"][0]["text"].startswith(ASK):
            member = block["elements"][0]["text"].rsplit("<@", 1)[1][:-1]
            above = blocks[k - 1] if blocks[k - 1]["type"] == "context" else blocks[k - 2]
            assert above["elements"][0]["text"].startswith(f"*<@{member}>*")


def test_a_question_is_escaped_and_clipped(guide):
    topic = replace(guide.topic("planning"), manager_questions=(
        ManagerQuestion("Was <!channel> & *it* <@U999> ok?", "x"),
        ManagerQuestion("&" * MAX_QUESTION, "x")))
    digest = make_digest(guide, members=2, topic=topic)
    summary = valid(dg.build_summary(digest), digest)
    first, second = questions(summary)
    assert first.startswith(f"{ASK}Was &lt;!channel&gt; &amp; *it* &lt;@U999&gt; ok?”")
    ask = second[len(ASK):].split("” · ")[0]
    assert len(ask) <= dg.QUESTION_CHARS and ask.endswith("…")
    assert blockkit.markup_problems(second) == []


def test_a_topic_without_questions_shows_none(guide):
    digest = make_digest(guide, members=2, topic=huge_topic())
    summary = valid(dg.build_summary(digest), digest)
    assert questions(summary) == []
    assert page_layout(summary) == ["divider", *["author", "text"] * 2]
