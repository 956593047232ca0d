"""Check a message or view against Slack's Block Kit rules.

Two layers: slack_sdk's own models (every block must parse into the class for its type and
pass that model's validators, recursively), then the documented limits slack_sdk does not
check (unique ids, no empty text, a fallback, alt text, the message-wide text budget behind
`msg_blocks_too_long`, option and input limits, well-formed mrkdwn markup).

`problems()` lists everything wrong (empty when fine); `assert_valid_message()` and
`assert_valid_view()` fail a test with that list. The rest are small readers for tests:
every text, what a person reads, the buttons, the mentions and links.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

LIMITS = {"message_blocks": 50, "view_blocks": 100, "header": 150, "section_text": 3000,
          "fields": 10, "field": 2000, "context_elements": 10, "button_text": 75,
          "button_value": 2000, "id": 255, "actions_elements": 25, "fallback": 40000,
          # Slack answers msg_blocks_too_long past roughly 13,000 characters of text summed
          # over a message's blocks (slackapi/bolt-js#2509, #2867); keep a margin.
          "message_text": 12000, "alt_text": 2000, "options": 10, "option_text": 75,
          "option_description": 75, "option_value": 150, "input_label": 2000,
          "placeholder": 150, "text_input": 3000, "view_title": 24, "metadata": 3000}

TEXT_TYPES = ("plain_text", "mrkdwn")
# In mrkdwn, `&` only starts one of the three entities and `<` only starts a control
# sequence: a mention, a channel, a special mention, or a link. Anything else is typed
# text that was not escaped, or markup cut in half.
ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")
CONTROL = re.compile(r"<(?:[@#!][^<>\s|]+(?:\|[^<>]*)?|(?:https?|mailto):[^<>\s|]+"
                     r"(?:\|[^<>]*)?)>")


def problems(message: dict, *, view: bool = False) -> list[str]:
    """Every rule the message (or, with view=True, the modal or Home view) breaks."""
    found: list[str] = []
    blocks = message.get("blocks") or []
    if not isinstance(blocks, list):
        return ["blocks is not a list"]
    cap = LIMITS["view_blocks"] if view else LIMITS["message_blocks"]
    if len(blocks) > cap:
        found.append(f"{len(blocks)} blocks > {cap}")
    if view:
        found += _view_problems(message)
    else:
        found += _message_problems(message)
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            found.append(f"block {i}: not an object")
            continue
        where = f"block {i} ({block.get('type')})"
        found += [f"{where}: {p}" for p in _sdk_problems(block)]
        found += [f"{where}: {p}" for p in _block_problems(block)]
        found += [f"{where}: {p}" for p in _action_id_problems(block)]
        found += [f"{where}: {p}" for p in _element_problems(block)]
    found += _block_id_problems(blocks)
    found += _text_object_problems(blocks)
    found += _image_problems(blocks)
    if not view:
        total = sum(len(t) for t in all_texts(blocks))
        if total > LIMITS["message_text"]:
            found.append(f"{total:,} characters of text in the blocks > "
                         f"{LIMITS['message_text']:,} (msg_blocks_too_long)")
    return found


def assert_valid_message(message: dict) -> None:
    found = problems(message)
    assert not found, "Block Kit problems:\n" + "\n".join(found)


def assert_valid_view(view: dict) -> None:
    found = problems(view, view=True)
    assert not found, "Block Kit problems:\n" + "\n".join(found)


# -- the message or view as a whole ----------------------------------------------------------

def _message_problems(message: dict) -> list[str]:
    out = []
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        out.append("no plain-text fallback")
    elif len(text) > LIMITS["fallback"]:
        out.append("fallback text too long")
    else:
        out += [f"fallback: {p}" for p in markup_problems(text)]
    return out


def _view_problems(view: dict) -> list[str]:
    out = []
    try:
        model = View(**view)
        model.validate_json()
        rebuilt = model.to_dict()  # validates every block and element inside, too
    except Exception as err:  # a model that cannot be built or validated, whatever raised
        return [f"slack_sdk rejects the view: {type(err).__name__}: {err}"]
    out += [f"view: slack_sdk drops {p}" for p in _dropped(view, rebuilt, "")]
    kind = view.get("type")
    if kind == "modal":
        if not view.get("title"):
            out.append("modal without a title")
        has_inputs = any(b.get("type") == "input" for b in view.get("blocks") or [])
        if has_inputs and not view.get("submit"):
            out.append("modal with input blocks but no submit button")
    if not view.get("blocks"):
        out.append("view without blocks")
    title = (view.get("title") or {}).get("text", "")
    if len(title) > LIMITS["view_title"]:
        out.append("view title too long")
    if len(view.get("private_metadata") or "") > LIMITS["metadata"]:
        out.append("private_metadata too long")
    return out


# -- slack_sdk's models -----------------------------------------------------------------------

def _sdk_problems(block: dict) -> list[str]:
    """Parse the block with slack_sdk: the class for its type, its validators, every nested
    object's validators (to_dict runs them), and no key silently dropped."""
    try:
        parsed = Block.parse(block)
    except Exception as err:  # e.g. a missing required argument: TypeError
        return [f"slack_sdk cannot parse it: {type(err).__name__}: {err}"]
    cls = type(parsed)
    if parsed is None or cls is Block or getattr(cls, "type", None) != block.get("type"):
        return [f"slack_sdk has no block type {block.get('type')!r}"]
    out = []
    if "text" in block and getattr(parsed, "text", None) is None:
        out.append("slack_sdk cannot read its text")
    if "accessory" in block and getattr(parsed, "accessory", None) is None:
        out.append("slack_sdk cannot read its accessory")
    if "element" in block and getattr(parsed, "element", None) is None:
        out.append("slack_sdk cannot read its element")
    elements = getattr(parsed, "elements", None) or []
    out += [f"slack_sdk cannot read element {k}" for k, e in enumerate(elements) if e is None]
    if out:
        return out
    try:
        parsed.validate_json()
        rebuilt = parsed.to_dict()
    except Exception as err:  # SlackObjectFormationError, or a model choking on bad data
        return [f"slack_sdk rejects it: {type(err).__name__}: {err}"]
    return [f"slack_sdk drops {p}" for p in _dropped(block, rebuilt, "")]


