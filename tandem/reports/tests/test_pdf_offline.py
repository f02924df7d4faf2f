"""The PDF is made offline: nothing in it is fetched from anywhere, even if a page links out."""

from __future__ import annotations

import socket
from typing import Any

from tandem.reports.pdf import html_to_pdf


def test_it_makes_a_pdf_without_touching_the_network(monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the PDF tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = (
        '<h1>Progress</h1><img src="https://example.org/tracker.png" alt="">'
        '<link rel="stylesheet" href="https://example.org/x.css">'
        '<svg viewBox="0 0 10 10" width="100" height="100"><circle cx="5" cy="5" r="4" fill="#1f5f8b"/></svg>'
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF-")
