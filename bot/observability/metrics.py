"""Prometheus metrics, in prometheus_client's default registry (or its multiprocess files
under gunicorn: bot/observability/metrics_server.py serves them, summed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from prometheus_client import Counter, Histogram

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

# The labelled child per label, so the benchmarked `/techlead risk` path costs a dict
# lookup and an increment. Bounded: labels are topic slugs, verbs, "help" and "unknown".
_command_children: dict[str, Counter] = {}


def count_command(label: str) -> None:
    """Count one `/techlead` answer under `label` (what bot.ask.answer or the sub-command
    table decided it was)."""
    child = _command_children.get(label)
    if child is None:
        child = _command_children[label] = COMMANDS.labels(label)
    child.inc()


@contextmanager
def timed_digest_build() -> Iterator[None]:
    started = perf_counter()
    try:
        yield
    finally:
        DIGEST_BUILD_SECONDS.observe(perf_counter() - started)
        DIGEST_BUILDS.inc()
