from functools import partial

from slack_bolt import App

from bot import ids
from bot.dependencies import Dependencies
from bot.listeners.views.evidence import handle_evidence_submission
from bot.listeners.views.reflection import handle_reflection_submission


def register(app: App, deps: Dependencies) -> None:
    app.view(ids.REFLECTION_VIEW)(partial(handle_reflection_submission, deps=deps))
    app.view(ids.EVIDENCE_VIEW)(partial(handle_evidence_submission, deps=deps))
