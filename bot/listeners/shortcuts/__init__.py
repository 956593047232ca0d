from functools import partial

from slack_bolt import App

from bot import ids
from bot.dependencies import Dependencies
from bot.listeners.shortcuts.evidence import handle_evidence_shortcut


def register(app: App, deps: Dependencies) -> None:
    app.message_shortcut(ids.EVIDENCE_SHORTCUT)(partial(handle_evidence_shortcut, deps=deps))
