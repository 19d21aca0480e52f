"""What a Bot API method handler gets: the world, its bot and the call's parameters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sandbox.botapi.errors import bad_request
from sandbox.botapi.params import Params
from sandbox.botapi.state import BotState, ChatLog, SandboxState, StoredMessage
from sandbox.botapi.validation import RenderedText, check_reply_markup, render


@dataclass
class Call:
    """One Bot API call being answered."""

    state: SandboxState
    bot: BotState
    params: Params
    method: str

    def chat(self, name: str = "chat_id") -> ChatLog:
        """The chat named by `name`; raises ApiError (400 chat not found)."""
        return self.bot.chat(self.params.chat_id(name))

    def render(self, text_name: str, entities_name: str) -> RenderedText:
        """Text or caption after parse_mode; raises ApiError on bad markup."""
        return render(
            self.params.text(text_name),
            self.params.text("parse_mode"),
            self.params.json(entities_name),
            strict_html=self.state.strict_html,
        )

    def reply_markup(self) -> dict[str, Any] | None:
        markup = self.params.json("reply_markup")
        check_reply_markup(markup)
        return markup

    def reply_to(self, log: ChatLog) -> int | None:
        """The id of the message replied to; raises ApiError if it is gone."""
        reply = self.params.json("reply_parameters") or {}
        message_id = reply.get("message_id") or self.params.integer("reply_to_message_id")
        if message_id is None:
            return None
        if log.get(int(message_id)) is not None:
            return int(message_id)
        if reply.get("allow_sending_without_reply") or self.params.flag(
            "allow_sending_without_reply"
        ):
            return None
        raise bad_request("message to be replied not found")

    def message(self, log: ChatLog, missing: str) -> StoredMessage:
        """The message named by message_id; raises ApiError with `missing` if absent."""
        if self.params.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        if not self.params.has("message_id"):
            raise bad_request("message identifier is not specified")
        message = log.get(self.params.integer("message_id"))
        if message is None:
            raise bad_request(missing)
        return message


Handler = Callable[[Call], Awaitable[Any]]
