from functools import partial

from slack_bolt import App

from bot import ids
from bot.listeners.views.reflection import confirm_reflection, handle_reflection_submission
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    app.view(ids.REFLECTION_VIEW)(
        ack=partial(handle_reflection_submission, coach=coach),
        lazy=[partial(confirm_reflection, coach=coach)],
    )
