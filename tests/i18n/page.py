"""What a page of the untranslated-string check is (tests/i18n/pages.py lists them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass
class Scene:
    people: Any
    browser: Any  # django.test.Client, signed in as ``who`` (or nobody)


@dataclass(frozen=True)
class Page:
    name: str
    address: str | Callable[[Scene], str]
    who: str | None = None
    post: dict[str, str] | Callable[[Scene], dict[str, str]] | None = None
    status: int = 200
    made: str | None = None

    def path(self, scene: Scene) -> str:
        if callable(self.address):
            return self.address(scene)
        return self.address if self.address.startswith("/") else reverse(self.address)

    def form(self, scene: Scene) -> dict[str, str] | None:
        return self.post(scene) if callable(self.post) else self.post
