"""The filing dialog: every window of a new transport or procurement request in one Dialog.

Windows live by section (``kind``, ``route``, ``cargo``, ``items`` and ``item_fields``,
``fields``, ``attachments``, ``summary``, ``submit``, ``templates``); ``flow`` decides the
order, ``data`` turns the dialog data into the DraftData the services take, and
``summary_text`` writes the request out for the person.
"""

from __future__ import annotations

from aiogram_dialog import Dialog

from dialogs.common.edge import flash_getter
from dialogs.new_request import preview
from dialogs.new_request.attachments import attachment_windows
from dialogs.new_request.cargo import cargo_windows
from dialogs.new_request.fields import field_windows
from dialogs.new_request.items import item_windows
from dialogs.new_request.kind import kind_window, on_start
from dialogs.new_request.route import route_windows
from dialogs.new_request.submit import submit_windows
from dialogs.new_request.summary import summary_windows
from dialogs.new_request.templates import template_windows


def new_request_dialogs() -> list[Dialog]:
    """Build the filing dialogs (a Dialog attaches to one dispatcher only, so build anew)."""
    windows = [
        kind_window(),
        *route_windows(),
        *cargo_windows(),
        *item_windows(),
        *field_windows(),
        *attachment_windows(),
        *summary_windows(),
        *submit_windows(),
        *template_windows(),
    ]
    dialog = Dialog(*windows, on_start=on_start, getter=flash_getter, preview_data=preview.FLASH)
    return [dialog]
