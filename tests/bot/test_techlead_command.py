"""`/techlead <topic>` through the bot's real HTTP endpoint, signed as Slack signs."""

from __future__ import annotations

import pytest

from bot import ids
from bot.blocks.mrkdwn import escape
from content import default_guide, normalize
from tests.fakes import blockkit

GUIDE = default_guide()


def _texts(message: dict) -> str:
    """Everything a person would read in the blocks, joined."""
    parts: list[str] = []
    for block in message["blocks"]:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields", [])]
        if block["type"] == "context":
            parts += [e.get("text", "") for e in block["elements"]]
    return "\n".join(parts)


def test_risk_shows_both_roles_side_by_side_with_the_key_difference(slack):
    reply = slack.command("risk")
    assert reply.status == 200
    message = reply.json
    assert message["response_type"] == "ephemeral"
    blocks = message["blocks"]
    assert blocks[0] == {"type": "header",
                         "text": {"type": "plain_text", "text": "2. Risk Identification"}}
    rows = [[f["text"] for f in b["fields"]] for b in blocks if "fields" in b]
    assert rows == [
        ["*Software Engineer*", "*Tech Lead*"],
        ["Identifies risks in own task", "Identifies risks across the whole delivery"],
        ["Flags legacy, performance, or dependency risks",
         "Prioritizes, mitigates, and sequences risks"],
        ["Communicates risks when discovered", "Actively hunts risks before work starts"],
    ]
    assert ">Engineer reports risks.\n>Tech Lead removes them." in _texts(message)
    assert "Identifies risks in own task" in message["text"]
    share = blocks[-1]["elements"][0]
    assert (share["action_id"], share["value"]) == (ids.SHARE_TOPIC, "risk")
    assert "`/techlead planning`" in _texts(message)
    assert blockkit.problems(message) == []


def test_the_overview_keeps_each_dimension_label(slack):
    message = slack.command("overview").json
    assert "*Primary focus*" in _texts(message)
    assert "Ensure the team delivers safely and predictably" in _texts(message)


@pytest.mark.parametrize("topic", GUIDE.topics, ids=lambda t: t.slug)
def test_every_topic_and_alias_answers_with_every_row(slack, topic):
    for name in (topic.slug, *topic.aliases):
        message = slack.command(name).json
        assert message["blocks"][0]["text"]["text"] == topic.heading, name
        shown = _texts(message)
        for row in topic.rows:
            assert row.engineer in shown and row.lead in shown, name
        assert blockkit.problems(message) == []


@pytest.mark.parametrize("text", ["RiSk", "  RISKS  ", "Risk!", "rísk", "#2", "2."])
def test_case_spaces_punctuation_and_accents_are_ignored(slack, text):
    assert slack.command(text).json["blocks"][0]["text"]["text"] == "2. Risk Identification"


@pytest.mark.parametrize("text", ["", "   ", "help", "HELP", "help me", "?"])
def test_empty_text_and_help_list_topics_and_commands(slack, text):
    message = slack.command(text).json
    shown = _texts(message)
    for topic in GUIDE.topics:
        assert f"`{topic.slug}`" in shown and topic.summary in shown
    from bot.subcommands import SUBCOMMANDS

    listed = [s.usage for s in SUBCOMMANDS if s.usage]
    assert len(listed) >= 9 and all(f"`{escape(usage)}`" in shown for usage in listed)
    assert all(f"`{verb}`" in shown for verb in ("unsubscribe", "resume"))  # mentioned
    assert message["response_type"] == "ephemeral"
    assert blockkit.problems(message) == []


def test_unknown_topic_suggests_the_closest(slack):
    message = slack.command("riks").json
    assert message["response_type"] == "ephemeral"
    assert "I don't know the topic “riks”. Did you mean *risk*" in _texts(message)
    assert blockkit.problems(message) == []


def test_unknown_text_is_escaped_before_it_is_shown_back(slack):
    # Slack escapes &, < and > in command text; what we echo must not become markup.
    shown = _texts(slack.command("ri &lt;!channel&gt; &amp; sks").json)
    assert "&lt;!channel&gt; &amp; sks" in shown
    assert "<!channel>" not in shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<@U123|alice>", "not a person"), ("risk <@U123>", "not a person"),
     ("<#C123|general>", "not a channel"), ("<!here>", "not a group mention"),
     ("<https://evil.example|risk>", "not a link")],
)
def test_mentions_and_links_get_a_polite_explanation(slack, text, expected):
    message = slack.command(text).json
    assert expected in _texts(message)
    assert "<@U123" not in _texts(message)


def test_a_4000_character_text_is_answered_briefly(slack):
    message = slack.command("x" * 4000).json
    assert "4,000 characters" in _texts(message)
    assert len(message["text"]) < 500
    assert blockkit.problems(message) == []


def test_punctuation_alone_gets_help(slack):
    assert "*Commands*" in _texts(slack.command("?!").json)


def test_answering_makes_no_web_api_call(slack, slack_api):
    slack_api.clear()
    slack.command("risk")
    slack.command("nonsense")
    assert slack_api.calls() == []


def test_every_answer_fits_in_blockkit_limits():
    from bot.ask.answer import answer
    from bot.subcommands import HELP_LINES

    for text in ["", "x" * 4000, "<@U1|a> " * 500, *(normalize(t.slug) for t in GUIDE.topics)]:
        _, reply = answer(GUIDE, text, HELP_LINES)
        assert blockkit.problems(reply) == [], text[:20]


@pytest.mark.parametrize("text", ["🎉", "🎉 🚀", "™"])
def test_emoji_alone_is_an_unknown_topic_not_help(slack, text):
    message = slack.command(text).json
    assert "I don't know the topic" in _texts(message)
    assert "*Commands*" not in _texts(message)


def test_a_word_far_from_every_topic_is_not_met_with_a_confident_guess(slack):
    shown_text = _texts(slack.command("frobnicate").json)
    assert "I don't know the topic" in shown_text and "Did you mean" not in shown_text
