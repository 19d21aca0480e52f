"""Closing documents: the checklist with ticks, then a file or a photo for the chosen type."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, Column, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.i18n import T, locale_of
from dialogs.common.edge import actor_of, deps_of, flash_error, flash_notice, tr
from dialogs.common.widgets import Esc, flashes
from dialogs.delivery.states import DocumentsSG
from dialogs.lifecycle.edge import perform, request_of
from flows import lifecycle_views
from flows.enums import DocType
from flows.errors import N_, DomainError
from flows.services import delivery
from locales import render_error

DOC, BACK = "dc", "bk"
PREVIEW = {
    "number": "Т-000123",
    "lines": "✅ Счёт\n⬜ ТТН/УПД\n⬜ Акт",
    "docs": [{"id": "waybill", "label": "📎 ТТН/УПД"}, {"id": "act", "label": "📎 Акт"}],
    "complete": False,
    "incomplete": True,
    "doc": "ТТН/УПД",
}


def doc_name(manager: DialogManager, doc: str) -> str:
    """«Счёт-фактура», «ТТН/УПД»: the catalogue name with a capital first letter."""
    name = tr(manager, doc)
    return name[:1].upper() + name[1:]


async def checklist_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    request_id, _version = request_of(manager)
    try:
        checklist = await lifecycle_views.documents_checklist(
            deps_of(manager), actor_of(manager), request_id
        )
    except DomainError as error:
        return {"problem": render_error(error, locale_of(manager)), "number": "", "docs": []}
    chosen = manager.dialog_data.get("doc")
    return {
        "problem": "",
        "number": checklist.number,
        "lines": "\n".join(
            f"{'✅' if done else '⬜'} {doc_name(manager, doc)}"
            for doc, done in checklist.received.items()
        ),
        "docs": [
            {"id": doc, "label": ("🔁 " if done else "📎 ") + doc_name(manager, doc)}
            for doc, done in checklist.received.items()
        ],
        "complete": not checklist.missing,
        "incomplete": bool(checklist.missing),
        "doc": doc_name(manager, chosen) if chosen else "",
    }


async def on_doc(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, doc: str
) -> None:
    if doc not in DocType.__members__:
        return
    manager.dialog_data["doc"] = doc
    await manager.switch_to(DocumentsSG.upload)


async def on_file(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    doc = str(manager.dialog_data.get("doc", ""))
    if message.document is not None:
        file_id, file_name = message.document.file_id, message.document.file_name
    elif message.photo:
        file_id, file_name = message.photo[-1].file_id, None
    else:
        flash_error(manager, tr(manager, N_("Send the document as a file or a photo.")))
        return
    request_id, _version = request_of(manager)
    missing = await perform(
        manager,
        lambda: delivery.attach_document(
            deps_of(manager),
            actor_of(manager),
            request_id,
            doc_type=doc,
            file_id=file_id,
            file_name=file_name,
        ),
        None,
    )
    if missing is None:
        return
    text = N_("✅ Attached: {document}.")
    if not missing:
        text = N_("✅ Attached: {document}. Every document is in: the request can be closed.")
    flash_notice(manager, tr(manager, text, document=doc_name(manager, doc)))
    await manager.switch_to(DocumentsSG.checklist)


def document_windows() -> list[Window]:
    return [
        Window(
            Esc("problem", prefix="⚠️ "),
            *flashes(),
            T("<b>Closing documents of {number}</b>", when="number"),
            Format("{lines}", when="number"),
            T("Choose a document to attach.", when="incomplete"),
            T("All documents are in. Close the request from its card.", when="complete"),
            Column(
                Select(
                    Format("{item[label]}"),
                    id=DOC,
                    item_id_getter=itemgetter("id"),
                    items="docs",
                    on_click=on_doc,
                )
            ),
            Cancel(T("⬅️ To the request"), id=BACK),
            state=DocumentsSG.checklist,
            getter=checklist_getter,
            preview_data=PREVIEW,
        ),
        Window(
            Esc("problem", prefix="⚠️ "),
            *flashes(),
            T("<b>{doc}</b> for {number}: send it as a file or a photo.", when="number"),
            MessageInput(on_file, content_types=[ContentType.ANY]),
            SwitchTo(T("⬅️ Back"), id=BACK, state=DocumentsSG.checklist),
            state=DocumentsSG.upload,
            getter=checklist_getter,
            preview_data=PREVIEW,
        ),
    ]
