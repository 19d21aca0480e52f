"""Every window of every dialog the bot installs renders from its preview data alone.

A window without ``preview_data`` falls back to its real getter, which needs a database and
a person, and fails here: so a new dialog is covered as soon as it is installed.
"""

from __future__ import annotations

import pytest
from aiogram_dialog import Dialog
from aiogram_dialog.tools.preview import FakeManager, render_dialog

from bot.app import feature_dialogs

DIALOGS = feature_dialogs()


def test_the_bot_installs_menu_registration_filing_and_requests() -> None:
    groups = {d.states_group_name() for d in DIALOGS}

    assert {"MenuSG", "RegisterSG", "NewRequestSG", "MyRequestsSG", "RequestCardSG"} <= groups


@pytest.mark.parametrize("dialog", DIALOGS, ids=lambda d: d.states_group_name())
async def test_every_window_renders_with_preview_data(dialog: Dialog) -> None:
    rendered = await render_dialog(
        manager=FakeManager(), group=dialog.states_group(), dialog=dialog, simulate_events=False
    )

    empty = [w.state for w in rendered.windows if not w.message.strip()]
    assert len(rendered.windows) == len(dialog.states_group().__states__)
    assert empty == []
