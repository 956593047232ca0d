"""Write guide-shaped data back to TOML, so loader tests can break one thing at a time."""

from __future__ import annotations

import json
from typing import Any


def to_toml(data: dict[str, Any]) -> str:
    """Just enough of a TOML writer for the guide's shape (strings, ints, lists, tables and
    inline tables)."""

    def value(item: Any) -> str:
        if isinstance(item, list):
            return "[" + ", ".join(value(x) for x in item) + "]"
        if isinstance(item, dict):  # an inline table
            return "{ " + ", ".join(f"{k} = {value(v)}" for k, v in item.items()) + " }"
        # A JSON string (\" \\ \n \uXXXX escapes) is also a TOML basic string.
        return json.dumps(item) if isinstance(item, str) else str(item)

    lines = [f"{key} = {value(item)}" for key, item in data.items() if key != "topics"]
    for topic in data.get("topics", []):
        lines += ["", "[[topics]]"]
        lines += [f"{key} = {value(item)}" for key, item in topic.items() if key != "rows"]
        for row in topic.get("rows", []):
            lines += ["[[topics.rows]]", *(f"{key} = {value(item)}" for key, item in row.items())]
    return "\n".join(lines) + "\n"
