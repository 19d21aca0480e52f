"""Telegram's limits on what a bot sends: text, captions, keyboards, commands."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sandbox.botapi.errors import bad_request
from sandbox.botapi.htmltext import parse_html, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_INLINE_BUTTONS = 100
MAX_CALLBACK_ANSWER = 200
MAX_COMMANDS = 100
_INLINE_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_URL_SCHEMES = ("http://", "https://", "tg://")


@dataclass(frozen=True)
class RenderedText:
    """What the recipient sees: plain text and entities, plus what the bot sent."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    parse_mode: str | None = None


def render(
    source: str | None,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    strict_html: bool = True,
) -> RenderedText:
    """Apply `parse_mode` (or explicit entities) and trim as Telegram does; raises ApiError."""
    source = source or ""
    if parse_mode:
        mode = parse_mode.lower()
        if mode == "html":
            text, parsed = parse_html(source, strict=strict_html)
        elif mode in {"markdown", "markdownv2"}:
            raise bad_request(f"parse_mode {parse_mode} is not supported by the sandbox")
        else:
            raise bad_request("unsupported parse_mode")
    else:
        text, parsed = source, [dict(e) for e in entities or []]
    text, parsed = _strip(text, parsed)
    return RenderedText(text, parsed, source, parse_mode)


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(size, entity["offset"] + entity["length"] - lead)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def check_text(rendered: RenderedText) -> None:
    """Message text rules; raises ApiError (400)."""
    if not rendered.text:
        raise bad_request("message text is empty")
    if utf16_len(rendered.text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(rendered: RenderedText) -> None:
    """Caption rules; raises ApiError (400)."""
    if utf16_len(rendered.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")


def check_reply_markup(markup: dict[str, Any] | None) -> None:
    """Keyboard rules for inline and reply keyboards; raises ApiError (400)."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_rows(markup["keyboard"], "keyboard", "ReplyKeyboardMarkup")


def _check_rows(rows: Any, field_name: str, owner: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{field_name}" of the {owner} must be an Array of Arrays')
    return rows


def _check_inline_keyboard(rows: Any) -> None:
    rows = _check_rows(rows, "inline_keyboard", "InlineKeyboardMarkup")
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not _INLINE_ACTIONS.intersection(button):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and len(str(data).encode("utf-8")) > MAX_CALLBACK_DATA:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(_URL_SCHEMES):
        raise bad_request("BUTTON_URL_INVALID")


def check_callback_answer_text(text: str | None) -> None:
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")


def check_commands(commands: Any) -> list[dict[str, str]]:
    """Validate setMyCommands input; raises ApiError (400)."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands")
    checked = []
    for item in commands:
        command = str(item.get("command", "")) if isinstance(item, dict) else ""
        description = str(item.get("description", "")) if isinstance(item, dict) else ""
        if not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("command description must be non-empty")
        checked.append({"command": command, "description": description})
    return checked


_BOT_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entities Telegram adds to a user's message text."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _BOT_COMMAND.finditer(text)
    ]
