"""The request card as text, for the chat, the notifications and the Mini App."""

from dialogs.card.fmt import Ctx, format_rub, utf16_len
from dialogs.card.history import render_history
from dialogs.card.pages import TELEGRAM_LIMIT, paginate
from dialogs.card.text import render_card, status_text

__all__ = [
    "TELEGRAM_LIMIT",
    "Ctx",
    "format_rub",
    "paginate",
    "render_card",
    "render_history",
    "status_text",
    "utf16_len",
]
