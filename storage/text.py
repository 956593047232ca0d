"""Text as every database keeps it: PostgreSQL refuses NUL in text, and neither it nor
SQLite's drivers take a lone surrogate (half of a UTF-16 pair), so both are removed from
whatever people type before it is stored; the rest is kept as typed."""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    return _UNSTORABLE.sub("", text)
