"""The shape shared by the one-question windows: prompt, current value, typed answer,
back and (for optional fields) skip."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.api.internal import Widget
from aiogram_dialog.widgets.kbd import Button, Row
from magic_filter import F

from bot.i18n import T
from dialogs.common.edge import TextHandler, text_input, tr
from dialogs.common.widgets import flashes
from dialogs.new_request.flow import advance, go_back
from flows.errors import N_

SKIP = N_("Skip ▶")
NOW_LIMIT = 300

Clear = Callable[[dict[str, Any]], None]
Shown = Callable[[dict[str, Any], Callable[[str], str]], Any]


async def on_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go_back(manager, manager.current_context().state)


def back_button() -> Button:
    return Button(T("◀ Back"), id="bk", on_click=on_back)


def skip_button(clear: Clear, text: str = SKIP) -> Button:
    """A button that empties an optional field and goes on."""

    async def on_skip(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
        clear(manager.dialog_data)
        await advance(manager, manager.current_context().state)

    return Button(T(text), id="sk", on_click=on_skip)


def now_getter(shown: Shown) -> Callable[..., Any]:
    """A getter giving ``now``: the field's current value as the person sees it, or None."""

    async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
        value = shown(dialog_manager.dialog_data, partial(tr, dialog_manager))
        if value in (None, ""):
            return {"now": None}
        text = str(value)
        return {"now": text if len(text) <= NOW_LIMIT else text[: NOW_LIMIT - 1] + "…"}

    return getter


def step_window(
    state: State,
    prompt: T,
    on_text: TextHandler,
    shown: Shown,
    *,
    clear: Clear | None = None,
    skip_text: str = SKIP,
    extra: Sequence[Widget] = (),
    preview_data: dict[str, Any] | None = None,
) -> Window:
    """A window asking one typed field; with ``clear`` the field is optional."""
    buttons = [back_button()]
    if clear is not None:
        buttons.append(skip_button(clear, skip_text))
    return Window(
        *flashes(),
        prompt,
        T("Now: {now}", when=F["now"]),
        *text_input(on_text),
        *extra,
        Row(*buttons),
        state=state,
        getter=now_getter(shown),
        preview_data=preview_data or {"now": None},
    )
