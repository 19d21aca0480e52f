"""States of the approvals inbox of project managers and the executive director."""

from aiogram.fsm.state import State, StatesGroup


class ApprovalsSG(StatesGroup):
    list = State()
    item = State()
