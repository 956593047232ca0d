"""One `/techlead <verb> ...` call, as every sub-command handler receives it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.coaching import people
from bot.dependencies import Dependencies


@dataclass(frozen=True)
class Invocation:
    """Who ran the sub-command, where, with which words after the verb."""

    deps: Dependencies
    client: WebClient
    team_id: str
    user_id: str
    args: tuple[str, ...]
    trigger_id: str | None
    now: datetime
    bot_user_id: str | None = None

    @property
    def default_tz(self) -> str:
        return self.deps.default_tz

    @property
    def typed(self) -> str:
        """The words after the verb, as one string."""
        return " ".join(self.args)

    def view(self, session: Session) -> people.WeekView:
        """What the caller's week looks like now."""
        return people.week_view(session, self.deps.guide, self.team_id, self.user_id,
                                self.now, self.default_tz)


# What a handler gives back: a message for the caller (through the response_url), or None
# when it already answered some other way (a modal it opened).
Reply = dict | None
