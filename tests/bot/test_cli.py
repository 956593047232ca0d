"""techlead-coach: show, db, the start-up errors, and `serve` on gunicorn for real."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from bot.cli import main
from storage.migrate import MIGRATIONS
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_client import SlackClient, http


def test_help_names_every_command(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("serve", "socket", "run", "show", "db"):
        assert command in out


def test_show_prints_the_risk_comparison(capsys):
    assert main(["show", "risk"]) == 0
    out = capsys.readouterr().out
    assert "2. Risk Identification" in out
    assert "Software Engineer" in out and "Tech Lead" in out
    assert "Identifies risks in own task" in out
    assert "Engineer reports risks." in out


def test_show_unknown_topic_suggests_like_slack(capsys):
    assert main(["show", "riks"]) == 1
    out = capsys.readouterr().out
    assert "Unknown topic: 'riks'" in out and "Did you mean risk?" in out


def test_show_without_a_topic_lists_topics(capsys):
    assert main(["show"]) == 0
    assert "reviews" in capsys.readouterr().out


def test_run_without_any_slack_settings_starts_the_playground(monkeypatch, capsys):
    from bot.playground import server

    started = {}
    monkeypatch.setattr(server, "serve", lambda settings, host, port, demo_history:
                        started.update(host=host, port=port, demo=demo_history))
    assert main(["run"]) == 0
    assert started == {"host": "127.0.0.1", "port": 3000, "demo": True}
    assert "here is the playground" in capsys.readouterr().out


def test_run_with_only_a_bot_token_says_what_is_missing_and_where_to_get_it(monkeypatch,
                                                                            capsys):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_APP_TOKEN is not set" in err
    assert "for HTTP mode instead of Socket Mode, set SLACK_SIGNING_SECRET" in err
    assert "deploy/slack-manifest.yml" in err
    assert "techlead-coach show risk" in err


def test_run_with_a_signing_secret_chooses_http_and_names_the_bot_token(monkeypatch, capsys):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is not set" in err and "SLACK_APP_TOKEN" not in err


def test_serve_without_tokens_names_both_http_variables(capsys):
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is not set" in err and "SLACK_SIGNING_SECRET is not set" in err


def test_socket_mode_names_the_app_token(monkeypatch, capsys):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert main(["socket"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_APP_TOKEN is not set" in err and "connections:write" in err
    assert "SLACK_BOT_TOKEN is not set" not in err


def test_a_token_of_the_wrong_kind_is_named(monkeypatch, capsys):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xapp-oops")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    assert main(["serve"]) == 2
    assert "SLACK_BOT_TOKEN should start with xoxb-" in capsys.readouterr().err


def test_db_upgrade_migrates_and_reports(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "upgrade"]) == 0
    # The newest migration's revision, as its file is named (0006_..., say "0006").
    newest = max((MIGRATIONS / "versions").glob("[0-9]*.py")).name.split("_", 1)[0]
    assert f"database at revision {newest}" in capsys.readouterr().out
    assert main(["db", "downgrade"]) == 0
    assert "base (empty)" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read()}")
        try:
            if http("GET", url).status == 200:
                return
        except OSError:
            time.sleep(0.05)  # polling a starting process: nothing to wait on but the port
    raise AssertionError("server did not come up")


def test_serve_runs_on_gunicorn_migrates_and_answers(tmp_path, slack_api):
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack_api.url, "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base + "/healthz", proc)
        reply = SlackClient(base, SIGNING_SECRET).command("boss")
        assert reply.status == 200
        assert reply.json["blocks"][0]["text"]["text"] == "9. Relationship with Manager"
        assert SlackClient(base, "wrong").command("boss").status == 401
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert "gunicorn" in out.lower() or "Booting worker" in out
    assert BOT_TOKEN not in out and SIGNING_SECRET not in out


@pytest.fixture
def cli_database(monkeypatch, tmp_path, slack_api):
    """A migrated SQLite database with workspace T111, and the CLI's environment pointing
    at it and at the stand-in; yields a session factory for seeding."""
    from datetime import date

    from storage.engine import make_engine, make_sessionmaker
    from storage.people import ensure_workspace

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", slack_api.url)
    assert main(["db", "upgrade"]) == 0
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=date(2026, 11, 23))
    yield sessions
    engine.dispose()


def test_nudge_now_sends_this_weeks_nudges_and_says_what_it_did(cli_database, slack_api,
                                                                capsys):
    from storage.models import Person

    with cli_database.begin() as session:
        session.add_all([Person(team_id="T111", user_id=u, subscribed=True, nudge_weekday=6,
                                nudge_minute=23 * 60 + 59) for u in ("U1", "U2")])
    capsys.readouterr()
    assert main(["nudge", "--now"]) == 0
    assert "nudges: 2 sent" in capsys.readouterr().out
    assert sorted(c.body["channel"] for c in slack_api.delivered()) == ["U1", "U2"]
    assert main(["nudge", "--now"]) == 0
    assert "nudges: 2 already" in capsys.readouterr().out
    assert len(slack_api.delivered()) == 2


def test_nudge_without_a_token_names_it(capsys):
    assert main(["nudge", "--now"]) == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err


def test_digest_now_sends_each_manager_this_weeks_digest_once(cli_database, slack_api,
                                                              capsys):
    from storage.models import Membership, Team

    with cli_database.begin() as session:
        team = Team(team_id="T111", manager_id="UMGR")
        session.add(team)
        session.flush()
        session.add(Membership(group_id=team.id, team_id="T111", user_id="U1", state="active"))
    capsys.readouterr()
    assert main(["digest", "--now"]) == 0
    assert "digests: 1 sent" in capsys.readouterr().out
    (summary,) = [c for c in slack_api.delivered() if c.body["channel"] == "UMGR"
                  and "Team reflection" in c.body["text"]]
    assert "0 of 1 answered" in summary.body["text"]
    assert main(["digest", "--now"]) == 0
    assert "digests: 1 already" in capsys.readouterr().out
