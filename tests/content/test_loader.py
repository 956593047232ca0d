"""Loading guide.toml: the bundled guide is valid, and every kind of mistake is reported."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from content import ContentError, default_guide, load_guide
from content.loader import DEFAULT_PATH
from tests.content.toml_writer import to_toml

# Index 2 is risk in the bundled guide; the messages below rely on that.
RISK = 2


@pytest.fixture
def data() -> dict[str, Any]:
    """The bundled guide's TOML data, freshly parsed so each test may change it."""
    with DEFAULT_PATH.open("rb") as file:
        return tomllib.load(file)


@pytest.fixture
def guide_path(tmp_path) -> Path:
    """Where each test writes the guide it loads."""
    return tmp_path / "guide.toml"


def problems(path: Path, data: dict[str, Any]) -> str:
    """Write `data` to `path`, load it, and return the ContentError message."""
    path.write_text(to_toml(data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_guide(path)
    return str(caught.value)


def test_bundled_guide_loads_with_twelve_topics_and_nine_dimensions():
    guide = load_guide()
    assert guide.title == "Software Engineer vs Tech Lead"
    assert len(guide.topics) == 12
    assert [t.number for t in guide.dimensions] == list(range(1, 10))


def test_default_guide_is_loaded_once_and_equals_a_fresh_load():
    assert default_guide() is default_guide()
    fresh = load_guide()
    assert (fresh.title, fresh.topics) == (default_guide().title, default_guide().topics)


def test_bundled_summaries_fit_one_help_line():
    assert all(len(t.summary) <= 80 for t in load_guide().topics)


def test_bundled_dimensions_each_have_two_or_three_questions():
    assert all(len(t.questions) in (2, 3) for t in load_guide().dimensions)


def test_toml_writer_round_trips_the_bundled_guide(guide_path, data):
    guide_path.write_text(to_toml(data), encoding="utf-8")
    written, bundled = load_guide(guide_path), load_guide()
    assert (written.title, written.topics) == (bundled.title, bundled.topics)


def test_empty_cell_names_file_and_key(guide_path, data):
    data["topics"][RISK]["rows"][1]["lead"] = "   "
    assert f"{guide_path}: topics[2] (risk).rows[1].lead is empty" in problems(guide_path, data)


def test_row_with_one_column_names_the_missing_column(guide_path, data):
    del data["topics"][RISK]["rows"][0]["engineer"]
    message = problems(guide_path, data)
    assert f"{guide_path}: topics[2] (risk).rows[0].engineer is missing" in message


def test_duplicate_slug_names_both_topics(guide_path, data):
    data["topics"][3]["slug"] = "risk"
    message = problems(guide_path, data)
    assert f"{guide_path}: topics[3] (risk).slug duplicates topics[2] (risk).slug" in message


@pytest.mark.parametrize(
    ("alias", "owner"),
    [
        ("risks", "topics[2] (risk).aliases[0]"),
        ("planning", "topics[3] (planning).slug"),
        ("Risks", "topics[2] (risk).aliases[0]"),
    ],
)
def test_alias_naming_another_topic_is_reported(guide_path, data, alias, owner):
    data["topics"][4]["aliases"].append(alias)
    at = f"topics[4] (execution).aliases[{len(data['topics'][4]['aliases']) - 1}]"
    assert f"{guide_path}: {at} {alias!r} duplicates {owner}" in problems(guide_path, data)


def test_alias_not_in_normalized_form_is_reported_with_the_fix(guide_path, data):
    data["topics"][6]["aliases"][0] = "Code Review"
    message = problems(guide_path, data)
    expected = "topics[6] (reviews).aliases[0] 'Code Review' is not normalized (use 'code-review')"
    assert f"{guide_path}: {expected}" in message


@pytest.mark.parametrize("questions", [None, [], ["Only one?"], ["a?", "b?", "c?", "d?"]])
def test_dimension_needs_two_or_three_questions(guide_path, data, questions):
    if questions is None:
        del data["topics"][RISK]["questions"]
    else:
        data["topics"][RISK]["questions"] = questions
    found = 0 if questions is None else len(questions)
    message = problems(guide_path, data)
    assert f"{guide_path}: topics[2] (risk).questions needs 2-3 questions, found {found}" in message


def test_empty_question_is_reported(guide_path, data):
    data["topics"][RISK]["questions"][1] = ""
    assert "topics[2] (risk).questions[1] is empty" in problems(guide_path, data)


def test_bad_toml_syntax_becomes_content_error_naming_the_file(guide_path):
    guide_path.write_text('title = "Software Engineer vs Tech Lead"\n[[topics]\n', encoding="utf-8")
    with pytest.raises(ValueError) as caught:  # ContentError is a ValueError
        load_guide(guide_path)
    assert isinstance(caught.value, ContentError)
    assert str(caught.value).endswith(f"{guide_path}: is not valid TOML: {caught.value.__cause__}")
    assert "line 2" in str(caught.value)


def test_missing_file_becomes_content_error(tmp_path):
    with pytest.raises(ContentError, match="cannot be read"):
        load_guide(tmp_path / "absent.toml")


def test_missing_dimension_number_is_reported(guide_path, data):
    del data["topics"][5]["number"]
    assert f"{guide_path}: topics: no topic has number 5" in problems(guide_path, data)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "topics[2] (risk).number 0 is outside 1-9"),
        (10, "topics[2] (risk).number 10 is outside 1-9"),
        (1, "topics[2] (risk).number 1 duplicates topics[1] (understanding).number"),
        ("2", "topics[2] (risk).number must be a whole number"),
    ],
)
def test_bad_dimension_number_is_reported(guide_path, data, number, expected):
    data["topics"][RISK]["number"] = number
    assert f"{guide_path}: {expected}" in problems(guide_path, data)


