"""techlead-coach: the one command-line entry point."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.cli.parser import build_parser
from bot.config import ConfigError, Mode, Settings


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    from bot.observability.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    # Alembic announces every plugin it loads at INFO; operators only need its migrations.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    try:
        return _dispatch(args, settings)
    except BrokenPipeError:
        # `techlead-coach show risk | head -3`: the reader has gone, which is no error of
        # ours. Point stdout at /dev/null so the interpreter's final flush stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ConfigError as err:
        print("techlead-coach cannot start:", file=sys.stderr)
        print(str(err), file=sys.stderr)
        print(
            "\nWithout a workspace you can still read the guide: techlead-coach show risk",
            file=sys.stderr,
        )
        return 2


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import modes, tasks

    if args.command == "show":
        return tasks.show(" ".join(args.topic))
    if args.command == "db":
        return tasks.db(settings, args.db_command, getattr(args, "revision", None))
    if args.command == "nudge":
        return tasks.nudge(settings.require(Mode.API), force=args.now)
    if args.command == "digest":
        return tasks.digest(settings.require(Mode.API), force=args.now)
    if args.command == "playground" or (args.command == "run" and
                                        not settings.has_slack_credentials):
        return modes.playground(settings, args.host, args.port,
                                demo_history=getattr(args, "demo", True),
                                instead_of_run=args.command == "run")
    if args.command == "worker":
        return modes.worker(settings.require(Mode.API))
    mode = {"serve": Mode.HTTP, "socket": Mode.SOCKET}.get(args.command)
    mode = mode or settings.preferred_mode()
    settings.require(mode)
    if mode is Mode.SOCKET:
        return modes.socket(settings)
    return modes.serve(settings, args.host, args.port, args.workers,
                              scheduler=not getattr(args, "no_scheduler", False))

