"""The signature on what the gateway sends back (delivery reports, replies such as STOP).

The gateway signs each request with the secret both sides hold (TANDEM_SMS_WEBHOOK_SECRET):
``X-SMS-Timestamp`` is the Unix time it signed at, ``X-SMS-Signature`` is ``sha256=`` and the
hex HMAC-SHA256 of the timestamp, a dot and the raw body. Tandem recomputes it and compares in
constant time, and refuses a timestamp more than five minutes away from its own clock, so a
captured request cannot be replayed later. With no secret set, every request is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-SMS-Timestamp"
SIGNATURE_HEADER = "X-SMS-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(secret: str, body: bytes, at: float | None = None) -> dict[str, str]:
    """The headers a gateway sends with ``body`` (for the fake gateway and the tests)."""
    timestamp = str(int(time.time() if at is None else at))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret: str, timestamp: str, given: str, body: bytes, now: float | None = None) -> bool:
    """Whether ``given`` is the gateway's signature of ``body`` made at ``timestamp``, lately."""
    if not secret or not timestamp or not given:
        return False
    try:
        signed_at = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - signed_at) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body).encode(), given.encode())
