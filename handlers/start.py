"""Commands, the buttons of notifications that open dialogs, and the last-resort answers.

Every handler asks the database who the person is now (``flows.access_views``), so a
newcomer is sent to registration, a pending one is told to wait, and a switched-off one is
refused at once.
"""

from __future__ import annotations

from collections.abc import Collection

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.callbacks import CardCb, MenuCb
from bot.i18n import esc
from dialogs.menu.states import MenuSG
from dialogs.my_requests.states import MyRequestsSG, RequestCardSG
from dialogs.new_request.states import NewRequestSG
from dialogs.registration.states import RegisterSG
from flows import access_views
from flows.access_views import Standing
from flows.enums import Role
from flows.errors import N_, Refused
from flows.reachability import reachable_again
from flows.services import access
from flows.services.context import Deps


def _installed(state: State, dialog_groups: Collection[str]) -> bool:
    return state.group.__full_group_name__ in dialog_groups


async def on_start(message: Message, dialog_manager: DialogManager, deps: Deps) -> None:
    assert message.from_user is not None
    # Whoever writes to the bot can be reached again (they may have blocked it before).
    await reachable_again(deps, message.from_user.id)
    await access.introduce(
        deps, message.from_user.id, message.from_user.full_name, message.from_user.username
    )
    person = await access_views.person(deps, message.from_user.id)
    if person.is_active:
        await _say_draft_kept(message, dialog_manager)
        await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK)
    elif person.standing is Standing.unknown:
        await dialog_manager.start(RegisterSG.name, mode=StartMode.RESET_STACK)
    else:
        await message.answer(_(access_views.refusal_text(person.standing)))


async def on_menu(message: Message, dialog_manager: DialogManager, deps: Deps) -> None:
    assert message.from_user is not None
    await reachable_again(deps, message.from_user.id)
    await access_views.active_person(deps, message.from_user.id)
    await _say_draft_kept(message, dialog_manager)
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK)


async def _say_draft_kept(message: Message, manager: DialogManager) -> None:
    """Leaving the filing dialog for the menu keeps its saved draft: say where to find it."""
    if not manager.has_context():
        return
    context = manager.current_context()
    data = context.dialog_data
    if context.state.group is not NewRequestSG or "result" in data:  # "result": submitted
        return
    if data.get("request_id") is not None and data.get("number"):
        text = _("Draft {number} is saved — you can go on with it in «My requests».")
        await message.answer(text.format(number=esc(data["number"])))


async def on_new(
    message: Message, dialog_manager: DialogManager, deps: Deps, dialog_groups: Collection[str]
) -> None:
    assert message.from_user is not None
    person = await access_views.active_person(deps, message.from_user.id)
    if not person.has(Role.initiator):
        raise Refused(N_("Only an initiator may file requests."))
    await _open(dialog_manager, NewRequestSG.kind, dialog_groups)


async def on_my(
    message: Message, dialog_manager: DialogManager, deps: Deps, dialog_groups: Collection[str]
) -> None:
    # The list itself offers each role its own lists (mine, in my work, the queue).
    assert message.from_user is not None
    await access_views.active_person(deps, message.from_user.id)
    await _open(dialog_manager, MyRequestsSG.list, dialog_groups)


async def _open(manager: DialogManager, state: State, dialog_groups: Collection[str]) -> None:
    target = state if _installed(state, dialog_groups) else MenuSG.main
    await manager.start(target, mode=StartMode.RESET_STACK)


async def on_help(message: Message) -> None:
    await message.answer(
        _(
            "<b>Tonnage</b> keeps transport and procurement requests in one place.\n\n"
            "/menu — the main menu\n/new — file a request\n/my — my requests\n"
            "/start — start over or ask for access\n\n"
            "Messages that need your decision come to this chat with buttons."
        )
    )


async def on_menu_button(
    callback: CallbackQuery, dialog_manager: DialogManager, deps: Deps
) -> None:
    await access_views.active_person(deps, callback.from_user.id)
    await callback.answer()
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_card_button(
    callback: CallbackQuery, callback_data: CardCb, dialog_manager: DialogManager, deps: Deps
) -> None:
    await access_views.active_person(deps, callback.from_user.id)
    await callback.answer()
    await dialog_manager.start(
        RequestCardSG.card,
        data={"request_id": callback_data.request_id},
        show_mode=ShowMode.SEND,
    )


async def on_other_message(message: Message, dialog_manager: DialogManager, deps: Deps) -> None:
    assert message.from_user is not None
    person = await access_views.person(deps, message.from_user.id)
    if person.is_active:
        await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK)
    else:
        await message.answer(_(access_views.refusal_text(person.standing)))


async def on_other_callback(callback: CallbackQuery, deps: Deps) -> None:
    person = await access_views.person(deps, callback.from_user.id)
    if person.is_active:
        text = _("This button no longer works. Send /menu.")
    else:
        text = _(access_views.refusal_text(person.standing))
    await callback.answer(text, show_alert=True)


def start_router() -> Router:
    router = Router(name="start")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_start, CommandStart())
    router.message.register(on_menu, Command("menu"))
    router.message.register(on_new, Command("new"))
    router.message.register(on_my, Command("my"))
    router.message.register(on_help, Command("help"))
    router.callback_query.register(on_menu_button, MenuCb.filter())
    router.callback_query.register(on_card_button, CardCb.filter())
    return router


def fallback_router() -> Router:
    """Included last: whatever no dialog or handler took."""
    router = Router(name="fallback")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_other_message)
    router.callback_query.register(on_other_callback)
    return router
