"""The settable clock lives in the product (the playground uses it too)."""

from bot.clock import SettableClock

__all__ = ["SettableClock"]
