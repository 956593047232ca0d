"""Observability: /metrics, the counters and timings behind it, JSON logs and redaction."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
from gunicorn.config import Config
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.observability.gunicorn_logger import GunicornLogger
from bot.observability.logs import RedactingFilter, configure_logging
from tests.bot.test_nudges import add_people
from tests.bot.test_reflection import submit
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.helpers import ask
from tests.fakes.live_server import LiveServer
from tests.fakes.slack_client import http

LOGGER = logging.getLogger("tests.observability")


@pytest.fixture
def metrics():
    """The metrics endpoint the bot serves on its own port, here on a loopback one."""
    from prometheus_client import make_wsgi_app

    from bot.observability.metrics_server import registry

    with LiveServer(make_wsgi_app(registry())) as server:
        yield server


def scrape(metrics) -> dict[tuple[str, tuple], float]:
    """GET /metrics: every sample, keyed by (name, sorted labels)."""
    reply = http("GET", metrics.url + "/metrics")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(reply.body.decode())
        for sample in family.samples
    }


def sample(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_not_served_on_the_port_that_faces_slack(live_bot):
    assert http("GET", live_bot.url + "/metrics").status == 404


def test_metrics_answers_in_prometheus_text_format(metrics):
    reply = http("GET", metrics.url + "/metrics")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    text = reply.body.decode()
    for name in ("techlead_commands_total", "techlead_messages_total",
                 "techlead_digest_builds_total", "techlead_digest_build_seconds",
                 "techlead_slack_api_seconds"):
        assert f"# TYPE {name.removesuffix('_total')}" in text


def test_a_topic_answer_is_counted_by_its_slug(slack, metrics):
    before = scrape(metrics)
    assert slack.command("risk").status == 200
    after = scrape(metrics)
    name = "techlead_commands_total"
    assert sample(after, name, topic="risk") == sample(before, name, topic="risk") + 1


@pytest.mark.parametrize(("text", "label"), [("", "help"), ("help", "help"),
                                              ("no-such-topic-here", "unknown"),
                                              ("<@U123>", "unknown")])
def test_help_and_unknown_topics_are_counted_as_such(slack, metrics, text, label):
    before = sample(scrape(metrics), "techlead_commands_total", topic=label)
    assert slack.command(text).status == 200
    assert sample(scrape(metrics), "techlead_commands_total", topic=label) == before + 1


def test_a_sub_command_is_counted_by_its_verb(slack, slack_api, metrics):
    before = sample(scrape(metrics), "techlead_commands_total", topic="subscribe")
    ask(slack, slack_api, "subscribe")
    assert sample(scrape(metrics), "techlead_commands_total", topic="subscribe") == before + 1


def test_a_nudge_tick_counts_the_message_and_times_the_slack_call(
        deps, dispatcher, clock, metrics):
    add_people(deps, ("U1", "UTC"))
    before = scrape(metrics)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    dispatcher.tick()
    after = scrape(metrics)
    sent = dict(kind="nudge", outcome="sent")
    assert sample(after, "techlead_messages_total", **sent) == (
        sample(before, "techlead_messages_total", **sent) + 1)
    posts = dict(method="chat.postMessage")
    assert sample(after, "techlead_slack_api_seconds_count", **posts) >= (
        sample(before, "techlead_slack_api_seconds_count", **posts) + 1)
    assert sample(after, "techlead_slack_api_seconds_sum", **posts) > (
        sample(before, "techlead_slack_api_seconds_sum", **posts))


@pytest.fixture
def root_logging():
    """Restore the root logger's handlers and level after configure_logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_json_logs_are_one_object_a_line(root_logging, capsys):
    configure_logging("INFO", "json", force=True)
    LOGGER.info("first %s", "line")
    LOGGER.debug("below the level")
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        LOGGER.exception("it failed")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    first, second = map(json.loads, lines)
    assert first.keys() == {"time", "level", "logger", "message"}
    assert (first["level"], first["logger"], first["message"]) == (
        "INFO", "tests.observability", "first line")
    assert datetime.fromisoformat(first["time"]).utcoffset().total_seconds() == 0
    assert (second["level"], second["message"]) == ("ERROR", "it failed")
    assert "Traceback" in second["exception"]
    assert "ValueError: broken\nacross lines" in second["exception"]


def test_text_logs_keep_the_usual_format(root_logging, capsys):
    configure_logging("WARNING", "text", force=True)
    LOGGER.info("not shown")
    LOGGER.warning("shown")
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(" WARNING tests.observability: shown")


