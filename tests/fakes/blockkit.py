"""Check a message or view against Slack's documented Block Kit limits."""

from __future__ import annotations

LIMITS = {"message_blocks": 50, "view_blocks": 100, "header": 150, "section_text": 3000,
          "fields": 10, "field": 2000, "context_elements": 10, "button_text": 75,
          "button_value": 2000, "id": 255, "actions_elements": 25, "fallback": 40000}


def problems(message: dict, *, view: bool = False) -> list[str]:
    """Every limit the message breaks (empty when it is fine)."""
    found: list[str] = []
    blocks = message.get("blocks", [])
    cap = LIMITS["view_blocks"] if view else LIMITS["message_blocks"]
    if len(blocks) > cap:
        found.append(f"{len(blocks)} blocks > {cap}")
    if not view and not message.get("text"):
        found.append("no plain-text fallback")
    if len(message.get("text") or "") > LIMITS["fallback"]:
        found.append("fallback text too long")
    for i, block in enumerate(blocks):
        found += [f"block {i} ({block['type']}): {p}" for p in _block_problems(block)]
    return found


def _block_problems(block: dict) -> list[str]:
    out: list[str] = []
    kind = block["type"]
    if len(block.get("block_id", "")) > LIMITS["id"]:
        out.append("block_id too long")
    if kind == "header" and len(block["text"]["text"]) > LIMITS["header"]:
        out.append("header text too long")
    if kind == "section":
        if "text" not in block and "fields" not in block:
            out.append("section without text or fields")
        if len(block.get("text", {}).get("text", "")) > LIMITS["section_text"]:
            out.append("section text too long")
        fields = block.get("fields", [])
        if len(fields) > LIMITS["fields"]:
            out.append("too many fields")
        out += ["field too long" for f in fields if len(f["text"]) > LIMITS["field"]]
        out += ["empty field" for f in fields if not f["text"].strip()]
    if kind == "context" and len(block["elements"]) > LIMITS["context_elements"]:
        out.append("too many context elements")
    if kind == "actions":
        if len(block["elements"]) > LIMITS["actions_elements"]:
            out.append("too many elements")
        for el in block["elements"]:
            if el["type"] == "button":
                if len(el["text"]["text"]) > LIMITS["button_text"]:
                    out.append("button text too long")
                if len(el.get("value", "")) > LIMITS["button_value"]:
                    out.append("button value too long")
            if len(el.get("action_id", "")) > LIMITS["id"]:
                out.append("action_id too long")
    return out
