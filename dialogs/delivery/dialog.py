"""The dialogs after approval: payment, dispatch, closing documents. Importing this module
registers the card buttons of payment, dispatch, delivery, documents and closing."""

from __future__ import annotations

from aiogram_dialog import Dialog

import dialogs.delivery.actions  # noqa: F401  (registers the card buttons)
from dialogs.common.edge import flash_getter
from dialogs.delivery.documents import document_windows
from dialogs.delivery.steps import dispatch_windows, payment_window


def delivery_dialogs() -> list[Dialog]:
    """Build the dialogs (a Dialog attaches to one dispatcher only, so build anew)."""
    return [
        Dialog(payment_window(), getter=flash_getter),
        Dialog(*dispatch_windows(), getter=flash_getter),
        Dialog(*document_windows(), getter=flash_getter),
    ]
