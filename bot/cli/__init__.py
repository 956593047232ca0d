"""techlead-coach, the command line: `main` parses, `tasks` runs one-off work, `modes`
runs the bot until it is stopped."""

from bot.cli.main import main

__all__ = ["main"]
