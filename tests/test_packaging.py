"""What pip and Docker users get is the wheel, not this checkout: every file the product
reads at run time is in it, and the playground served from an installed wheel has its page.
Plus the command line's edges a user meets first: a busy port, a closed pipe."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "content", "storage")
CLI = [sys.executable, "-m", "bot.cli"]


def data_files() -> set[str]:
    """Every non-Python file the packages hold in this checkout, as wheel paths."""
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and path.suffix not in (".py", ".pyc") \
                    and "__pycache__" not in path.parts:
                found.add(path.relative_to(ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built by setuptools (as pip would, without fetching anything) from a copy
    of the checkout, so the build leaves nothing behind in it."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta; "
                    "build_meta.build_wheel(sys.argv[1])", str(out)], cwd=source, check=True,
                   capture_output=True, timeout=120)
    (built,) = out.glob("*.whl")
    return built


def test_the_checkout_has_the_files_the_code_opens():
    assert {"content/guide.toml", "bot/playground/static/index.html",
            "bot/playground/static/app.js", "storage/migrations/script.py.mako"} <= data_files()


def test_every_data_file_ships_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert data_files() - names == set()
    assert "storage/migrations/versions/0004_idempotency_keys.py" in names


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as reply:
        return reply.status, reply.read()


def test_the_installed_playground_serves_its_page(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(site), str(wheel)], check=True, timeout=120)
    env = {**os.environ, "PYTHONPATH": str(site)}
    env = {k: v for k, v in env.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    where = subprocess.run([sys.executable, "-c", "import bot; print(bot.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(site))  # the installed copy, not this checkout
    port = _free_port()
    proc = subprocess.Popen([*CLI, "playground", "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "playground: http://127.0.0.1:" in proc.stdout.readline()
        status, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"<html" in page.lower()
        for asset in ("app.js", "style.css", "blockkit.js"):
            assert _get(f"http://127.0.0.1:{port}/static/{asset}")[0] == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_a_busy_port_is_one_line_not_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run([*CLI, "playground", "--port", str(port)], cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert time.monotonic() - started < 30


def test_show_into_a_closed_pipe_ends_quietly():
    # Like `techlead-coach show risk | head -3` once head has gone: the reading end is
    # closed before the command writes a byte.
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([*CLI, "show", "risk"], stdout=write, stderr=subprocess.PIPE,
                              timeout=30)
    finally:
        os.close(write)
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr, proc.stderr
    assert proc.returncode == 0
