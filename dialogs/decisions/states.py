"""States of the deciding dialogs. Each takes start data:

- ``RejectSG.comment``: ``{"approval_id": N}`` — the reason for rejecting an approval;
- ``ReceiptSG.choice`` (from the card) and ``ReceiptSG.comment`` (from the «with a
  discrepancy» button): ``{"request_id": N, "version": V}``;
- ``CancelSG.ask`` (the executor asks to cancel), ``CancelSG.direct`` (the project manager
  cancels), ``CancelSG.refuse`` (the project manager keeps the request):
  ``{"request_id": N, "version": V}`` (``version`` optional);
- ``ChangeSG.date``: ``{"request_id": N, "version": V}``.

Start data may also hold ``"tapped": [chat_id, message_id]``, the notification whose button
opened the dialog, so it changes with the other copies. Each group ends in ``done``, which
says what happened.
"""

from aiogram.fsm.state import State, StatesGroup


class RejectSG(StatesGroup):
    comment = State()
    done = State()


class ReceiptSG(StatesGroup):
    choice = State()
    comment = State()
    photos = State()
    done = State()


class CancelSG(StatesGroup):
    ask = State()
    direct = State()
    refuse = State()
    done = State()


class ChangeSG(StatesGroup):
    date = State()
    amount = State()
    reason = State()
    confirm = State()
    done = State()
