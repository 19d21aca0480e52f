"""What the control API client returns: chat messages as the user sees them, calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class SandboxError(Exception):
    """The control API refused a request (unknown user, missing button, bad input)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class SandboxTimeoutError(SandboxError, TimeoutError):
    """What a test waited for (a bot message, a callback answer) did not come in time."""


@dataclass(frozen=True)
class Button:
    """One inline keyboard button."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class MessageEdit:
    """A message as it looked before one of its edits."""

    date: int
    text: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None


@dataclass(frozen=True)
class ChatMessage:
    """A message of a chat as the user sees it now.

    `text` is the plain text (or caption) after parse_mode was applied,
    `source` what the bot sent, `history` the earlier versions, oldest first.
    """

    message_id: int
    from_bot: bool
    date: int
    kind: str
    text: str
    source: str = ""
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    deleted: bool = False
    edit_date: int | None = None
    history: list[MessageEdit] = field(default_factory=list)
    media_group_id: str | None = None
    reply_to_message_id: int | None = None
    revision: int = 0
    file_id: str | None = None
    file_name: str | None = None
    mime_type: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChatMessage:
        history = [MessageEdit(**version) for version in data.get("history", [])]
        return cls(**{**data, "history": history})

    def matches(
        self, predicate: MessagePredicate | None = None, contains: str | None = None
    ) -> bool:
        """A bot message passing `predicate` and containing `contains`.

        Without a predicate deleted messages never match.
        """
        if not self.from_bot or (contains is not None and contains not in self.text):
            return False
        return predicate(self) if predicate is not None else not self.deleted

    @property
    def edited(self) -> bool:
        return self.edit_date is not None

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows; empty when the message has none."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [Button(b["text"], b.get("callback_data"), b.get("url")) for b in row] for row in rows
        ]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    def button(self, text: str) -> Button:
        """The inline button labelled `text`; raises KeyError if there is none."""
        for row in self.buttons:
            for button in row:
                if button.text == text:
                    return button
        raise KeyError(f"no button {text!r}; buttons: {self.button_texts}")

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Labels of a reply keyboard sent with the message, if any."""
        rows = (self.reply_markup or {}).get("keyboard")
        if rows is None:
            return None
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]


MessagePredicate = Callable[[ChatMessage], bool]


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button press (answerCallbackQuery)."""

    callback_query_id: str
    text: str | None = None
    show_alert: bool = False
    url: str | None = None
    cache_time: int = 0


@dataclass(frozen=True)
class CallRecord:
    """One Bot API call the sandbox received; `time` is the epoch time of arrival."""

    seq: int
    time: float
    method: str
    params: dict[str, Any]
    status: int | None
    description: str | None

    @property
    def ok(self) -> bool:
        return self.status == 200
