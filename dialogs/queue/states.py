"""States of the department's queue and of assigning an executor.

``QueueSG.list`` takes no start data; ``AssignSG.executor`` is started from the request card
with ``{"request_id": N, "version": V}``.
"""

from aiogram.fsm.state import State, StatesGroup


class QueueSG(StatesGroup):
    list = State()


class AssignSG(StatesGroup):
    executor = State()
