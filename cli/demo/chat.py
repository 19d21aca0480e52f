"""Playing people in the sandbox Bot API and printing their chats as they see them.

A :class:`ChatPlayer` types, presses buttons and sends photos as a person through the
sandbox control API, waits (bounded) for the bot's answer and prints every new or changed
message of that chat. A step that does not happen in time raises :class:`ScriptError`
naming the step and what the bot showed instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from locales import gettext_for
from sandbox.botapi import ChatMessage, SandboxClient, SandboxError

ButtonMatch = "str | Matcher"
Expectation = str | Callable[[ChatMessage], bool] | None


class ScriptError(RuntimeError):
    """A scripted step did not happen: the bot did not answer, or answered otherwise."""


def ru(msgid: str) -> str:
    """A catalogue text as Russian people see it (so scripts follow the translations)."""
    return gettext_for("ru").gettext(msgid)


@dataclass(frozen=True)
class Person:
    tg_id: int
    name: str
    note: str = ""

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[1] if len(parts) > 1 else self.name


class ChatPlayer:
    """Acts as people in their chats with the bot and prints what happens."""

    def __init__(self, client: SandboxClient, out: TextIO, *, within: float = 10.0) -> None:
        self.client = client
        self.out = out
        self.within = within
        self._printed: dict[int, dict[int, tuple[str, tuple[str, ...]]]] = {}
        self._current: int | None = None

    async def join(self, person: Person) -> None:
        parts = person.name.split()
        last, first = (parts[0], parts[1]) if len(parts) > 1 else (None, person.name)
        await self.client.register_user(person.tg_id, first, last_name=last)

    async def say(self, person: Person, text: str, *, expect: Expectation = None) -> ChatMessage:
        """The person writes ``text``; waits for a bot message containing ``expect``."""
        await self._client_call(
            person, f"write «{text}»", self.client.send_text(person.tg_id, text)
        )
        return await self.expect(person, expect, step=f"after «{text}»")

    async def photo(
        self,
        person: Person,
        data: bytes,
        *,
        caption: str | None = None,
        expect: Expectation = None,
    ) -> ChatMessage:
        call = self.client.send_photo(person.tg_id, data, caption=caption)
        await self._client_call(person, "send a photo", call)
        return await self.expect(person, expect, step="after the photo")

    async def press(
        self, person: Person, button: ButtonMatch, *, expect: Expectation = None
    ) -> ChatMessage:
        """The person taps the newest button matching ``button`` (a label or a test)."""
        message, data = await self._find_button(person, button)
        call = self.client.press_button(
            person.tg_id, message.message_id, callback_data=data, within=self.within
        )
        answer = await self._client_call(person, f"tap «{_label(button)}»", call)
        if answer is not None and answer.text:
            self._header(person)
            self.out.write(f"   💬 {answer.text}\n")
        return await self.expect(person, expect, step=f"after «{_label(button)}»")

    async def expect(
        self, person: Person, wanted: Expectation, *, step: str = "waiting"
    ) -> ChatMessage:
        """Wait for a new or edited bot message with ``wanted`` (a text it contains, or a
        test of the message), then print the chat."""
        contains = wanted if isinstance(wanted, str) else None
        test = wanted if callable(wanted) else None
        try:
            found = await self.client.wait_for_message(
                person.tg_id, test, contains=contains, within=self.within
            )
        except SandboxError as error:
            await self.show(person)
            what = contains or getattr(wanted, "__doc__", None) or "the expected change"
            raise ScriptError(f"{person.name}, {step}: expected «{what}»: {error}") from error
        await self.show(person)
        return found

    async def last(self, person: Person) -> ChatMessage | None:
        return await self.client.last_bot_message(person.tg_id)

    async def show(self, person: Person) -> None:
        """Print the messages of the person's chat not printed yet (as they look now)."""
        printed = self._printed.setdefault(person.tg_id, {})
        for message in await self.client.messages(person.tg_id, include_deleted=False):
            look = (message.text, tuple(message.button_texts))
            before = printed.get(message.message_id)
            printed[message.message_id] = look
            # An edit that only took the buttons away is not worth a line.
            if before == look or (before and before[0] == look[0] and not look[1]):
                continue
            self._header(person)
            self._print_message(message, edited=before is not None)

    def _header(self, person: Person) -> None:
        if self._current == person.tg_id:
            return
        self._current = person.tg_id
        note = f" ({person.note})" if person.note else ""
        self.out.write(f"\n── {person.name}{note} ──\n")

    def _print_message(self, message: ChatMessage, edited: bool) -> None:
        if not message.from_bot:
            body = message.text or ("[фото]" if message.kind == "photo" else f"[{message.kind}]")
            self.out.write(f"  👤 {body}\n")
            return
        mark = "🤖✎" if edited else "🤖"
        lines = (message.text or f"[{message.kind}]").splitlines() or [""]
        self.out.write(f"  {mark} {lines[0]}\n")
        for line in lines[1:]:
            self.out.write(textwrap.indent(line, "     ") + "\n" if line else "\n")
        for row in message.buttons:
            self.out.write("     " + " ".join(f"[{b.text}]" for b in row) + "\n")

    async def _find_button(self, person: Person, button: ButtonMatch) -> tuple[ChatMessage, str]:
        matches = (lambda text: text == button) if isinstance(button, str) else button.test
        messages = await self.client.messages(person.tg_id, include_deleted=False)
        for message in reversed([m for m in messages if m.from_bot]):
            for row in message.buttons:
                for candidate in row:
                    if matches(candidate.text) and candidate.callback_data:
                        return message, candidate.callback_data
        raise ScriptError(f"{person.name}: no button «{_label(button)}» in the chat")

    async def _client_call(self, person: Person, what: str, call):  # type: ignore[no-untyped-def]
        try:
            result = await call
        except SandboxError as error:
            raise ScriptError(f"{person.name} could not {what}: {error}") from error
        return result


@dataclass(frozen=True)
class Matcher:
    """A button found by a test on its label instead of the whole label."""

    label: str
    test: Callable[[str], bool]


def starting(prefix: str) -> Matcher:
    return Matcher(prefix + "…", lambda text: text.startswith(prefix))


def ending(suffix: str) -> Matcher:
    return Matcher("…" + suffix, lambda text: text.endswith(suffix))


def _label(button: ButtonMatch) -> str:
    return button if isinstance(button, str) else button.label


def with_button(label: str) -> Callable[[ChatMessage], bool]:
    """Expects a message that shows a button labelled ``label``."""

    def test(message: ChatMessage) -> bool:
        return not message.deleted and label in message.button_texts

    test.__doc__ = f"a button «{label}»"
    return test
