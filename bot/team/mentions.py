"""Who a command names: the people mentioned in its words, the words that only look like
mentions, and whether Slack says a person can be in a team at all (`team add` and `prep`
both ask)."""

from __future__ import annotations

import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import team as blocks
from bot.blocks.team import Problem

# With escaping on (the manifest's should_escape), a mention picked from Slack's list
# arrives as <@U123|name>.
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned(args: tuple[str, ...]) -> list[str]:
    """User IDs mentioned in the words, in order, once each."""
    found = MENTION.findall(" ".join(args))
    return list(dict.fromkeys(found))


def not_mentions(args: tuple[str, ...]) -> list[str]:
    """Words that are not mentions: with escaping on, Slack sends `@bob` typed by hand (not
    picked from the list) as plain text, which names nobody."""
    return [w for w in MENTION.sub(" ", " ".join(args)).split() if w]


def check_user(client: WebClient, user_id: str, bot_user_id: str | None) -> Problem | None:
    """Why `user_id` cannot be in a team (unknown, a bot, deactivated), or None. Slack
    errors other than an unknown user are raised for the caller to answer."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except SlackApiError as err:
        if err.response.get("error") in ("user_not_found", "user_not_visible"):
            return Problem(blocks.NOT_FOUND, user_id)
        raise
    if user.get("is_bot") or user.get("is_app_user") or user_id in (bot_user_id, "USLACKBOT"):
        return Problem(blocks.IS_BOT, user_id)
    if user.get("deleted"):
        return Problem(blocks.DEACTIVATED, user_id)
    return None
