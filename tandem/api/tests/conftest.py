from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient


class Api:
    """An in-process HTTP client that sends one person's token with every request."""

    def __init__(self, secret: str | None):
        self.http = HttpClient()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data: Any, headers: dict[str, str] | None = None) -> Any:
        return self.http.post(
            f"/api/v1{path}",
            data,
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )


def token_for(user: Any, read_only: bool = False) -> str:
    from tandem.api.actions import create_token

    _, secret = create_token(user, user, "test", read_only=read_only)
    return secret


@pytest.fixture
def api_as(people: Any) -> Any:
    def make(user: Any, read_only: bool = False) -> Api:
        return Api(token_for(user, read_only))

    return make


PHQ9_ANSWERS = {f"q{i}": 1 for i in range(1, 10)}
MIRROR_ANSWERS = {"heard": 7, "focus": 6, "fit": 8, "together": 7, "takeaway": 6}
