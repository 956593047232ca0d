"""/metrics on its own loopback port, summed over every gunicorn worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_client import SlackClient, http


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            if http("GET", url).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)  # polling a starting process: nothing to wait on but the port
    raise AssertionError(f"{url} never answered")


def _commands_counted(url: str, topic: str) -> float:
    text = http("GET", url).body.decode()
    return sum(s.value for family in text_string_to_metric_families(text)
               for s in family.samples
               if s.name == "techlead_commands_total" and s.labels.get("topic") == topic)


def test_two_workers_are_counted_together_on_the_metrics_port(tmp_path, slack_api):
    port, metrics_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMETHEUS")}
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
               SLACK_API_URL=slack_api.url, DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}",
               METRICS_PORT=str(metrics_port), PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "m"))
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port),
                             "--workers", "2", "--no-scheduler"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base, scrape = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{metrics_port}/metrics"
        _wait_for(base + "/healthz", proc)
        _wait_for(scrape, proc)
        slack = SlackClient(base, SIGNING_SECRET)
        for _ in range(12):  # new connections each: both workers take some
            assert slack.command("risk").status == 200
        assert _commands_counted(scrape, "risk") == 12
        assert http("GET", base + "/metrics").status == 404
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert "Booting worker" in out
