"""The coaching content: two follow-ups and two or three 1:1 questions for each dimension,
validated like the rest of the guide."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from content import ContentError, load_guide
from content.loader import DEFAULT_PATH
from tests.content.toml_writer import to_toml

RISK = 2  # topics[2] is risk in the bundled guide


@pytest.fixture
def data() -> dict[str, Any]:
    with DEFAULT_PATH.open("rb") as file:
        return tomllib.load(file)


def _problems(tmp_path, data: dict[str, Any]) -> str:
    path = tmp_path / "guide.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_guide(path)
    return str(caught.value)


def test_every_dimension_has_two_followups_and_its_1on1_questions():
    for topic in load_guide().dimensions:
        assert len(topic.followups) == 2, topic.slug
        assert len(topic.manager_questions) in (2, 3), topic.slug
        asked = [q.ask for q in topic.manager_questions]
        assert all(q.endswith("?") for q in (*topic.followups, *asked))
        leads = {row.lead for row in topic.rows}
        assert all(q.listen_for in leads for q in topic.manager_questions), topic.slug


@pytest.mark.parametrize("key, count, said", [
    ("followups", 1, "followups needs 2 questions, found 1"),
    ("followups", 3, "followups needs 2 questions, found 3"),
    ("manager_questions", 1, "manager_questions needs 2-3 questions, found 1"),
    ("manager_questions", 4, "manager_questions needs 2-3 questions, found 4"),
])
def test_a_dimension_with_the_wrong_number_of_questions_is_named(tmp_path, data, key, count,
                                                                said):
    lead = data["topics"][RISK]["rows"][0]["lead"]
    data["topics"][RISK][key] = [
        {"ask": f"Question {n}?", "listen_for": lead} if key == "manager_questions"
        else f"Question {n}?" for n in range(count)]
    assert f"topics[{RISK}] (risk).{said}" in _problems(tmp_path, data)


def test_a_1on1_question_listens_for_one_of_its_topics_lead_cells_word_for_word(tmp_path,
                                                                              data):
    questions = data["topics"][RISK]["manager_questions"]
    questions[0]["listen_for"] = "Identifies risks across the delivery"  # a word missing
    questions[1] = "Which risk did you raise?"  # not a table
    questions[2]["asks"] = questions[2].pop("ask")
    found = _problems(tmp_path, data)
    assert (f"topics[{RISK}] (risk).manager_questions[0].listen_for must be one of the "
            "topic's lead cells, word for word: 'Identifies risks across the delivery' is "
            "not") in found
    assert f"topics[{RISK}] (risk).manager_questions[1] must be a table" in found
    assert f"topics[{RISK}] (risk).manager_questions[2].asks is not a known key" in found


def test_a_topic_that_is_no_dimension_has_no_followups(tmp_path, data):
    data["topics"][0]["followups"] = ["Why?", "How?"]
    assert "topics[0] (overview).followups: only the nine dimensions" in _problems(tmp_path,
                                                                                 data)


def test_an_empty_or_overlong_question_is_named(tmp_path, data):
    data["topics"][RISK]["followups"] = ["", "x" * 501]
    found = _problems(tmp_path, data)
    assert "followups" in found and "risk" in found
