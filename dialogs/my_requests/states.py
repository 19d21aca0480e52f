"""States of the request list and the request card. ``RequestCardSG.card`` takes start data
``{"request_id": N}``; ``MyRequestsSG.list`` may take ``{"mode": "mine" | "work" | "queue"}``."""

from aiogram.fsm.state import State, StatesGroup


class MyRequestsSG(StatesGroup):
    list = State()


class RequestCardSG(StatesGroup):
    card = State()
    history = State()
    confirm = State()
