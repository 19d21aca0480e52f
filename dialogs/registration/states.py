"""States of the access request a newcomer fills in."""

from aiogram.fsm.state import State, StatesGroup


class RegisterSG(StatesGroup):
    name = State()
    position = State()
    sent = State()
