"""The ways a text message goes out, chosen by TANDEM_SMS_BACKEND.

- ``console`` prints the message (the demo and development, like Django's console email backend).
- ``http`` posts it to an SMS gateway: a JSON body, the API key as a bearer token, and Tandem's
  reference for the message as the idempotency key (a gateway that honours it sends a retried
  message once); the gateway answers with its own id for the message, which its delivery reports
  name later (``tandem.sms.webhooks``).
- ``off``: no texts; the portal does not offer them.

A gateway that cannot take the message now (down, slow, overloaded, a 5xx or 429) raises
``GatewayUnavailable``, and the worker tries the task again later; one that refuses it for good
(a 4xx: a bad number, a barred destination) raises ``Rejected``, and the message is marked failed.
Only the standard library is used: no provider's SDK.
"""

from __future__ import annotations

import http.client
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Outgoing:
    to: str  # E.164
    body: str
    reference: str  # Tandem's id for the message: the same on every try
    status_url: str = ""  # where the gateway sends delivery reports


class GatewayUnavailable(Exception):
    """The gateway could not take the message now: try again later."""


class Unsure(GatewayUnavailable):
    """The message went to the gateway and no answer came back (a timeout, the connection dropped
    after sending): it may have been taken. Try again with the same idempotency key and words."""


class Rejected(Exception):
    """The gateway refused the message for good."""


class Backend(Protocol):
    def send(self, message: Outgoing) -> str:
        """Send ``message``; the gateway's id for it."""
        ...


class ConsoleBackend:
    def __init__(self, stream: object = None) -> None:
        self.stream = stream

    def send(self, message: Outgoing) -> str:
        stream = self.stream or sys.stdout
        text = (
            f"Text message to {message.to} ({message.reference})\n"
            f"{message.body}\n" + "-" * 79 + "\n"
        )
        stream.write(text)  # type: ignore[attr-defined]
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()
        return f"console-{message.reference}"


def _local(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"}


class HttpGatewayBackend:
    def __init__(self, url: str, api_key: str, sender: str) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and _local(parts.hostname or "")
        ):
            raise ImproperlyConfigured(
                "TANDEM_SMS_GATEWAY_URL must be an https:// address (plain http only to this machine)."
            )
        if not api_key:
            raise ImproperlyConfigured("TANDEM_SMS_API_KEY is empty: the gateway needs its key.")
        self.url, self.api_key, self.sender = url, api_key, sender

    def send(self, message: Outgoing) -> str:
        payload = {
            "to": message.to,
            "from": self.sender,
            "body": message.body,
            "reference": message.reference,
        }
        if message.status_url:
            payload["status_callback"] = message.status_url
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.api_key}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Idempotency-Key": message.reference,
                "User-Agent": "Tandem",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 — the address is checked above
                body = response.read(64 * 1024)
        except urllib.error.HTTPError as error:
            detail = _error_words(error)
            if error.code >= 500 or error.code in (408, 429):
                raise GatewayUnavailable(f"the gateway answered {error.code}{detail}") from None
            raise Rejected(f"the gateway refused the message ({error.code}{detail})") from None
        except urllib.error.URLError as error:
            # Raised while connecting or writing the request. A refused or unreachable gateway
            # has nothing; a timeout is taken as "perhaps taken", like one while waiting for the
            # answer: the retry then carries the same words and link, which costs nothing.
            if isinstance(error.reason, TimeoutError):
                raise Unsure(f"no answer from the gateway: {error.reason}") from None
            raise GatewayUnavailable(f"the gateway could not be reached: {error.reason}") from None
        except (TimeoutError, http.client.HTTPException, OSError) as error:
            # Raised while waiting for the answer: the gateway had the whole message.
            raise Unsure(f"no answer from the gateway: {error!r}") from None
        try:
            gateway_id = json.loads(body)["id"]
        except (ValueError, KeyError, TypeError):
            # Taken, perhaps, but with no id to follow it by: not worth sending a second time.
            return ""
        return str(gateway_id)[:100]


def _error_words(error: urllib.error.HTTPError) -> str:
    """The gateway's short error code, if it gave one (never the message)."""
    try:
        found = json.loads(error.read(4096)).get("error", "")
    except (ValueError, AttributeError, OSError):
        return ""
    return f": {str(found)[:80]}" if found else ""


def texts_on() -> bool:
    """Whether this server sends text messages at all."""
    return str(settings.TANDEM_SMS_BACKEND) != "off"


def backend() -> Backend:
    chosen = settings.TANDEM_SMS_BACKEND
    if chosen == "console":
        return ConsoleBackend()
    if chosen == "http":
        return HttpGatewayBackend(
            settings.TANDEM_SMS_GATEWAY_URL, settings.TANDEM_SMS_API_KEY, settings.TANDEM_SMS_FROM
        )
    raise ImproperlyConfigured("Text messages are off (TANDEM_SMS_BACKEND=off).")
