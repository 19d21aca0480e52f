"""Wider ids for aiogram-dialog's stacks and intents.

aiogram-dialog 2.6 names a dialog by the current second plus a random number below 100, so
two dialogs one person opens within the same second share a name about once in a hundred,
and closing one then breaks the other. Seven random base-62 digits keep the id as short in
callback data (64 bytes) while making a clash practically impossible.
"""

from __future__ import annotations

import secrets

from aiogram_dialog.api.entities import stack

ID_SPACE = 62**7


def random_int_id() -> int:
    return secrets.randbelow(ID_SPACE - 1) + 1


def widen_dialog_ids() -> None:
    """Replace aiogram-dialog's id source (idempotent)."""
    stack.new_int_id = random_int_id
