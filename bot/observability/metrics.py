"""Prometheus metrics, in prometheus_client's default (process-wide) registry.

With several gunicorn workers each process counts on its own: /metrics shows the worker
that answered (prometheus_client's multiprocess mode would be needed to sum them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest

from content import Guide, resolve

COMMANDS = Counter("techlead_commands_total",
                   "/techlead answers, by topic slug, help, unknown or sub-command verb",
                   ["topic"])
MESSAGES = Counter("techlead_messages_total", "Scheduled messages, by kind and outcome",
                   ["kind", "outcome"])
DIGEST_BUILDS = Counter("techlead_digest_builds_total", "Manager digests built")
DIGEST_BUILD_SECONDS = Histogram("techlead_digest_build_seconds",
                                 "Time to build one manager digest")
SLACK_API_SECONDS = Histogram("techlead_slack_api_seconds",
                              "Slack Web API call latency, retries included", ["method"])

# The labelled child per (guide, command text), so the benchmarked `/techlead risk` path
# costs a dict lookup and an increment. Bounded: the text is typed by people.
MAX_CACHED_TEXTS = 512
_command_children: dict[tuple[Guide, str | None], Counter] = {}


def command_counter(guide: Guide, text: str | None) -> Counter:
    """techlead_commands_total's child for a `/techlead text` answered in the ack."""
    key = (guide, text)
    child = _command_children.get(key)
    if child is None:
        child = COMMANDS.labels(topic_label(guide, text))
        if len(_command_children) < MAX_CACHED_TEXTS:
            _command_children[key] = child
    return child


def topic_label(guide: Guide, text: str | None) -> str:
    """The topic's slug, "help" or "unknown", as bot.techlead_command.answer decides."""
    resolution = resolve(guide, (text or "").strip())
    if resolution.topic is not None:
        return resolution.topic.slug
    query = resolution.query
    if not query or query == "help" or query.startswith("help-"):
        return "help"
    return "unknown"


@contextmanager
def timed_digest_build() -> Iterator[None]:
    started = perf_counter()
    try:
        yield
    finally:
        DIGEST_BUILD_SECONDS.observe(perf_counter() - started)
        DIGEST_BUILDS.inc()


def exposition() -> tuple[bytes, str]:
    """The /metrics body and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
