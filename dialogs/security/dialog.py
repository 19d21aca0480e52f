"""«Проверка контрагентов»: counterparties security must vet before a winner is approved.

A rejection needs a justification; the decision is kept on the counterparty for a year.
"""

from __future__ import annotations

from aiogram_dialog import Dialog

from bot.i18n import T
from dialogs.approvals.inbox import inbox_dialog
from dialogs.security.states import SecuritySG
from flows.enums import ApprovalPurpose


def security_dialogs() -> list[Dialog]:
    title = T(
        "<b>Counterparty vetting</b>\nCarriers and suppliers chosen as tender winners that "
        "need your check. A rejection needs a justification."
    )
    return [inbox_dialog(SecuritySG, (ApprovalPurpose.vetting.value,), title)]
