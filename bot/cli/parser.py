"""The command line's words: sub-commands, options and help texts."""

from __future__ import annotations

import argparse

DESCRIPTION = """\
TechLead Coach: a Slack bot that coaches engineers growing into tech leads,
using the guide "Software Engineer vs Tech Lead".

Configuration comes from the environment (see README.md): SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET (HTTP), SLACK_APP_TOKEN (Socket Mode), DATABASE_URL, SLACK_API_URL,
and SLACK_CLIENT_ID/SECRET + SLACK_STATE_SECRET for many workspaces."""

EXAMPLES = """examples:
  techlead-coach show risk          read a topic in the terminal, no Slack needed
  techlead-coach run                start the bot (with no Slack settings: the playground)
  techlead-coach playground --demo  try it in a browser at http://127.0.0.1:3000/
  techlead-coach serve --port 3000  HTTP mode: point Slack at http://HOST:3000/slack/events
  techlead-coach db upgrade         migrate DATABASE_URL to the newest schema"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techlead-coach",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="serve Slack's requests over HTTP (gunicorn)")
    _add_http_options(serve)
    serve.add_argument("--no-scheduler", action="store_true",
                       help="only serve requests; run the scheduler in `worker` processes")
    sub.add_parser("worker", help="run only the scheduler (nudges, reminders, digests)")
    sub.add_parser("socket", help="connect to Slack in Socket Mode (no public URL needed)")
    run = sub.add_parser("run", help="Socket Mode when SLACK_APP_TOKEN is set, HTTP when "
                                     "SLACK_SIGNING_SECRET is, the playground with neither")
    _add_http_options(run)

    nudge = sub.add_parser("nudge", help="send the weekly nudges that are due, and say what "
                                         "was done")
    nudge.add_argument("--now", action="store_true",
                       help="send this week's nudge to everyone not nudged yet, whatever "
                            "their scheduled time")

    digest = sub.add_parser("digest", help="send the managers' weekly digests that are due")
    digest.add_argument("--now", action="store_true",
                        help="send this week's digest to every manager not sent one yet")

    playground = sub.add_parser(
        "playground", help="try the bot without Slack: a local page with a Slack stand-in")
    playground.add_argument("--host", default="127.0.0.1",
                            help="address to bind (default %(default)s: this machine only)")
    playground.add_argument("--port", type=int, default=3000, help="port (default %(default)s)")
    playground.add_argument("--demo", action="store_true",
                            help="seed a team with weeks of past reflections")

    show = sub.add_parser("show", help="print a topic's comparison in the terminal")
    show.add_argument("topic", nargs="*", help="a topic such as risk (omit to list topics)")

    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="migrate the database to the newest schema")
    up.add_argument("revision", nargs="?", default="head")
    down = db_sub.add_parser("downgrade", help="migrate the database back")
    down.add_argument("revision", nargs="?", default="base")
    db_sub.add_parser("current", help="print the database's schema revision")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("techlead-coach")
    except PackageNotFoundError:
        return "unknown"


def _add_http_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument("--port", type=int, default=3000, help="port (default %(default)s)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
