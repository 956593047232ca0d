"""One shape for every button: acknowledge at once, then run the feature's work in the
background with what the click carried, checked to come from a known person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.notes import build_sorry
from bot.dependencies import Dependencies
from bot.slack_send import post_dm, respond_logged


@dataclass(frozen=True)
class Click:
    """A button click: who clicked, in which workspace, the button's value, and where it
    sits (a message, which can be answered through `respond`, or a Home tab or modal)."""

    deps: Dependencies
    client: WebClient
    respond: Respond
    body: dict
    team_id: str
    user_id: str
    value: str | None

    @property
    def in_message(self) -> bool:
        return bool(self.body.get("response_url"))

    @property
    def container(self) -> dict:
        container = self.body.get("container")
        return container if isinstance(container, dict) else {}

    @property
    def message_key(self) -> str:
        """Which message the button sits in: two clicks on one button share it."""
        container = self.container
        where = container.get("message_ts") or container.get("view_id") or ""
        return f"{self.team_id}:{container.get('channel_id') or ''}:{where}"

    @property
    def trigger_id(self) -> str | None:
        trigger = self.body.get("trigger_id")
        return trigger if isinstance(trigger, str) else None

    def reply(self, message: dict, *, replace: bool = False) -> None:
        """Answer in the message the button sits in (only the clicking person sees it)."""
        if self.in_message:
            respond_logged(self.respond, "answering a button", replace_original=replace,
                   response_type="ephemeral", **message)

    def tell(self, message: dict) -> None:
        """Answer wherever the person will see it: in the message the button sits in, or,
        for a button on App Home or in a modal, by DM."""
        if self.in_message:
            self.reply(message)
        else:
            post_dm(self.client, self.user_id, message)


def _value(body: dict) -> str | None:
    """A button's value, or the value of the option picked in radio buttons or a select."""
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else {}
    if not isinstance(first, dict):
        return None
    option = first.get("selected_option")
    value = option.get("value") if isinstance(option, dict) else first.get("value")
    return value if isinstance(value, str) else None


def button_listener(what: str, work: Callable[[Click], None]) -> Callable[..., None]:
    """A Bolt action listener that acks, then runs `work` after the ack."""

    def listener(ack: Ack, body: dict, client: WebClient, respond: Respond,
                 context: BoltContext, deps: Dependencies) -> None:
        ack()
        if not context.team_id or not context.user_id:
            return
        click = Click(deps, client, respond, body, context.team_id, context.user_id,
                      _value(body))
        deps.background.run(what, lambda: work(click),
                            apologise=lambda: click.tell(build_sorry()))

    return listener
