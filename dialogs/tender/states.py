"""States of the tender dialogs. Each entry state is started from the request card with
``{"request_id": N, "version": V}``:

- ``DeadlineSG.start`` starts the tender, ``DeadlineSG.restart`` restarts it after a
  rejection, ``DeadlineSG.refused`` records the awarded counterparty's refusal (a comment,
  then ``DeadlineSG.refused_deadline``);
- ``BidSG.counterparty`` adds bids;
- ``PickSG.compare`` compares the bids and picks the winner, ``PickSG.recompare`` picks
  again after a rejection.
"""

from aiogram.fsm.state import State, StatesGroup


class DeadlineSG(StatesGroup):
    start = State()
    restart = State()
    refused = State()
    refused_deadline = State()


class BidSG(StatesGroup):
    counterparty = State()
    name = State()
    inn = State()
    price = State()
    terms = State()
    delivery = State()
    comment = State()
    confirm = State()


class PickSG(StatesGroup):
    compare = State()
    recompare = State()
    pick = State()
    reason = State()
