"""guide.toml says exactly what the source guide says: every row, in order, word for word."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from content import Row

SOURCE = Path(__file__).resolve().parent / "guide-source.md"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_00ef732e5f0e63fc.txt"
SLUGS = ("overview", "understanding", "risk", "planning", "execution", "communication",
         "reviews", "pressure", "delivery", "manager", "mindset", "summary")
ROLES = ("Software Engineer", "Tech Lead")

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|$")
_NUMBERED = re.compile(r"^(\d+)\.\s+")
_ASIDE = re.compile(r"\s+\(.*\)$")


def to_mrkdwn(text: str) -> str:
    """Markdown emphasis as Slack writes it: **bold** -> *bold*, *italic* -> _italic_."""
    # One pass, so the *x* made from **x** is not then turned into _x_.
    return _EMPHASIS.sub(lambda m: f"*{m[1]}*" if m[1] is not None else f"_{m[2]}_", text)


@dataclass
class Section:
    heading: str
    rows: list[Row] = field(default_factory=list)
    key_difference: list[str] = field(default_factory=list)
    sentences: dict[str, str] = field(default_factory=dict)


def parse_guide(text: str) -> tuple[str, list[Section]]:
    """The title and `##` sections of the guide.

    Strict on purpose: a line it does not understand fails the test, so new or changed
    material in the guide cannot be skipped silently.
    """
    title, sections = "", []
    header_seen = in_key_difference = False
    role: str | None = None  # a "### Role" or "**Role**" line waiting for its sentence
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        section = sections[-1] if sections else None
        bare_role = line.removeprefix("### ").strip("*")
        if not line or line == "---":
            continue
        if line.startswith("# "):
            title = line[2:]
        elif line.startswith("## "):
            sections.append(Section(line[3:]))
            header_seen = in_key_difference = False
        elif section is None:
            raise AssertionError(f"line {number} comes before any section: {raw!r}")
        elif line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if _TABLE_RULE.match(line):
                continue
            if not header_seen:
                assert tuple(cells[-2:]) == ROLES, f"line {number}: unexpected header {cells}"
                header_seen = True
                continue
            label = cells[0].strip("*") if len(cells) == 3 else None
            section.rows.append(Row(to_mrkdwn(cells[-2]), to_mrkdwn(cells[-1]), label))
        elif line == "**Key difference**":
            in_key_difference = True
        elif bare_role in ROLES and line != bare_role:
            role = bare_role
        elif role is not None:
            section.sentences[role] = to_mrkdwn(line.removeprefix(">").strip())
            role = None
            if len(section.sentences) == len(ROLES):
                section.rows.append(Row(*(section.sentences[r] for r in ROLES)))
        elif in_key_difference and line.startswith(">"):
            section.key_difference.append(to_mrkdwn(line[1:].strip()))
        else:
            raise AssertionError(f"line {number} not understood: {raw!r}")
    return title, sections


@pytest.fixture(scope="module")
def source() -> tuple[str, list[Section]]:
    """The source guide's title and sections, parsed from guide-source.md."""
    return parse_guide(SOURCE.read_text(encoding="utf-8"))


def test_guide_source_is_a_byte_for_byte_copy_of_the_seed_guide():
    if not SEED.exists():
        pytest.skip(f"seed guide not found at {SEED}; the copy cannot be compared")
    assert SOURCE.read_bytes() == SEED.read_bytes()


def test_emphasis_converts_to_slack_mrkdwn():
    assert to_mrkdwn("correctness **and** operability") == "correctness *and* operability"
    assert to_mrkdwn("Asks *“what?”*") == "Asks _“what?”_"


def test_guide_title_matches_the_source(source, guide):
    assert guide.title == source[0]


def test_topics_follow_the_source_sections_in_order(source, guide):
    assert tuple(t.slug for t in guide.topics) == SLUGS
    assert len(source[1]) == len(guide.topics)


@pytest.mark.parametrize("index", range(len(SLUGS)), ids=SLUGS)
def test_topic_heading_and_number_match_the_source(source, guide, index):
    heading, topic = source[1][index].heading, guide.topics[index]
    numbered = _NUMBERED.match(heading)
    assert topic.number == (int(numbered[1]) if numbered else None)
    # "Mental Models (Very Important)": the aside is emphasis, not part of the name.
    assert topic.title == _ASIDE.sub("", _NUMBERED.sub("", heading))


@pytest.mark.parametrize("index", range(len(SLUGS)), ids=SLUGS)
def test_topic_rows_equal_the_source_rows_in_order(source, guide, index):
    section = source[1][index]
    assert section.rows, f"parser found no rows under {section.heading!r}"
    assert list(guide.topics[index].rows) == section.rows


@pytest.mark.parametrize("index", range(len(SLUGS)), ids=SLUGS)
def test_key_difference_equals_the_source(source, guide, index):
    assert list(guide.topics[index].key_difference) == source[1][index].key_difference


def test_only_risk_has_a_key_difference(guide):
    with_difference = [t.slug for t in guide.topics if t.key_difference]
    assert with_difference == ["risk"]
    expected = ("Engineer reports risks.", "Tech Lead removes them.")
    assert guide.topic("risk").key_difference == expected
