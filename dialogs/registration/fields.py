"""What a newcomer may type as their name and position; refusals carry catalogue msgids."""

from __future__ import annotations

import re

from flows.errors import N_

MAX_LENGTH = 100
# Letters of any alphabet, with hyphens and apostrophes inside a word (Петрова-Водкина, O'Neil).
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_HAS_LETTER = re.compile(r"[^\W\d_]")


class BadField(ValueError):
    """A refused answer; ``msgid`` says what is wrong and gives an example."""

    def __init__(self, msgid: str) -> None:
        super().__init__(msgid)
        self.msgid = msgid


def _squeeze(text: str | None) -> str:
    return " ".join((text or "").split())


def full_name(text: str | None) -> str:
    """The name as typed, spaces tidied; raises BadField."""
    value = _squeeze(text)
    if len(value) > MAX_LENGTH:
        raise BadField(N_("That is too long for a name: at most 100 characters."))
    words = value.split(" ") if value else []
    if any(not _WORD.fullmatch(word) for word in words):
        raise BadField(
            N_("A name has letters only (a hyphen is fine). For example: Петрова-Водкина Анна.")
        )
    if len(words) < 2:
        raise BadField(
            N_("Write your surname, first name and patronymic, for example: Иванов Иван Иванович.")
        )
    return value


def position(text: str | None) -> str:
    """The job title as typed, spaces tidied; raises BadField."""
    value = _squeeze(text)
    if len(value) > MAX_LENGTH:
        raise BadField(N_("That is too long for a position: at most 100 characters."))
    if len(value) < 2 or not _HAS_LETTER.search(value) or value.startswith("/"):
        raise BadField(N_("Write your position in words, for example: инженер ПТО."))
    return value
