"""A real SMTP server for the e-mail tests (aiosmtpd, in a thread), with each recipient's inbox."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """`start()`/`stop()` on one port: the server can go away and come back, its mail kept."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[str, list[str], bytes]] = []  # (envelope sender, recipients, data)
        self.refuse: set[str] = set()  # addresses answered with 550
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def start(self) -> SmtpServer:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def inbox(self, address: str) -> list[EmailMessage]:
        return [
            message_from_bytes(data, policy=policy.default)  # type: ignore[misc]
            for _, rcpts, data in self.received
            if address in rcpts
        ]
