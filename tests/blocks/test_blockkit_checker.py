"""The checker itself: each rule catches a message broken in exactly that way."""

from __future__ import annotations

import copy

import pytest

from tests.fakes import blockkit


def good() -> dict:
    return {"text": "Fallback", "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Title"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "Hi <@U123> &amp; all"},
         "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Go"},
                       "action_id": "go", "value": "1"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "<https://x.example|x>"},
                                         {"type": "image", "image_url": "https://x.example/a.png",
                                          "alt_text": "a chart"}]},
        {"type": "actions", "block_id": "one", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "A"}, "action_id": "a",
             "value": "1"},
            {"type": "button", "text": {"type": "plain_text", "text": "B"}, "action_id": "b",
             "value": "2", "style": "primary"}]},
        {"type": "image", "image_url": "https://x.example/b.png", "alt_text": "a photo"},
    ]}


def good_view() -> dict:
    return {"type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": "T"},
            "submit": {"type": "plain_text", "text": "Save"}, "blocks": [
                {"type": "input", "block_id": "in", "label": {"type": "plain_text", "text": "L"},
                 "element": {"type": "radio_buttons", "action_id": "r", "options": [
                     {"text": {"type": "plain_text", "text": "One"}, "value": "1"},
                     {"text": {"type": "plain_text", "text": "Two"}, "value": "2"}],
                     "initial_option": {"text": {"type": "plain_text", "text": "Two"},
                                        "value": "2"}}}]}


def reported(message: dict, needle: str, *, view: bool = False) -> list[str]:
    found = blockkit.problems(message, view=view)
    assert any(needle in p for p in found), f"{needle!r} not in {found}"
    return found


def test_a_good_message_and_a_good_view_pass():
    assert blockkit.problems(good()) == []
    assert blockkit.problems(good_view(), view=True) == []
    blockkit.assert_valid_message(good())
    blockkit.assert_valid_view(good_view())


def test_the_assertions_fail_with_the_list_of_problems():
    broken = good()
    broken["text"] = ""
    with pytest.raises(AssertionError, match="no plain-text fallback"):
        blockkit.assert_valid_message(broken)
    view = good_view()
    view["title"]["text"] = "A title much too long for a modal"
    with pytest.raises(AssertionError, match="title"):
        blockkit.assert_valid_view(view)


def test_a_duplicate_action_id_in_one_block():
    message = good()
    message["blocks"][3]["elements"][1]["action_id"] = "a"
    reported(message, "action_id 'a' used 2 times in one block")


def test_the_same_action_id_in_two_blocks_is_fine():
    message = good()
    message["blocks"][1]["accessory"]["action_id"] = "a"
    assert blockkit.problems(message) == []


def test_a_duplicate_block_id():
    message = good()
    message["blocks"][1]["block_id"] = "one"
    reported(message, "block_id 'one' used 2 times")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_text_object(text):
    message = good()
    message["blocks"][1]["text"]["text"] = text
    reported(message, "empty mrkdwn text")
    message = good()
    message["blocks"][3]["elements"][0]["text"]["text"] = text
    reported(message, "empty plain_text text")


def test_an_empty_field_and_an_empty_view_title():
    message = good()
    message["blocks"][1]["fields"] = [{"type": "mrkdwn", "text": " "}]
    reported(message, "empty field")
    view = good_view()
    view["title"]["text"] = ""
    reported(view, "slack_sdk rejects the view", view=True)


@pytest.mark.parametrize("fallback", [None, "", "  "])
def test_a_missing_fallback(fallback):
    message = good()
    if fallback is None:
        del message["text"]
    else:
        message["text"] = fallback
    reported(message, "no plain-text fallback")


def test_a_view_needs_no_fallback():
    assert "text" not in good_view()
    assert blockkit.problems(good_view(), view=True) == []


@pytest.mark.parametrize("alt", [None, "", "  "])
def test_an_image_without_alt_text(alt):
    for path in ((4,), (2, "elements", 1)):
        message = good()
        image = message["blocks"][path[0]]
        for key in path[1:]:
            image = image[key]
        if alt is None:
            del image["alt_text"]
        else:
            image["alt_text"] = alt
        found = blockkit.problems(message)
        assert found, path
        assert alt is None or any("image without alt_text" in p for p in found), found


def test_twelve_thousand_characters_of_text_fit_and_one_more_does_not():
    def message_of(total: int) -> dict:
        sections = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}}
                    for _ in range(total // 3000)]
        rest = total % 3000
        if rest:
            sections.append({"type": "section", "text": {"type": "mrkdwn", "text": "y" * rest}})
        return {"text": "f", "blocks": sections}

    assert blockkit.problems(message_of(12000)) == []
    reported(message_of(12001), "12,001 characters of text")


def test_the_text_budget_counts_every_text_field_and_button():
    message = {"text": "f", "blocks": [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2000}] * 5},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c" * 1000}]},
        {"type": "actions", "elements": [{"type": "button", "action_id": "b", "value": "v",
                                          "text": {"type": "plain_text", "text": "b" * 75}}]},
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "s" * 776}},
    ]}
    assert sum(map(len, blockkit.all_texts(message["blocks"]))) == 12001
    reported(message, "12,001 characters of text")


def test_the_text_budget_is_for_messages_not_views():
    view = {"type": "modal", "title": {"type": "plain_text", "text": "T"},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}}] * 5}
    assert blockkit.problems(view, view=True) == []


