"""A plain HTTP client with a cookie jar, for driving real Tandem processes (no mocks, no JS)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Page:
    status: int
    url: str
    text: str


class Browser:
    """One person's browser: cookies are per host, so the same session works on every app process."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> Page:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict[str, str], *, form_url: str | None = None) -> Page:
        """Fetch the form (for its CSRF token), then submit it, following the redirect."""
        form = self.get(form_url or url)
        match = _CSRF.search(form.text)
        assert match, f"no CSRF token on {form_url or url} ({form.status})"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), **data}).encode()
        return self._open(urllib.request.Request(url, data=body, method="POST"))

    def _open(self, request: urllib.request.Request) -> Page:
        try:
            with self.opener.open(request, timeout=30) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode(errors="replace"))
