"""Window data for the request list and the card; each render re-reads the database."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.i18n import esc, locale_of
from dialogs.card import TELEGRAM_LIMIT, Ctx, render_card, render_history, utf16_len
from dialogs.my_requests.actions import CARD_ACTIONS, actor_of, request_id_of
from dialogs.my_requests.listing import (
    PAGE_SIZE,
    executor_loads,
    filters_for,
    load_page,
    modes_for,
    row_label,
)
from flows.enums import Action, Status
from flows.errors import AccessDenied, DomainError
from flows.services.context import Deps
from flows.views import RequestCard, RequestPage, request_card
from locales import gettext_for, render_error

# Room left on a card page for the page line under it.
FOOTER_ROOM = 40


def _deps(manager: DialogManager) -> Deps:
    deps: Deps = manager.middleware_data["deps"]
    return deps


def _ctx(manager: DialogManager) -> Ctx:
    return Ctx(locale_of(manager), _deps(manager).company_tz)


def _paging(index: int, total: int) -> dict[str, Any]:
    return {
        "page_no": index + 1,
        "pages": total,
        "paged": total > 1,
        "has_prev": index > 0,
        "has_next": index + 1 < total,
        "prev_no": index,
        "next_no": index + 2,
    }


def _clamped(manager: DialogManager, key: str, total: int) -> int:
    index = min(max(int(manager.dialog_data.get(key, 0)), 0), total - 1)
    manager.dialog_data[key] = index
    return index


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, ctx = dialog_manager, _ctx(dialog_manager)
    mode = manager.dialog_data.setdefault("mode", "mine")
    chosen = manager.dialog_data.setdefault("filter", "all")
    offset = int(manager.dialog_data.get("offset", 0))
    try:
        mode, page = await _load(manager, mode, chosen, offset)
        loads = await executor_loads(_deps(manager), actor_of(manager), mode, page.viewer_roles)
    except DomainError as error:
        text = esc("⚠️ " + render_error(error, ctx.locale))
        return {"notice": text, "rows": [], "modes": [], "filters": []}
    tr = gettext_for(ctx.locale).gettext
    modes, filters = modes_for(page.viewer_roles), filters_for(mode)
    pages = max(1, -(-page.total // PAGE_SIZE))
    return {
        "notice": "",
        "rows": [{"id": r.id, "label": row_label(r, ctx)} for r in page.rows],
        "has_rows": bool(page.rows),
        "total": page.total,
        "modes": [{"id": m, "label": _mark(tr(label), m == mode)} for m, label in modes],
        "has_modes": len(modes) > 1,
        "filters": [{"id": f, "label": _mark(tr(label), f == chosen)} for f, label in filters],
        "mode_mine": mode == "mine",
        "mode_work": mode == "work",
        "mode_queue": mode == "queue",
        "loads": loads,
        **_paging(page.offset // PAGE_SIZE, pages),
    }


async def _load(
    manager: DialogManager, mode: str, chosen: str, offset: int
) -> tuple[str, RequestPage]:
    """The page of the chosen list, or of the person's first list if that one is not theirs."""
    deps, actor = _deps(manager), actor_of(manager)
    try:
        page = await load_page(deps, actor, mode, chosen, offset)
    except AccessDenied:
        if mode != "queue":
            raise
        mode, page = "mine", await load_page(deps, actor, "mine", chosen, offset)
    allowed = [name for name, _label in modes_for(page.viewer_roles)]
    if mode not in allowed:
        # An executor who files nothing starts in their work, a head in the queue.
        mode, offset = allowed[0], 0
        page = await load_page(deps, actor, mode, chosen, offset)
    if offset and offset >= page.total:
        # The list shrank since the person turned the page: show its last page.
        offset = max(0, (page.total - 1) // PAGE_SIZE * PAGE_SIZE)
        page = await load_page(deps, actor, mode, chosen, offset)
    manager.dialog_data.update(mode=mode, offset=offset)
    return mode, page


def _mark(label: str, chosen: bool) -> str:
    return f"• {label}" if chosen else label


async def _card(manager: DialogManager) -> RequestCard:
    return await request_card(_deps(manager), actor_of(manager), request_id_of(manager))


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, ctx = dialog_manager, _ctx(dialog_manager)
    notice = esc(manager.dialog_data.pop("notice", ""))
    try:
        card = await _card(manager)
    except DomainError as error:
        text = esc("⚠️ " + render_error(error, ctx.locale))
        return {
            "notice": text,
            "page": "",
            "found": False,
            "actions": [],
            "may_continue": False,
            **_paging(0, 1),
        }
    room = TELEGRAM_LIMIT - FOOTER_ROOM - (utf16_len(notice) + 2 if notice else 0)
    pages = render_card(card, ctx, limit=room)
    index = _clamped(manager, "card_page", len(pages))
    manager.dialog_data["number"] = card.request.number
    tr = gettext_for(ctx.locale).gettext
    version = card.request.version
    actions = [
        {"id": f"{entry.action.value}.{version}", "label": tr(entry.label)}
        for entry in CARD_ACTIONS.offered(card.actions)
    ]
    return {
        "notice": notice,
        "page": pages[index],
        "found": True,
        "actions": actions,
        "may_continue": _may_continue(card),
        **_paging(index, len(pages)),
    }


def _may_continue(card: RequestCard) -> bool:
    """Only its author goes on filling in a draft (in the filing dialog)."""
    request = card.request
    return request.status == Status.draft and request.initiator_id == card.actor.user_id


async def history_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, ctx = dialog_manager, _ctx(dialog_manager)
    try:
        card = await _card(manager)
    except DomainError as error:
        return {"page": esc("⚠️ " + render_error(error, ctx.locale)), **_paging(0, 1)}
    pages = render_history(card, ctx, limit=TELEGRAM_LIMIT - FOOTER_ROOM)
    index = _clamped(manager, "history_page", len(pages))
    return {"page": pages[index], **_paging(index, len(pages))}


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, ctx = dialog_manager, _ctx(dialog_manager)
    pending = str(manager.dialog_data.get("pending", ""))
    action = pending.partition(".")[0]
    entry = CARD_ACTIONS.get(Action(action)) if action in Action.__members__ else None
    number = manager.dialog_data.get("number", "")
    question = ""
    if entry is not None and entry.confirm:
        question = gettext_for(ctx.locale).gettext(entry.confirm).format(number=esc(number))
    return {"question": question}
