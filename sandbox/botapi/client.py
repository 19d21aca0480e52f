"""`SandboxClient`: the control API from Python, for tests and the demo.

The client remembers, per chat, the chat revision at the last user action, so
`wait_for_message` after `send_text` or `press_button` only looks at what the
bot did afterwards, even if it already answered.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

import httpx

from sandbox.botapi.views import (
    CallbackAnswer,
    CallRecord,
    ChatMessage,
    MessagePredicate,
    SandboxError,
    SandboxTimeoutError,
)

_LONG_POLL_STEP = 10.0


class SandboxClient:
    """Async client of the sandbox control API (`/_sandbox/...`), bound to one bot token."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 30.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = http or httpx.AsyncClient(base_url=self.base_url, timeout=timeout)
        self._owns_http = http is None
        self._marks: dict[int, int] = {}

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _request(self, verb: str, path: str, **kwargs: Any) -> Any:
        query = dict(kwargs.pop("params", None) or {})
        if self.token:
            query["token"] = self.token
        response = await self._http.request(verb, f"/_sandbox{path}", params=query, **kwargs)
        body = response.json()
        if not body.get("ok"):
            error = SandboxTimeoutError if response.status_code == 408 else SandboxError
            raise error(response.status_code, body.get("error", response.text))
        return body["result"]

    def _remember(self, chat_id: int, result: dict[str, Any]) -> None:
        self._marks[chat_id] = int(result["revision"])

    async def health(self) -> bool:
        return bool(await self._request("GET", "/health"))

    async def reset(self) -> None:
        """Forget users, chats, files, calls and faults (bot identities stay)."""
        await self._request("POST", "/reset")
        self._marks.clear()

    async def bot_info(self) -> dict[str, Any]:
        """The bot's user, commands, menu buttons, webhook and fault counters."""
        return dict(await self._request("GET", "/bot"))

    async def configure_bot(
        self, *, username: str | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        body = {"username": username, "first_name": first_name}
        return dict(await self._request("POST", "/bot", json=body))

    async def register_user(
        self,
        user_id: int,
        first_name: str = "Тест",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> dict[str, Any]:
        """Create (or update) a user; their private chat with the bot then exists."""
        body = {
            "id": user_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
        }
        return dict(await self._request("POST", "/users", json=body))

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> ChatMessage:
        """The user writes `text`; /commands get bot_command entities as on Telegram."""
        body = {"text": text, "reply_to_message_id": reply_to_message_id, "entities": entities}
        result = await self._request("POST", f"/chats/{user_id}/text", json=body)
        self._remember(user_id, result)
        return ChatMessage.from_json(result["message"])

    async def send_command(self, user_id: int, command: str, args: str = "") -> ChatMessage:
        """The user sends `/command args` (command with or without the slash)."""
        text = "/" + command.lstrip("/") + (f" {args}" if args else "")
        return await self.send_text(user_id, text)

    async def _send_file(
        self, user_id: int, kind: str, data: bytes, filename: str, fields: dict[str, Any]
    ) -> ChatMessage:
        form = {key: str(value) for key, value in fields.items() if value is not None}
        files = {"file": (filename, data)}
        result = await self._request("POST", f"/chats/{user_id}/{kind}", data=form, files=files)
        self._remember(user_id, result)
        return ChatMessage.from_json(result["message"])

    async def send_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        caption: str | None = None,
        filename: str = "photo.png",
        reply_to_message_id: int | None = None,
    ) -> ChatMessage:
        """The user sends an image (PNG, JPEG, GIF or WebP bytes) as a photo."""
        fields = {"caption": caption, "reply_to_message_id": reply_to_message_id}
        return await self._send_file(user_id, "photo", data, filename, fields)

    async def send_document(
        self,
        user_id: int,
        data: bytes,
        *,
        filename: str,
        mime_type: str | None = None,
        caption: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> ChatMessage:
        """The user sends a file as a document."""
        fields = {
            "caption": caption,
            "mime_type": mime_type,
            "reply_to_message_id": reply_to_message_id,
        }
        return await self._send_file(user_id, "document", data, filename, fields)

    async def press_button(
        self,
        user_id: int,
        message_id: int,
        *,
        text: str | None = None,
        callback_data: str | None = None,
        wait_answer: bool = True,
        within: float = 5.0,
    ) -> CallbackAnswer | None:
        """The user presses an inline button found by label or callback_data.

        Returns the bot's answerCallbackQuery (None if `wait_answer` is false);
        raises SandboxTimeoutError if the bot does not answer `within` seconds.
        """
        body = {
            "message_id": message_id,
            "text": text,
            "callback_data": callback_data,
            "wait": wait_answer,
            "timeout": within,
        }
        path = f"/chats/{user_id}/press"
        result = await self._request("POST", path, json=body, timeout=within + 10.0)
        self._remember(user_id, result)
        if result["answer"] is None:
            return None
        return CallbackAnswer(result["callback_query_id"], **result["answer"])

    async def block_chat(self, chat_id: int, blocked: bool = True) -> None:
        """The user blocks (or unblocks) the bot: sends and edits get 403 until unblocked."""
        await self._request("POST", f"/chats/{chat_id}/block", json={"blocked": blocked})

    async def _messages(self, chat_id: int, since: int, wait: float) -> dict[str, Any]:
        query = {"since": since, "wait": wait}
        path = f"/chats/{chat_id}/messages"
        return dict(await self._request("GET", path, params=query, timeout=wait + 10.0))

    async def messages(self, chat_id: int, *, include_deleted: bool = True) -> list[ChatMessage]:
        """All messages of the chat in order, as the user sees them now."""
        result = await self._messages(chat_id, -1, 0)
        found = [ChatMessage.from_json(item) for item in result["messages"]]
        return [m for m in found if include_deleted or not m.deleted]

    async def last_bot_message(self, chat_id: int) -> ChatMessage | None:
        """The latest visible message from the bot, or None."""
        found = [m for m in await self.messages(chat_id, include_deleted=False) if m.from_bot]
        return found[-1] if found else None

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: MessagePredicate | None = None,
        *,
        contains: str | None = None,
        since: int | None = None,
        within: float = 5.0,
    ) -> ChatMessage:
        """Wait for a bot message, new or edited after `since`, that matches.

        `since` defaults to the last user action in this chat made through this
        client. Without `predicate` and `contains` any visible change matches.
        Raises SandboxTimeoutError with the messages seen if none matched.
        """
        revision = self._marks.get(chat_id, 0) if since is None else since
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        seen: list[ChatMessage] = []
        while True:
            remaining = max(0.0, deadline - loop.time())
            result = await self._messages(chat_id, revision, min(remaining, _LONG_POLL_STEP))
            for item in result["messages"]:
                message = ChatMessage.from_json(item)
                seen.append(message)
                if message.matches(predicate, contains):
                    return message
            revision = int(result["revision"])
            if loop.time() >= deadline:
                texts = [m.text for m in seen if m.from_bot]
                raise SandboxTimeoutError(
                    408,
                    f"no matching bot message in chat {chat_id} within {within} s; "
                    f"bot messages seen: {texts}",
                )

    async def calls(self, method: str | None = None, *, since_seq: int = 0) -> list[CallRecord]:
        """Bot API calls received, oldest first, optionally of one method."""
        query: dict[str, Any] = {"since_seq": since_seq}
        if method:
            query["method"] = method
        result = await self._request("GET", "/calls", params=query)
        return [CallRecord(**record) for record in result]

    async def inject_retry_after(
        self,
        retry_after: int,
        *,
        count: int = 1,
        chat_id: int | None = None,
        methods: list[str] | None = None,
    ) -> int:
        """Answer the next `count` calls to `chat_id` (any chat if None) with 429."""
        body: dict[str, Any] = {"retry_after": retry_after, "count": count, "chat_id": chat_id}
        if methods:
            body["methods"] = methods
        return int(await self._request("POST", "/faults/retry_after", json=body))

    async def set_flood_control(
        self,
        enabled: bool = True,
        *,
        per_chat_per_second: int = 1,
        global_per_second: int = 30,
    ) -> None:
        """Answer 429 to sends beyond Telegram's pace (per chat and overall)."""
        body = {
            "enabled": enabled,
            "per_chat_per_second": per_chat_per_second,
            "global_per_second": global_per_second,
        }
        await self._request("POST", "/faults/flood_control", json=body)

    async def download(self, file_id: str) -> bytes:
        """The bytes of any file the bot or a user sent."""
        response = await self._http.get(f"/_sandbox/files/{file_id}")
        if response.status_code != 200:
            raise SandboxError(response.status_code, response.text)
        return response.content
