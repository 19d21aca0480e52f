"""The request's history as text: who did what and when, oldest first."""

from __future__ import annotations

from bot.i18n import esc
from dialogs.card.fmt import L_, Ctx, format_short
from dialogs.card.pages import TELEGRAM_LIMIT, paginate
from dialogs.card.text import status_text
from flows.views import RequestCard
from storage.tables import TransitionLog


def render_history(card: RequestCard, ctx: Ctx, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The transition log, oldest first, as HTML pages."""
    title = [L_("<b>History of {number}</b>", ctx, number=card.request.number)]
    rows = [_log_row(row, ctx) for row in card.log]
    if not rows:
        rows = [[L_("Nothing has happened yet.", ctx)]]
    return paginate([title, *rows], limit)


def _log_row(row: TransitionLog, ctx: Ctx) -> list[str]:
    who = f"{row.actor_name} ({ctx.tr(row.role)})"
    what = ctx.tr(row.action)
    if row.from_status and row.from_status != row.to_status:
        source, target = status_text(row.from_status, ctx), status_text(row.to_status, ctx)
        what = f"{what}: {source} → {target}"
    lines = [f"<b>{format_short(row.at, ctx)}</b> · {esc(who)}", esc(what)]
    if row.comment:
        lines.append(f"💬 {esc(row.comment)}")
    return lines