def _dropped(original: Any, rebuilt: Any, path: str) -> list[str]:
    """Keys present in `original` that slack_sdk's round trip lost (unknown to it, or empty
    values Slack rejects)."""
    out: list[str] = []
    if isinstance(original, dict) and isinstance(rebuilt, dict):
        for key, value in original.items():
            at = f"{path}.{key}" if path else key
            if key not in rebuilt:
                out.append(at)
            else:
                out += _dropped(value, rebuilt[key], at)
    elif isinstance(original, list) and isinstance(rebuilt, list):
        if len(original) != len(rebuilt):
            out.append(f"{path}[{len(rebuilt)}:]")
        for k, (a, b) in enumerate(zip(original, rebuilt, strict=False)):
            out += _dropped(a, b, f"{path}[{k}]")
    return out


# -- per-block limits -------------------------------------------------------------------------

def _text_of(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else ""


def _block_problems(block: dict) -> list[str]:
    out: list[str] = []
    kind = block.get("type")
    if len(block.get("block_id", "")) > LIMITS["id"]:
        out.append("block_id too long")
    if kind == "header":
        if (block.get("text") or {}).get("type") != "plain_text":
            out.append("header text is not plain_text")
        if len(_text_of(block.get("text"))) > LIMITS["header"]:
            out.append("header text too long")
    if kind == "section":
        if "text" not in block and "fields" not in block:
            out.append("section without text or fields")
        if len(_text_of(block.get("text"))) > LIMITS["section_text"]:
            out.append("section text too long")
        fields = block.get("fields", [])
        if "fields" in block and not fields:
            out.append("empty fields list")
        if len(fields) > LIMITS["fields"]:
            out.append("too many fields")
        out += ["field too long" for f in fields if len(_text_of(f)) > LIMITS["field"]]
        out += ["empty field" for f in fields if not _text_of(f).strip()]
    if kind == "context" and len(block.get("elements", [])) > LIMITS["context_elements"]:
        out.append("too many context elements")
    if kind == "actions":
        if not block.get("elements"):
            out.append("actions block without elements")
        if len(block.get("elements", [])) > LIMITS["actions_elements"]:
            out.append("too many elements")
    return out


def _interactive(block: dict) -> list[dict]:
    """The interactive elements a block holds: buttons in an actions block, an accessory,
    an input's element."""
    found = [e for e in block.get("elements", []) if isinstance(e, dict) and "action_id" in e]
    found += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
    return found


def _element_problems(block: dict) -> list[str]:
    out: list[str] = []
    for el in _interactive(block):
        kind = el.get("type")
        if len(el.get("action_id", "")) > LIMITS["id"]:
            out.append("action_id too long")
        if kind == "button":
            if (el.get("text") or {}).get("type") != "plain_text":
                out.append("button text is not plain_text")
            if len(_text_of(el.get("text"))) > LIMITS["button_text"]:
                out.append("button text too long")
            if len(el.get("value", "")) > LIMITS["button_value"]:
                out.append("button value too long")
            if el.get("style") not in (None, "primary", "danger"):
                out.append(f"button style {el.get('style')!r}")
        if "options" in el:
            out += _options_problems(el)
        if kind == "plain_text_input":
            top = el.get("max_length", LIMITS["text_input"])
            if top > LIMITS["text_input"]:
                out.append("plain_text_input max_length > 3000")
            if len(el.get("initial_value", "")) > top:
                out.append("initial_value longer than max_length")
            if len(_text_of(el.get("placeholder"))) > LIMITS["placeholder"]:
                out.append("placeholder too long")
    if block.get("type") == "input":
        if len(_text_of(block.get("label"))) > LIMITS["input_label"]:
            out.append("input label too long")
        if (block.get("label") or {}).get("type") != "plain_text":
            out.append("input label is not plain_text")
    return out


def _options_problems(el: dict) -> list[str]:
    out: list[str] = []
    options = el.get("options") or []
    if not options:
        out.append("no options")
    if el.get("type") in ("radio_buttons", "checkboxes") and len(options) > LIMITS["options"]:
        out.append("too many options")
    for o in options:
        if len(_text_of(o.get("text"))) > LIMITS["option_text"]:
            out.append("option text too long")
        if len(_text_of(o.get("description"))) > LIMITS["option_description"]:
            out.append("option description too long")
        if len(o.get("value", "")) > LIMITS["option_value"]:
            out.append("option value too long")
    values = [o.get("value") for o in options]
    out += [f"option value {v!r} twice" for v, n in Counter(values).items() if n > 1]
    chosen = [el["initial_option"]] if "initial_option" in el else el.get("initial_options", [])
    out += ["an initial option is not one of the options" for c in chosen if c not in options]
    return out


# -- ids --------------------------------------------------------------------------------------

def _block_id_problems(blocks: list) -> list[str]:
    ids = Counter(b.get("block_id") for b in blocks if isinstance(b, dict) and "block_id" in b)
    return [f"block_id {i!r} used {n} times" for i, n in ids.items() if n > 1]


def _action_id_problems(block: dict) -> list[str]:
    ids = Counter(e["action_id"] for e in _interactive(block) if "action_id" in e)
    return [f"action_id {i!r} used {n} times in one block" for i, n in ids.items() if n > 1]


# -- text -------------------------------------------------------------------------------------

def walk(node: Any, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every object inside `node`, with where it is."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from walk(value, f"{path}[{k}]")


def text_objects(node: Any) -> Iterator[tuple[str, dict]]:
    for path, obj in walk(node):
        if obj.get("type") in TEXT_TYPES and ("text" in obj or not obj.keys() - {"type"}):
            yield path, obj


def _text_object_problems(blocks: list) -> list[str]:
    out = []
    for path, obj in text_objects(blocks):
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            out.append(f"{path}: empty {obj['type']} text")
        elif obj["type"] == "mrkdwn":
            out += [f"{path}: {p}" for p in markup_problems(text)]
    return out


def markup_problems(text: str) -> list[str]:
    """Raw `&` or `<` in mrkdwn that is not an entity or a control sequence."""
    out = []
    if m := ENTITY.search(text):
        out.append(f"unescaped & at {m.start()}: {text[max(0, m.start() - 20):m.start() + 20]!r}")
    rest = CONTROL.sub("", text)
    if "<" in rest:
        at = rest.index("<")
        out.append(f"unescaped or broken < : {rest[max(0, at - 20):at + 20]!r}")
    return out


def _image_problems(blocks: list) -> list[str]:
    out = []
    for path, obj in walk(blocks):
        if obj.get("type") != "image":
            continue
        alt = obj.get("alt_text")
        if not isinstance(alt, str) or not alt.strip():
            out.append(f"{path}: image without alt_text")
        elif len(alt) > LIMITS["alt_text"]:
            out.append(f"{path}: alt_text too long")
        if not obj.get("image_url") and not obj.get("slack_file"):
            out.append(f"{path}: image without image_url or slack_file")
    return out


def all_texts(node: Any) -> list[str]:
    """Every "text" string anywhere inside `node`, in order (what Slack's text budget counts)."""
    return [obj["text"] for _, obj in walk(node) if isinstance(obj.get("text"), str)]


# -- readers for tests ------------------------------------------------------------------------

def shown(message: dict) -> str:
    """Every text in the blocks (or a view's blocks), joined by newlines."""
    return "\n".join(all_texts(message.get("blocks") or []))


def mrkdwn_texts(message: dict) -> list[str]:
    return [o["text"] for _, o in text_objects(message.get("blocks") or [])
            if o["type"] == "mrkdwn"]


def controls(message: dict) -> list[str]:
    """Every mention, channel, special mention and link in the blocks' mrkdwn and in the
    fallback: what Slack would turn into a ping or a link."""
    texts = [*mrkdwn_texts(message), message.get("text") or ""]
    return [m.group(0) for t in texts for m in CONTROL.finditer(t)]


def mentioned(message: dict) -> set[str]:
    """The user IDs the message mentions."""
    return {c[2:-1].split("|")[0] for c in controls(message) if c.startswith("<@")}


def buttons(message: dict) -> list[dict]:
    return [obj for _, obj in walk(message.get("blocks") or []) if obj.get("type") == "button"]


def button(message: dict, action_id: str) -> dict:
    """The one button with this action_id."""
    (found,) = [b for b in buttons(message) if b.get("action_id") == action_id]
    return found


def block(message: dict, block_id: str) -> dict:
    (found,) = [b for b in message.get("blocks") or [] if b.get("block_id") == block_id]
    return found


def rendered(text: str) -> str:
    """Roughly what a person reads for mrkdwn `text`: entities decoded once."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def assert_no_pings(message: dict, users: tuple[str, ...] | set[str] = ()) -> None:
    """Nothing in the message pings a group or a channel or links anywhere, and the only
    people it mentions are `users`."""
    allowed = {f"<@{u}>" for u in users}
    unexpected = [c for c in controls(message) if c not in allowed]
    assert not unexpected, f"unexpected mentions or links: {unexpected}"
