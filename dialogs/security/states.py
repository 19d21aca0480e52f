"""States of security's list of counterparties waiting for a check."""

from aiogram.fsm.state import State, StatesGroup


class SecuritySG(StatesGroup):
    list = State()
    item = State()
