"""What the bot puts into button values and modal private_metadata, each shape encoded and
decoded by one small class, so the builder that writes it and the listener that reads it
cannot drift apart. Decoding trusts nothing: it returns None for anything malformed, and
the caller still checks every field against the signed request."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.models import SHARING_LEVELS


def _dumps(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"))


def _loads(text: str | None) -> dict | None:
    try:
        data = json.loads(text or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# Row ids are 32-bit integers on PostgreSQL; no page, week count or id the bot hands out
# comes near this.
LARGEST = 2**31 - 1


def whole_number(text: str | None, largest: int = LARGEST) -> int | None:
    """A whole number from 0 to `largest` written in ASCII digits ("12", not "²" or "١٢",
    which str.isdigit accepts and int may refuse), or None."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > 12:
        return None
    number = int(text)
    return number if number <= largest else None


_number = whole_number


@dataclass(frozen=True)
class ReflectTarget:
    """A Reflect button: which week and dimension the modal opens on."""

    week: str
    dimension: str

    def encode(self) -> str:
        return _dumps({"w": self.week, "d": self.dimension})

    @classmethod
    def decode(cls, text: str | None) -> ReflectTarget | None:
        data = _loads(text)
        if data is None:
            return None
        week, dimension = data.get("w"), data.get("d")
        if not isinstance(week, str) or not isinstance(dimension, str):
            return None
        return cls(week, dimension)


@dataclass(frozen=True)
class DigestPage:
    """A "More reflections" button: the digest's week and the page to show."""

    week: str
    page: int

    def encode(self) -> str:
        return _dumps({"w": self.week, "p": self.page})

    @classmethod
    def decode(cls, text: str | None) -> DigestPage | None:
        data = _loads(text)
        if data is None:
            return None
        week, page = data.get("w"), data.get("p")
        if not isinstance(week, str) or not isinstance(page, int) or isinstance(page, bool):
            return None
        return cls(week, page) if 1 <= page <= LARGEST else None


@dataclass(frozen=True)
class Numbered:
    """A button that names one thing by number: a history page, a team (invitations), a
    reflection (Read all)."""

    number: int

    def encode(self) -> str:
        return str(self.number)

    @classmethod
    def decode(cls, text: str | None) -> Numbered | None:
        number = _number(text)
        return None if number is None else cls(number)


@dataclass(frozen=True)
class ForgetConfirmation:
    """forget-me's Delete button: whose data it deletes (only theirs may click it)."""

    user_id: str

    def encode(self) -> str:
        return self.user_id

    @classmethod
    def decode(cls, text: str | None) -> ForgetConfirmation | None:
        return cls(text) if isinstance(text, str) and text else None


@dataclass(frozen=True)
class FormMetadata:
    """What the bot put into private_metadata when it opened the reflection modal."""

    team_id: str
    user_id: str
    week: str
    dimension: str
    channel: str | None = None
    ts: str | None = None
    focus: str | None = None  # the person's focus dimension, answered in the same modal

    def encode(self) -> str:
        return _dumps({"t": self.team_id, "u": self.user_id, "w": self.week,
                       "d": self.dimension, "c": self.channel, "m": self.ts, "f": self.focus})

    @classmethod
    def decode(cls, text: str | None) -> FormMetadata | None:
        data = _loads(text)
        if data is None:
            return None
        fields = [data.get(k) for k in ("t", "u", "w", "d")]
        if not all(isinstance(f, str) and f for f in fields):
            return None
        extra = [data.get(k) if isinstance(data.get(k), str) else None
                 for k in ("c", "m", "f")]
        return cls(*fields, *extra)


@dataclass(frozen=True)
class JournalPage:
    """A journal's Newer / Older button: which dimension ("" for all) and which page."""

    dimension: str
    page: int

    def encode(self) -> str:
        return _dumps({"d": self.dimension, "p": self.page})

    @classmethod
    def decode(cls, text: str | None) -> JournalPage | None:
        data = _loads(text)
        if data is None:
            return None
        dimension, page = data.get("d"), data.get("p")
        if not isinstance(dimension, str) or not isinstance(page, int) or isinstance(page, bool):
            return None
        return cls(dimension, page) if 1 <= page <= LARGEST else None


@dataclass(frozen=True)
class EvidenceMetadata:
    """What the bot put into private_metadata when it opened the evidence modal: whose
    journal, which message (none for a note), its link, its text as kept (capped, `cut`
    when it was longer) and the shortcut's response_url for the confirmation."""

    team_id: str
    user_id: str
    channel_id: str | None = None
    message_ts: str | None = None
    permalink: str | None = None
    message_text: str = ""
    cut: bool = False
    response_url: str | None = None

    def encode(self) -> str:
        return json.dumps({"t": self.team_id, "u": self.user_id, "c": self.channel_id,
                           "m": self.message_ts, "p": self.permalink, "x": self.message_text,
                           "k": self.cut, "r": self.response_url},
                          separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, text: str | None) -> EvidenceMetadata | None:
        data = _loads(text)
        if data is None:
            return None
        team_id, user_id = data.get("t"), data.get("u")
        if not all(isinstance(f, str) and f for f in (team_id, user_id)):
            return None
        channel, ts, link, url = (data.get(k) if isinstance(data.get(k), str) else None
                                  for k in ("c", "m", "p", "r"))
        if (channel is None) != (ts is None):
            return None  # a message is named by both, a note by neither
        message_text = data.get("x") if isinstance(data.get("x"), str) else ""
        return cls(team_id, user_id, channel, ts, link, message_text, data.get("k") is True,
                   url)


@dataclass(frozen=True)
class CanvasRequest:
    """An export's Open as canvas button: whose journal it opens (only theirs may click)."""

    user_id: str

    def encode(self) -> str:
        return self.user_id

    @classmethod
    def decode(cls, text: str | None) -> CanvasRequest | None:
        return cls(text) if isinstance(text, str) and text else None


@dataclass(frozen=True)
class SharingChoice:
    """An option among the sharing levels (the modal's radio buttons, App Home's choice of
    the default): one level as stored, and nothing else."""

    level: str

    def encode(self) -> str:
        return self.level

    @classmethod
    def decode(cls, text: str | None) -> SharingChoice | None:
        return cls(text) if isinstance(text, str) and text in SHARING_LEVELS else None
