"""Prometheus metrics on a port of their own, bound to loopback by default: /metrics tells
whoever reaches it how the bot is used, so it never shares the port that faces Slack.
Under gunicorn with several workers, prometheus-client's multiprocess mode adds up every
worker's counts, and the server runs once, in gunicorn's master process."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile

from bot.config import Settings

logger = logging.getLogger(__name__)
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def use_multiprocess() -> str:
    """Share counts between the processes forked from this one. Must run before
    prometheus_client is first imported here: it picks how it stores values on import."""
    directory = os.environ.get(MULTIPROCESS_ENV)
    if directory:
        # Left by an earlier run of this service: its counts would be added to ours.
        shutil.rmtree(directory, ignore_errors=True)
    else:
        directory = tempfile.mkdtemp(prefix="techlead-coach-metrics-")
    os.makedirs(directory, exist_ok=True)
    os.environ[MULTIPROCESS_ENV] = directory
    return directory


def registry():
    """What a scrape reports: this process's metrics, or every worker's in multiprocess
    mode."""
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

    if not os.environ.get(MULTIPROCESS_ENV):
        return REGISTRY
    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    return combined


def start_metrics_server(settings: Settings):
    """Serve /metrics on METRICS_HOST:METRICS_PORT in a background thread; None when
    METRICS_PORT is 0 (off)."""
    if not settings.metrics_port:
        return None
    from prometheus_client import start_http_server

    try:
        server, _thread = start_http_server(settings.metrics_port, addr=settings.metrics_host,
                                            registry=registry())
    except OSError as err:  # the bot still serves Slack; only the scrape is missing
        logger.error("cannot serve /metrics on %s:%s (%s); set METRICS_PORT to a free port, "
                     "or 0 to turn it off", settings.metrics_host, settings.metrics_port,
                     err.strerror)
        return None
    logger.info("metrics at http://%s:%s/metrics", settings.metrics_host,
                settings.metrics_port)
    return server


def worker_exited(pid: int) -> None:
    """Drop a dead gunicorn worker's live gauges (its counters stay counted)."""
    if os.environ.get(MULTIPROCESS_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
