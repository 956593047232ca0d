"""Benchmark: `/techlead risk` through the bot's real HTTP endpoint vs a bare Bolt app.

Both run on the same gunicorn set-up (one gthread worker) and receive the same signed,
form-encoded slash command. Latency: one client, sequential requests on a keep-alive
connection. Throughput: several clients at once for a fixed number of requests.

    make bench            # or: .venv/bin/python -m tests.bench.slash_command
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.fakes import payloads
from tests.fakes.signing import signed_headers
from tests.fakes.slack_api import SlackApiStandIn
from tests.fakes.slack_client import FORM

SECRET = "bench-signing-secret"
WARMUP, LATENCY_N, THROUGHPUT_N, CLIENTS, ROUNDS = 300, 2000, 4000, 4, 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(which: str, api: SlackApiStandIn, db: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api.url, "DATABASE_URL": f"sqlite:///{db}", "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.bench.serve", which, str(port)],
                            env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{which} server did not start")


def request() -> tuple[bytes, dict]:
    body = payloads.slash_command("risk", response_url="https://hooks.example/r")
    headers = signed_headers(SECRET, body, int(time.time()), FORM)
    return body, headers


def send(conn: http.client.HTTPConnection, body: bytes, headers: dict) -> float:
    started = time.perf_counter()
    conn.request("POST", "/slack/events", body, headers)
    resp = conn.getresponse()
    data = resp.read()
    elapsed = time.perf_counter() - started
    if resp.status != 200 or not data:
        raise RuntimeError(f"unexpected answer {resp.status}: {data[:200]!r}")
    return elapsed


def latency(port: int, n: int) -> list[float]:
    body, headers = request()
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(WARMUP):
        send(conn, body, headers)
    samples = [send(conn, body, headers) for _ in range(n)]
    conn.close()
    return samples


def throughput(port: int, n: int, clients: int) -> float:
    body, headers = request()
    per_client = n // clients

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        for _ in range(per_client):
            send(conn, body, headers)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return per_client * clients / (time.perf_counter() - started)


def measure(ports: dict[str, int]) -> dict[str, dict]:
    """Alternate the two apps over several rounds, so machine noise hits both alike."""
    runs: dict[str, list[dict]] = {name: [] for name in ports}
    for _ in range(ROUNDS):
        for name, port in ports.items():
            samples = sorted(latency(port, LATENCY_N))
            runs[name].append({
                "median_ms": statistics.median(samples) * 1000,
                "p99_ms": samples[int(len(samples) * 0.99)] * 1000,
                "rps": throughput(port, THROUGHPUT_N, CLIENTS),
            })
    return {name: {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
            for name, rounds in runs.items()}


def main() -> int:
    with SlackApiStandIn() as api, tempfile.TemporaryDirectory() as tmp:
        procs = {name: start(name, api, Path(tmp) / f"{name}.db") for name in ("bare", "bot")}
        try:
            results = measure({name: port for name, (_, port) in procs.items()})
        finally:
            for proc, _ in procs.values():
                proc.terminate()
                proc.wait(timeout=15)
    bare, ours = results["bare"], results["bot"]
    print(f"median of {ROUNDS} alternating rounds; latency: {LATENCY_N} sequential requests, "
          f"throughput: {THROUGHPUT_N} requests from {CLIENTS} clients")
    print(f"{'app':<28}{'median ms':>10}{'p99 ms':>10}{'req/s':>10}")
    for name, r in (("bare Bolt ack('ok')", bare), ("/techlead risk (full answer)", ours)):
        print(f"{name:<28}{r['median_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['rps']:>10.0f}")
    lat_ratio = ours["median_ms"] / bare["median_ms"]
    rps_ratio = ours["rps"] / bare["rps"]
    ok = lat_ratio <= 1.25 and rps_ratio >= 0.8
    print(f"latency {lat_ratio:.2f}x bare (target <= 1.25x), "
          f"throughput {rps_ratio:.2f}x bare (target >= 0.8x): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
