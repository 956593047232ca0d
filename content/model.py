"""The guide as immutable values; loader.py builds them, everything else only reads them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of a comparison; cells are Slack mrkdwn, `label` only on the overview."""

    engineer: str
    lead: str
    label: str | None = None


@dataclass(frozen=True)
class ManagerQuestion:
    """A question a manager can ask in a 1:1, and the Tech Lead behaviour (one of the
    topic's `lead` cells) to listen for in the answer."""

    ask: str
    listen_for: str


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    summary: str
    aliases: tuple[str, ...]
    rows: tuple[Row, ...]
    number: int | None = None
    key_difference: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    # Asked once after a thin reflection, to coach (dimensions only).
    followups: tuple[str, ...] = ()
    # What a manager can ask in a 1:1 about this dimension (dimensions only).
    manager_questions: tuple[ManagerQuestion, ...] = ()

    @property
    def is_dimension(self) -> bool:
        """The nine numbered dimensions are the ones a weekly reflection can be about."""
        return self.number is not None

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.is_dimension else self.title


# eq=False: a guide is compared and hashed by identity, so caches keyed on it (the lookup
# index) cost nothing per request instead of hashing every row of every topic.
@dataclass(frozen=True, eq=False)
class Guide:
    title: str
    topics: tuple[Topic, ...]

    @property
    def dimensions(self) -> tuple[Topic, ...]:
        return tuple(sorted((t for t in self.topics if t.is_dimension), key=_number))

    def topic(self, slug: str) -> Topic:
        for topic in self.topics:
            if topic.slug == slug:
                return topic
        raise KeyError(slug)

    def next_topic(self, topic: Topic) -> Topic:
        """The topic after `topic` in guide order, wrapping so "next" never dead-ends."""
        slugs = [t.slug for t in self.topics]
        if topic.slug not in slugs:
            raise KeyError(topic.slug)
        return self.topics[(slugs.index(topic.slug) + 1) % len(self.topics)]


def _number(topic: Topic) -> int:
    return topic.number or 0
