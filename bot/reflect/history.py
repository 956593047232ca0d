"""`/techlead history` and its Newer / Older buttons: a person's own reflections."""

from __future__ import annotations

from bot.blocks.history import PER_PAGE, build_history
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.values import LARGEST, whole_number
from storage import reflections


def history_command(inv: Invocation) -> dict:
    """`/techlead history [page]`: a page past the end (however large) shows the last."""
    typed = inv.args[0] if inv.args else ""
    page = whole_number(typed)
    if page is None:  # not a number (page 1), or one too large for any page (the last)
        page = LARGEST if typed.isascii() and typed.isdigit() else 1
    return history_page(inv.deps, inv.team_id, inv.user_id, page)


def history_page(deps: Dependencies, team_id: str, user_id: str, page: int) -> dict:
    """Page `page` of the person's own reflections (the last page when past the end)."""
    page = max(1, min(page, LARGEST // PER_PAGE))
    with deps.sessions.begin() as session:
        rows, total = reflections.history(session, team_id, user_id,
                                          offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
        if not rows and total:
            page = (total + PER_PAGE - 1) // PER_PAGE
            rows, total = reflections.history(session, team_id, user_id,
                                              offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    return build_history(deps.guide, rows, total, page)
