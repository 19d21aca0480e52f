"""The deciding dialogs: a rejection's reason, receipt, cancellation, change requests.

Building them also puts their buttons on the request card (``dialogs.decisions.card``).
"""

from __future__ import annotations

from aiogram_dialog import Dialog

from dialogs.decisions import card  # noqa: F401  (registers the card buttons)
from dialogs.decisions.cancel import cancel_dialog
from dialogs.decisions.change import change_dialog
from dialogs.decisions.receipt import receipt_dialog
from dialogs.decisions.reject import reject_dialog


def decision_dialogs() -> list[Dialog]:
    """Build the dialogs anew (a Dialog attaches to one dispatcher only)."""
    return [reject_dialog(), receipt_dialog(), cancel_dialog(), change_dialog()]