@pytest.mark.parametrize("block", [
    {"type": "sectoin", "text": {"type": "mrkdwn", "text": "typo in the type"}},
    {"text": {"type": "mrkdwn", "text": "no type at all"}},
    {"type": "actions"},  # elements are required
    {"type": "image", "image_url": "https://x.example/a.png"},  # alt_text is required
    {"type": "section", "text": {"text": "a text object without a type"}},
    {"type": "actions", "elements": [{"type": "buton", "action_id": "a", "value": "v",
                                      "text": {"type": "plain_text", "text": "A"}}]},
    {"type": "section", "text": {"type": "mrkdwn", "text": "x"}, "acessory": {}},
])
def test_a_block_slack_sdk_cannot_parse(block):
    message = {"text": "f", "blocks": [block]}
    found = blockkit.problems(message)
    assert any("slack_sdk" in p for p in found), found


def test_a_block_slack_sdk_rejects():
    message = good()
    message["blocks"][1]["text"]["text"] = "x" * 3001  # slack_sdk's own validator says no
    reported(message, "slack_sdk rejects it")
    message = good()
    message["blocks"][3]["elements"][0]["style"] = "green"
    reported(message, "slack_sdk rejects it")


def test_block_counts():
    one = {"type": "divider"}
    assert blockkit.problems({"text": "f", "blocks": [one] * 50}) == []
    reported({"text": "f", "blocks": [one] * 51}, "51 blocks > 50")
    view = good_view()
    view["blocks"] = [{"type": "divider"}] * 100
    assert blockkit.problems(view, view=True) == []
    view["blocks"] = [{"type": "divider"}] * 101
    reported(view, "101 blocks > 100", view=True)


def test_per_block_limits():
    message = good()
    message["blocks"][0]["text"]["text"] = "h" * 151
    reported(message, "header text too long")
    message = good()
    message["blocks"][3]["elements"][0]["text"]["text"] = "b" * 76
    reported(message, "button text too long")
    message = good()
    message["blocks"][3]["elements"][0]["value"] = "v" * 2001
    reported(message, "button value too long")
    message = good()
    message["blocks"][3]["block_id"] = "i" * 256
    reported(message, "block_id too long")
    message = good()
    message["blocks"][1]["fields"] = [{"type": "mrkdwn", "text": "f"}] * 11
    reported(message, "too many fields")
    message = good()
    message["blocks"][1]["fields"] = [{"type": "mrkdwn", "text": "f" * 2001}]
    reported(message, "field too long")


@pytest.mark.parametrize(("text", "needle"), [
    ("Tom & Jerry", "unescaped &"),
    ("a <b> c", "unescaped or broken <"),
    ("cut in half <@U12…", "unescaped or broken <"),
    ("cut in half &am…", "unescaped &"),
])
def test_raw_markup_in_mrkdwn(text, needle):
    message = good()
    message["blocks"][1]["text"]["text"] = text
    reported(message, needle)
    message = good()
    message["text"] = text
    reported(message, f"fallback: {needle}")


def test_markup_that_is_fine():
    for text in ("&amp; &lt; &gt; <@U123> <@U123|bob> <#C123> <!here> <!subteam^S1|team> "
                 "<https://x.example> <mailto:a@x.example|mail>", "> a quote\n>another"):
        assert blockkit.markup_problems(text) == [], text


def test_plain_text_may_hold_any_character():
    message = good()
    message["blocks"][0]["text"]["text"] = "Planning & <Estimation>"
    assert blockkit.problems(message) == []


def test_modal_rules():
    view = good_view()
    del view["submit"]
    reported(view, "no submit", view=True)
    view = good_view()
    view["blocks"][0]["element"]["initial_option"] = {
        "text": {"type": "plain_text", "text": "Three"}, "value": "3"}
    reported(view, "initial option is not one of the options", view=True)
    view = good_view()
    view["blocks"][0]["element"]["options"][0]["description"] = {
        "type": "plain_text", "text": "d" * 76}
    reported(view, "option description too long", view=True)
    view = good_view()
    view["blocks"][0]["element"]["options"][1]["value"] = "1"
    reported(view, "option value '1' twice", view=True)
    view = good_view()
    view["private_metadata"] = "m" * 3001
    reported(view, "private_metadata", view=True)
    view = good_view()
    view["submitt"] = {"type": "plain_text", "text": "typo"}
    reported(view, "slack_sdk drops submitt", view=True)


def test_a_text_input_longer_than_it_allows():
    view = good_view()
    view["blocks"].append({"type": "input", "block_id": "t",
                           "label": {"type": "plain_text", "text": "Text"},
                           "element": {"type": "plain_text_input", "action_id": "t",
                                       "max_length": 10, "initial_value": "x" * 11}})
    reported(view, "initial_value longer than max_length", view=True)


def test_problems_does_not_change_what_it_checks():
    message, view = good(), good_view()
    before = copy.deepcopy((message, view))
    blockkit.problems(message)
    blockkit.problems(view, view=True)
    assert (message, view) == before


def test_the_readers():
    message = good()
    assert blockkit.mentioned(message) == {"U123"}
    assert blockkit.controls(message) == ["<@U123>", "<https://x.example|x>"]
    assert [b["action_id"] for b in blockkit.buttons(message)] == ["go", "a", "b"]
    assert blockkit.button(message, "b")["value"] == "2"
    assert blockkit.block(message, "one")["type"] == "actions"
    assert blockkit.rendered("&lt;@U1&gt; &amp;amp;") == "<@U1> &amp;"
    assert "Hi <@U123> &amp; all" in blockkit.shown(message)
    blockkit.assert_no_pings({"text": "f", "blocks": [message["blocks"][1]]}, {"U123"})
    with pytest.raises(AssertionError, match="https"):
        blockkit.assert_no_pings(message, {"U123"})
