"""States of the steps after approval. Each entry state is started from the request card
with ``{"request_id": N, "version": V}``: ``PaymentSG.reference`` (an admin records the
payment), ``DispatchSG.dispatched`` (dispatch date, then the expected arrival),
``DocumentsSG.checklist`` (closing documents)."""

from aiogram.fsm.state import State, StatesGroup


class PaymentSG(StatesGroup):
    reference = State()


class DispatchSG(StatesGroup):
    dispatched = State()
    arrival = State()


class DocumentsSG(StatesGroup):
    checklist = State()
    upload = State()
