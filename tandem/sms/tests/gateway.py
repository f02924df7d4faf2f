"""A fake SMS gateway on a free localhost port, in a thread: it takes messages as a real
JSON-over-HTTPS gateway does (bearer key, idempotency key, an id back), can be told to fail, and
writes the signed delivery reports and replies a real one would send back to Tandem."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tandem.sms.signing import signed_headers

API_KEY = "test-gateway-key"
SECRET = "test-webhook-secret"


@dataclass
class FakeGateway:
    sent: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    # Answer the next requests with this HTTP status (and error code) instead of taking them.
    failures: list[tuple[int, str]] = field(default_factory=list)
    by_reference: dict[str, str] = field(default_factory=dict)
    # Take the next messages, then drop the connection before answering (as a timeout does).
    drops: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def fail_next(self, times: int = 1, status: int = 503, error: str = "unavailable") -> None:
        with self.lock:
            self.failures.extend([(status, error)] * times)

    def take_then_drop(self, times: int = 1) -> None:
        with self.lock:
            self.drops += times

    def dropping(self) -> bool:
        with self.lock:
            if self.drops:
                self.drops -= 1
                return True
            return False

    def to(self, number: str) -> list[dict[str, Any]]:
        with self.lock:
            return [m for m in self.sent if m["to"] == number]

    def take(self, payload: dict[str, Any], key: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.requests += 1
            if self.failures:
                status, error = self.failures.pop(0)
                return status, {"error": error}
            if key and key in self.by_reference:  # a retried request: sent once
                return 200, {"id": self.by_reference[key], "status": "queued"}
            gateway_id = f"gw-{len(self.sent) + 1}"
            self.sent.append({**payload, "id": gateway_id})
            if key:
                self.by_reference[key] = gateway_id
            return 201, {"id": gateway_id, "status": "queued"}

    # What a real gateway posts back to Tandem: the body and its signed headers.
    @staticmethod
    def report(gateway_id: str, status: str, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
        body = json.dumps({"id": gateway_id, "status": status}).encode()
        return body, signed_headers(secret, body)

    @staticmethod
    def reply(sender: str, text: str, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
        body = json.dumps({"from": sender, "to": "Tandem", "body": text}).encode()
        return body, signed_headers(secret, body)


def _handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 — the standard library's name
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                self._answer(401, {"error": "unauthorised"})
                return
            try:
                payload = json.loads(raw)
            except ValueError:
                self._answer(400, {"error": "bad_json"})
                return
            status, answer = gateway.take(payload, self.headers.get("Idempotency-Key", ""))
            if gateway.dropping():
                self.close_connection = True  # taken, and no answer: the sender cannot know
                return
            self._answer(status, answer)

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class GatewayServer:
    def __init__(self) -> None:
        self.gateway = FakeGateway()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.gateway))
        self.gateway.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGateway:
        self.thread.start()
        return self.gateway

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
