"""Decision messages after the decision: the outcome in place of the buttons, in every copy.

An approval message goes to every holder of the approving role (and reminders repeat it), all
with the purpose ``approval:<id>``. Once the approval is decided, or its round is settled by
someone else's decision, every copy shows how it ended and its buttons are gone. The same
happens to the request's cancellation and receipt messages when the request is cancelled.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.outbox import BotSender, retire_buttons
from bot.render import Notice, card_button, keyboard, render_notice
from dialogs.approvals.text import closed_by_line, moved_on_line, outcome_line
from dialogs.card.fmt import Ctx
from flows.approval_views import (
    ApprovalState,
    approval_states,
    notice_of,
    open_purposes,
    round_ids,
)
from flows.delivery_log import SentRef
from flows.enums import Decision
from flows.services.context import Deps
from flows.services.decisions import Outcome

logger = logging.getLogger(__name__)


def tapped_of(callback: CallbackQuery | None) -> SentRef | None:
    """Where the pressed button sits, if the message is still accessible."""
    message = callback.message if callback is not None else None
    return SentRef(message.chat.id, message.message_id) if isinstance(message, Message) else None


async def edit_quietly(
    bot: Bot, ref: SentRef, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace a message's text and buttons; a message gone or unchanged is no failure."""
    try:
        await bot.edit_message_text(
            text=text, chat_id=ref.chat_id, message_id=ref.message_id, reply_markup=markup
        )
    except (TelegramBadRequest, TelegramForbiddenError) as error:
        logger.debug("message %s not edited: %s", ref.message_id, error)


def approval_text(
    state: ApprovalState,
    ctx: Ctx,
    *,
    moved_on: bool = False,
    rejected: ApprovalState | None = None,
) -> str:
    """The approval message as sent (without its reminder mark), then how it ended;
    ``rejected`` is the decision of the round that closed this one."""
    text = render_notice(Notice(state.template, state.params, ctx.locale)).text
    if moved_on:
        line = moved_on_line(state, ctx)
    elif rejected is not None and state.decision == Decision.closed:
        line = closed_by_line(rejected, ctx)
    else:
        line = outcome_line(state, ctx)
    return f"{text}\n\n{line}" if line else text


@dataclass(frozen=True)
class DecisionMessages:
    """Edits the decision messages of one person's action, in that person's language."""

    deps: Deps
    bot: Bot
    ctx: Ctx

    async def approvals(
        self, approval_ids: Iterable[int], *, tapped: tuple[int, SentRef | None] | None = None
    ) -> None:
        """Show the outcome in every copy of each decided approval. ``tapped`` names the
        approval whose button was pressed and where, so that copy changes even if the
        register of sent messages does not know it."""
        sender = BotSender(self.bot)
        states = await approval_states(self.deps, approval_ids)
        rejected = next((s for s in states if s.decision == Decision.rejected), None)
        for state in states:
            if state.pending:
                continue
            text = approval_text(state, self.ctx, rejected=rejected)
            edited = await retire_buttons(sender, self.deps, _purpose(state), text)
            if tapped is not None and tapped[0] == state.approval_id:
                ref = tapped[1]
                if ref is not None and ref not in edited:
                    await edit_quietly(self.bot, ref, text)

    async def decided(self, outcome: Outcome, tapped: SentRef | None) -> None:
        """After a decision: this approval's copies, and once the round is settled (or the
        decision closed the others) every approval of the round."""
        approval_id = outcome.approval.id
        assert approval_id is not None
        ids = await round_ids(self.deps, approval_id) if outcome.moved else [approval_id]
        await self.approvals(ids, tapped=(approval_id, tapped))

    async def moved_on(self, state: ApprovalState, tapped: SentRef | None) -> None:
        """The approval is no longer needed: every copy says where the request is now, and
        the pressed one offers the fresh card."""
        text = approval_text(state, self.ctx, moved_on=True)
        await retire_buttons(BotSender(self.bot), self.deps, _purpose(state), text)
        if tapped is not None:
            markup = keyboard([card_button(state.request_id, self.ctx.locale)])
            await edit_quietly(self.bot, tapped, text, markup)

    async def request_closed(
        self, request_id: int, outcome: str, tapped: SentRef | None = None
    ) -> None:
        """After a cancellation: every message of the request with buttons shows
        ``outcome`` (approvals, that they are no longer needed) and loses its buttons."""
        sender, edited = BotSender(self.bot), []
        for purpose in await open_purposes(self.deps, request_id):
            text = await self._closed_text(purpose, outcome)
            edited += await retire_buttons(sender, self.deps, purpose, text)
        if tapped is not None and tapped not in edited:
            await edit_quietly(self.bot, tapped, outcome)

    async def notice_done(self, purpose: str, outcome: str, tapped: SentRef | None) -> None:
        """A receipt or cancellation question answered: every copy shows ``outcome``."""
        text = await self._closed_text(purpose, outcome)
        edited = await retire_buttons(BotSender(self.bot), self.deps, purpose, text)
        if tapped is not None and tapped not in edited:
            await edit_quietly(self.bot, tapped, text)

    async def _closed_text(self, purpose: str, outcome: str) -> str:
        number = purpose.removeprefix("approval:")
        if purpose.startswith("approval:") and number.isdigit():
            states = await approval_states(self.deps, [int(number)])
            if states:
                return approval_text(states[0], self.ctx, moved_on=True)
        sent = await notice_of(self.deps, purpose)
        if sent is None:
            return outcome
        text = render_notice(Notice(sent.template, sent.params, self.ctx.locale)).text
        return f"{text}\n\n{outcome}"


def _purpose(state: ApprovalState) -> str:
    return f"approval:{state.approval_id}"
