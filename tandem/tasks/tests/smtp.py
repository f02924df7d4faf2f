"""A real SMTP server on a free localhost port (aiosmtpd), with an inbox the tests read."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """Messages the server accepted. ``hold_first`` keeps the first delivery hanging, unanswered."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.hold_first = False
        self.first_arrived = threading.Event()
        self.release = threading.Event()
        self._held = False
        self._lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.hold_first and not self._held:
            self._held = True
            self.first_arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        message = email.message_from_bytes(
            envelope.content,  # type: ignore[attr-defined]
            policy=email.policy.default,  # type: ignore[arg-type]
        )
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no email for {address} within {timeout} s; inbox: {self.messages}")


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return str(part.get_content()) if part is not None else ""


class SMTPServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inbox.release.set()
        self.controller.stop()