@pytest.mark.parametrize("key", ["slug", "title", "summary"])
def test_missing_or_empty_topic_text_is_reported(guide_path, data, key):
    data["topics"][0][key] = ""
    data["topics"][1].pop(key)
    message = problems(guide_path, data)
    assert f"topics[0]{' (overview)' if key != 'slug' else ''}.{key} is empty" in message
    assert f"topics[1]{' (understanding)' if key != 'slug' else ''}.{key} is missing" in message


def test_missing_guide_title_is_reported(guide_path, data):
    del data["title"]
    assert f"{guide_path}: title is missing" in problems(guide_path, data)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.update(title="T" * 151), "topics[2] (risk).title is too long (151 > 150"),
        (lambda t: t["rows"][0].update(lead="x" * 1901), "rows[0].lead is too long (1901 > 1900"),
        (lambda t: t["questions"].__setitem__(0, "?" * 501), "questions[0] is too long (501 > 500"),
    ],
    ids=["title", "cell", "question"],
)
def test_text_longer_than_slack_allows_is_reported(guide_path, data, edit, expected):
    edit(data["topics"][RISK])
    assert expected in problems(guide_path, data)


def test_misspelled_key_is_reported_rather_than_ignored(guide_path, data):
    data["topics"][RISK]["questons"] = data["topics"][RISK].pop("questions")
    assert "topics[2] (risk).questons is not a known key" in problems(guide_path, data)


def test_every_problem_is_reported_at_once(guide_path, data):
    data["topics"][RISK]["rows"][1]["engineer"] = ""
    data["topics"][3]["slug"] = "risk"
    data["topics"][6]["aliases"][0] = "Code Review"
    del data["topics"][8]["questions"]
    guide_path.write_text(to_toml(data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_guide(guide_path)
    assert len(caught.value.problems) == 4
    lines = str(caught.value).splitlines()[1:]
    assert len(lines) == 4 and all(line.startswith(f"{guide_path}: topics[") for line in lines)