def test_configure_logging_leaves_someone_elses_root_handlers_alone(root_logging):
    # pytest has its own handlers on the root logger: like basicConfig, nothing changes.
    assert configure_logging("DEBUG", "json") is None
    assert not any(getattr(h, "_techlead_coach", False) for h in logging.getLogger().handlers)


def test_tokens_and_secrets_are_redacted_from_messages_and_exceptions(
        root_logging, capsys, monkeypatch):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret-value")
    configure_logging("INFO", "json", force=True)
    LOGGER.info("token %s, secret %s, app xapp-1-A0-123abc", BOT_TOKEN, SIGNING_SECRET)
    try:
        raise RuntimeError(f"refused {BOT_TOKEN} signed with {SIGNING_SECRET}")
    except RuntimeError:
        LOGGER.exception("client-secret-value leaked")
    err = capsys.readouterr().err
    for secret in (BOT_TOKEN, SIGNING_SECRET, "client-secret-value", "xapp-1-A0-123abc"):
        assert secret not in err
    first, second = map(json.loads, err.splitlines())
    assert first["message"] == "token xoxb-***, secret ***, app xapp-***"
    assert second["message"] == "*** leaked"
    assert "RuntimeError: refused xoxb-*** signed with ***" in second["exception"]


def test_the_filter_redacts_a_record_for_every_handler_after_it():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user token %s",
                               ("xoxp-1-2-3",), None)
    assert RedactingFilter(secrets=[SIGNING_SECRET, "short"]).filter(record)
    assert record.getMessage() == "user token xoxp-***"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "rotated %s, refresh %s",
                               ("xoxe.xoxb-1-abc", "xoxe-1-def"), None)
    RedactingFilter(secrets=[]).filter(record)
    assert record.getMessage() == "rotated xoxe.xoxb-***, refresh xoxe-***"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "short and sweet", (), None)
    RedactingFilter(secrets=["short"]).filter(record)
    assert record.getMessage() == "short and sweet", "too short to be a secret"


def test_nothing_logged_while_subscribing_and_reflecting_shows_a_secret(
        slack, slack_api, clock, caplog):
    clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # Wednesday of 2026-W49
    caplog.set_level(logging.INFO)
    # And slack_sdk's request and response logs, the likeliest place for a token to show.
    caplog.set_level(logging.DEBUG, logger="slack_sdk")
    ask(slack, slack_api, "subscribe")
    slack.command("reflect", response_url=slack_api.response_url("reflect"))
    slack_api.wait_for("views.open")
    assert submit(slack, rating="4", text="I listed the risks first.").status == 200
    slack_api.wait_for("chat.update")
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert any(r.name.startswith("slack_sdk") for r in caplog.records)
    assert BOT_TOKEN not in logged
    assert SIGNING_SECRET not in logged


def test_gunicorn_logs_go_through_the_root_handler(caplog):
    logs = [logging.getLogger(name) for name in ("gunicorn.error", "gunicorn.access")]
    saved = [(list(log.handlers), log.propagate, log.level) for log in logs]
    try:
        GunicornLogger(Config())
        assert all(log.propagate and log.handlers == [] for log in logs)
        with caplog.at_level(logging.INFO):
            logs[0].info("Booting worker with pid: %s", 42)
        assert ("gunicorn.error", logging.INFO, "Booting worker with pid: 42") in (
            caplog.record_tuples)
    finally:
        for log, (handlers, propagate, level) in zip(logs, saved, strict=True):
            log.handlers[:], log.propagate = handlers, propagate
            log.setLevel(level)


@pytest.mark.parametrize(("value", "expected"), [(None, "text"), ("json", "json"),
                                                 ("JSON", "json"), ("text", "text")])
def test_log_format_is_read_from_the_environment(value, expected):
    env = {} if value is None else {"LOG_FORMAT": value}
    settings = Settings.from_env(env)
    assert settings.log_format == expected
    assert settings._tuning_problems() == []


def test_an_unknown_log_format_is_a_problem():
    problems = Settings.from_env({"LOG_FORMAT": "xml"})._tuning_problems()
    assert problems == ["  LOG_FORMAT must be text or json, got 'xml'"]


def test_debug_logging_never_reaches_slack_request_bodies():
    import logging

    from bot.observability.logs import configure_logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    handler = configure_logging("DEBUG", "text", force=True)
    try:
        for name in ("slack_sdk", "slack_bolt", "bot.bolt"):
            assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
        assert logging.getLogger("bot.reflect.nudges").isEnabledFor(logging.DEBUG)
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
        assert root.handlers == handlers
        for name in ("slack_sdk", "slack_bolt", "bot.bolt"):
            logging.getLogger(name).setLevel(logging.NOTSET)
