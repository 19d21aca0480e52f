"""Files known to the sandbox: uploads by bots and users, their ids and sizes."""

from __future__ import annotations

import hashlib
import itertools
import secrets
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from sandbox.botapi.errors import BAD_FILE, ApiError, bad_request

MAX_DOWNLOAD = 20 * 1024 * 1024
_PHOTO_SIDES = (90, 320, 800)
_ID_PREFIX = {"photo": "AgACAgIAAxkBAAI", "document": "BQACAgIAAxkBAAI"}
_DIR = {"photo": "photos", "document": "documents"}


@dataclass(frozen=True)
class StoredFile:
    """One file as the Bot API exposes it (`file_id`, `file_path`) with its bytes."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def file_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }

    def document_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            body["file_name"] = self.file_name
        if self.mime_type:
            body["mime_type"] = self.mime_type
        return body

    def photo_size_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "width": self.width,
            "height": self.height,
        }


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP" and data[12:16] == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        return width, int.from_bytes(data[27:30], "little") + 1
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def make_png(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid solid-colour PNG, for tests and the demo."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class FileStore:
    """All files by `file_id` and by `file_path`."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._photos: dict[str, list[StoredFile]] = {}
        self._counter = itertools.count(1)

    def clear(self) -> None:
        self._by_id.clear()
        self._by_path.clear()
        self._photos.clear()

    def _add(self, kind: str, data: bytes, unique: str, **extra: Any) -> StoredFile:
        number = next(self._counter)
        suffix = _extension(extra.get("file_name"), extra.get("mime_type"), kind)
        stored = StoredFile(
            file_id=f"{_ID_PREFIX[kind]}{number}_{secrets.token_urlsafe(24)}",
            file_unique_id=unique,
            kind=kind,
            data=data,
            file_path=f"{_DIR[kind]}/file_{number}{suffix}",
            **extra,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def add_document(
        self, data: bytes, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        unique = "AgAD" + hashlib.sha256(data).hexdigest()[:12]
        return self._add("document", data, unique, file_name=file_name, mime_type=mime_type)

    def add_photo(self, data: bytes) -> list[StoredFile]:
        """Store an image as Telegram's list of PhotoSize; raises ApiError if not an image."""
        size = image_size(data)
        if size is None or min(size) <= 0:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        longest = max(width, height)
        digest = hashlib.sha256(data).hexdigest()[:10]
        sides = [side for side in _PHOTO_SIDES if side < longest] + [longest]
        sizes = []
        for side in sides:
            scaled_w = max(1, round(width * side / longest))
            scaled_h = max(1, round(height * side / longest))
            unique = f"AQAD{digest}{side}"
            sizes.append(self._add("photo", data, unique, width=scaled_w, height=scaled_h))
        for stored in sizes:
            self._photos[stored.file_id] = sizes
        return sizes

    def photo_sizes(self, file_id: str) -> list[StoredFile]:
        """All sizes of the photo one of whose sizes is `file_id`; raises ApiError."""
        stored = self.get(file_id)
        if stored.kind != "photo":
            raise bad_request(f"can't use file of type {stored.kind.title()} as Photo")
        return self._photos[file_id]

    def get(self, file_id: str) -> StoredFile:
        """The file by id; raises ApiError (400) for an unknown id."""
        stored = self._by_id.get(file_id)
        if stored is None:
            raise ApiError(400, BAD_FILE)
        return stored

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)


def _extension(file_name: str | None, mime_type: str | None, kind: str) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1].lower()
    if kind == "photo":
        return ".jpg"
    if mime_type == "application/pdf":
        return ".pdf"
    return ""
