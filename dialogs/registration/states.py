"""States of the access request a newcomer fills in: name, then position.

Once the position is given the request is filed and the dialog closes; until an
administrator decides, every message gets the «under review» answer (handlers/start.py).
"""

from aiogram.fsm.state import State, StatesGroup


class RegisterSG(StatesGroup):
    name = State()
    position = State()
