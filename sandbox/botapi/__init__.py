"""A local Telegram Bot API compatible server with a control API for tests and the demo.

aiogram connects to it with `TelegramAPIServer.from_base(base_url)`; tests play
the user through `SandboxClient`. `BotApiSandbox` runs it in-process and
`python -m sandbox.botapi` standalone.
"""

from sandbox.botapi.client import SandboxClient
from sandbox.botapi.files import make_png
from sandbox.botapi.runner import BotApiSandbox
from sandbox.botapi.server import create_app
from sandbox.botapi.state import DEFAULT_TOKEN, SandboxState
from sandbox.botapi.views import (
    Button,
    CallbackAnswer,
    CallRecord,
    ChatMessage,
    MessageEdit,
    MessagePredicate,
    SandboxError,
    SandboxTimeoutError,
)

__all__ = [
    "DEFAULT_TOKEN",
    "BotApiSandbox",
    "Button",
    "CallRecord",
    "CallbackAnswer",
    "ChatMessage",
    "MessageEdit",
    "MessagePredicate",
    "SandboxClient",
    "SandboxError",
    "SandboxState",
    "SandboxTimeoutError",
    "create_app",
    "make_png",
]
