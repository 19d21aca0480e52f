"""The tender dialogs: bid deadlines (start, restart, refusal), adding bids, comparing them
and choosing the winner. Importing this module registers the tender's card buttons."""

from __future__ import annotations

from aiogram_dialog import Dialog

import dialogs.tender.actions  # noqa: F401  (registers the card buttons)
from dialogs.common.edge import flash_getter
from dialogs.tender.bid import bid_windows
from dialogs.tender.deadline import deadline_windows
from dialogs.tender.pick import on_pick_start, pick_windows


def tender_dialogs() -> list[Dialog]:
    """Build the tender dialogs (a Dialog attaches to one dispatcher only, so build anew)."""
    return [
        Dialog(*deadline_windows(), getter=flash_getter),
        Dialog(*bid_windows(), getter=flash_getter),
        Dialog(*pick_windows(), getter=flash_getter, on_start=on_pick_start),
    ]
