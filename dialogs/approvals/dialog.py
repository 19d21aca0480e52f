"""«На согласовании»: tender winners and changes waiting for a project manager or the
executive director."""

from __future__ import annotations

from aiogram_dialog import Dialog

from bot.i18n import T
from dialogs.approvals.inbox import inbox_dialog
from dialogs.approvals.states import ApprovalsSG
from flows.enums import ApprovalPurpose

PURPOSES = (ApprovalPurpose.winner.value, ApprovalPurpose.change.value)


def approvals_dialogs() -> list[Dialog]:
    title = T("<b>Awaiting my approval</b>\nTender winners and changes of date or amount.")
    return [inbox_dialog(ApprovalsSG, PURPOSES, title)]
