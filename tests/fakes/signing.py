"""Request signing lives in the product: the playground signs as Slack does."""

from bot.playground.signing import signature, signed_headers

__all__ = ["signature", "signed_headers"]
