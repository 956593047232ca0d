"""`/techlead`: topics and help are answered in the ack itself; sub-commands, which need
Slack or the database, are acknowledged at once and answered through the response_url."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot import subcommands
from bot.ask.answer import answer
from bot.blocks.notes import build_sorry
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.observability import metrics
from bot.slack_send import respond_logged
from storage.people import remember_enterprise


def handle_techlead(ack: Ack, command: dict, client: WebClient, respond: Respond,
                    context: BoltContext, deps: Dependencies) -> None:
    # One listener rather than one per verb: every matcher costs Bolt an argument build per
    # request, measurable on the benchmarked topic path.
    text = command.get("text")
    sub = subcommands.find(text)
    if sub is None:
        # No network or database call stands before this ack: the reply is the ack.
        label, reply = answer(deps.guide, text, subcommands.HELP_LINES)
        ack(response_type="ephemeral", **reply)
        metrics.count_command(label)
        return
    ack()
    metrics.count_command(sub.verb)
    team_id, user_id = command.get("team_id"), command.get("user_id")
    if not team_id or not user_id:
        return
    inv = Invocation(deps=deps, client=client, team_id=team_id, user_id=user_id,
                     args=tuple(str(text).split()[1:]), trigger_id=command.get("trigger_id"),
                     now=deps.clock(), bot_user_id=context.bot_user_id)

    def run() -> None:
        reply = sub.run(inv)
        enterprise_id = command.get("enterprise_id")
        if enterprise_id:  # Enterprise Grid: the scheduler finds the installation by it
            with deps.sessions.begin() as session:
                remember_enterprise(session, team_id, enterprise_id)
        if reply is not None:
            respond_logged(respond, f"/techlead {sub.verb}", response_type="ephemeral",
                           replace_original=False, **reply)

    deps.background.run(f"/techlead {sub.verb}", run,
                        apologise=lambda: respond_logged(
                            respond, f"/techlead {sub.verb}", response_type="ephemeral",
                            replace_original=False, **build_sorry()))
