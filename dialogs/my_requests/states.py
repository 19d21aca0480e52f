"""States of the request list and the request card. ``RequestCardSG.card`` takes start data
``{"request_id": N}``."""

from aiogram.fsm.state import State, StatesGroup


class MyRequestsSG(StatesGroup):
    list = State()


class RequestCardSG(StatesGroup):
    card = State()
