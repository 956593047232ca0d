"""`/techlead`: topics and help are answered in the ack itself; sub-commands that need
Slack or the database are acknowledged at once and answered through the response_url."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot import techlead_command
from bot.listeners.commands.subcommand import handle_subcommand
from bot.observability import metrics
from bot.services import Coach
from bot.subcommands import verb_of


def handle_techlead(ack: Ack, command: dict, client: WebClient, respond: Respond,
                    context: BoltContext, coach: Coach) -> None:
    # One listener rather than two with matchers: every matcher costs Bolt an argument
    # build per request, measurable on the benchmarked topic path.
    verb = verb_of(command.get("text"))
    if verb is not None:
        ack()
        metrics.COMMANDS.labels(verb).inc()
        coach.background.submit(handle_subcommand, command, client, respond, coach,
                                context.bot_user_id)
        return
    # No network or database call stands before this ack: the reply is the ack.
    ack(response_type="ephemeral", **techlead_command.answer(coach.guide, command.get("text")))
    metrics.command_counter(coach.guide, command.get("text")).inc()
