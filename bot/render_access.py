"""Access templates: the request an admin decides with role toggles, and its outcomes.

The admin's keyboard keeps the picked roles and department inside the callback data
(``bot.callbacks.AccessCb``); handlers/access.py edits it in place on every tap.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import DEPARTMENTS, AccessCb, MenuCb, needs_department, unpack_access
from bot.render import Notice, Rendered, button, fill, keyboard, label, renderer, role_list, tr
from flows.enums import HUMAN_ROLES, Department, Role
from flows.errors import N_


@renderer("access_request")
def _access_request(notice: Notice) -> Rendered:
    text = access_request_text(
        notice.params.get("name", ""), notice.params.get("position", ""), notice.locale
    )
    text += "\n\n" + tr(N_("Pick the roles, then approve or refuse."), notice.locale)
    return Rendered(text, access_keyboard(int(notice.params["access_id"]), 0, notice.locale))


def access_request_text(name: str, position: str, locale: str) -> str:
    return fill(
        N_("<b>Access request</b>\n{name}, {position}"),
        locale,
        name=name,
        position=position or "—",
    )


def access_keyboard(access_id: int, mask: int, locale: str) -> InlineKeyboardMarkup:
    """Role toggles, department choice (for executors and heads), approve and refuse."""
    roles, department = unpack_access(mask)
    toggles = [
        InlineKeyboardButton(
            text=("✅ " if role in roles else "▫️ ") + label(role, locale),
            callback_data=AccessCb(access_id=access_id, mask=mask, act=f"r{bit}").pack(),
        )
        for bit, role in enumerate(HUMAN_ROLES)
    ]
    rows = [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    if needs_department(roles):
        rows.append(
            [
                InlineKeyboardButton(
                    text=("🔘 " if d is department else "⚪️ ") + label(d, locale),
                    callback_data=AccessCb(access_id=access_id, mask=mask, act=f"d{n}").pack(),
                )
                for n, d in enumerate(DEPARTMENTS)
            ]
        )
    rows.append(
        [
            button(N_("Grant access"), locale, AccessCb(access_id=access_id, mask=mask, act="ok")),
            button(N_("Refuse"), locale, AccessCb(access_id=access_id, mask=mask, act="no")),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def access_decided_text(
    name: str,
    position: str,
    locale: str,
    *,
    admin: str,
    roles: Iterable[Role] = (),
    department: Department | None = None,
) -> str:
    """What every admin's copy of an access request shows once it is decided."""
    text = access_request_text(name, position, locale) + "\n\n"
    roles = sorted(roles, key=HUMAN_ROLES.index)
    if not roles:
        return text + fill(N_("❌ Refused by {admin}."), locale, admin=admin)
    text += fill(
        N_("✅ Access granted by {admin}: {roles}."),
        locale,
        admin=admin,
        roles=role_list(roles, locale),
    )
    if department is not None:
        text += " " + fill(
            N_("Department: {department}."), locale, department=tr(department, locale)
        )
    return text


@renderer("access_granted")
def _access_granted(notice: Notice) -> Rendered:
    roles = notice.params.get("roles") or []
    text = fill(
        N_("Access granted. Your roles: {roles}."),
        notice.locale,
        roles=role_list(roles, notice.locale),
    )
    return Rendered(text, keyboard([button(N_("Open the menu"), notice.locale, MenuCb())]))


@renderer("access_refused")
def _access_refused(notice: Notice) -> Rendered:
    text = tr(
        N_(
            "Your access request was refused. If this is a mistake, talk to an "
            "administrator and send /start again."
        ),
        notice.locale,
    )
    return Rendered(text)
