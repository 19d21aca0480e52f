"""Bot API call parameters from query, JSON, urlencoded or multipart bodies.

aiogram posts every call as a form: nested objects (`reply_markup`, `media`)
arrive as JSON strings and uploads as `attach://<name>` references to a file
part. Plain JSON bodies, as other clients send them, work the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from sandbox.botapi.errors import CHAT_NOT_FOUND, ApiError, bad_request


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """Typed access to one call's parameters, with Telegram's wording for bad values."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.content_type == "application/json" and request.can_read_body:
            try:
                body = await request.json()
            except ValueError as exc:
                raise bad_request("can't parse JSON encoded request") from exc
            if not isinstance(body, dict):
                raise bad_request("can't parse JSON encoded request")
            values.update(body)
        elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads[key] = Upload(value.file.read(), value.filename, value.content_type)
                else:
                    values[key] = value
        return cls(values, uploads)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "") or name in self.uploads

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def required_integer(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in {"true", "1", "yes"}
        return bool(value)

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            if name == "reply_markup":
                raise bad_request("can't parse reply keyboard markup JSON object") from exc
            raise bad_request(f"can't parse {name} JSON object") from exc

    def chat_id(self, name: str = "chat_id") -> int:
        """The target chat; @usernames of private chats are unknown to bots."""
        value = self.values.get(name)
        if value in (None, ""):
            raise bad_request(f"{name} is empty")
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise ApiError(400, CHAT_NOT_FOUND) from exc

    def upload(self, value: Any) -> Upload | None:
        """The file part named by an `attach://<name>` value, or None for a file id."""
        if isinstance(value, str) and value.startswith("attach://"):
            part = self.uploads.get(value.removeprefix("attach://"))
            if part is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            return part
        return None

    def file_param(self, name: str) -> Upload | str:
        """A file parameter: an upload (direct or attached) or a file id string."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.values.get(name)
        if value in (None, ""):
            raise bad_request(f"there is no {name} in the request")
        return self.upload(value) or str(value)

    def log_view(self) -> dict[str, Any]:
        """Parameters as recorded in the call log: JSON decoded, uploads summarised."""
        view: dict[str, Any] = {}
        for key, value in self.values.items():
            view[key] = _maybe_json(value)
        for key, part in self.uploads.items():
            view[key] = {"upload": part.filename, "size": len(part.data)}
        return view


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in {"{", "["}:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
