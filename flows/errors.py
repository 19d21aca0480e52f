"""Domain errors: an English message for the log, translated for the person by the edge.

The message is a catalogue msgid with ``{name}`` placeholders; the edge looks it up in the
person's locale and formats it with ``params``.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a string for the translation catalogue without translating it here."""
    return message


class Msg(str):
    """A parameter value that is itself a catalogue msgid; the edge translates it too."""

    __slots__ = ()


class DomainError(Exception):
    """A business refusal: what is wrong and what to do next."""

    code = "refused"

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(self.log_text)

    @property
    def log_text(self) -> str:
        try:
            return self.message.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.message


class Refused(DomainError):
    """The action is not allowed now (role, assignment or a guard)."""


class NotFound(DomainError):
    code = "not_found"


class AccessDenied(DomainError):
    code = "access_denied"


class StaleVersion(DomainError):
    """The request changed since the person looked at it."""

    code = "stale"

    def __init__(self, request_id: int, status: str) -> None:
        super().__init__(
            N_("The request has changed meanwhile: it is now «{status}». Look at the fresh card."),
            request_id=request_id,
            status=Msg(status),
        )


class AlreadyDecided(DomainError):
    code = "already_decided"


class InvalidInput(DomainError):
    code = "invalid"
