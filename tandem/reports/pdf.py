"""The progress report as a PDF, made offline by WeasyPrint (Debian's pango; no browser).

The PDF template links nothing: its stylesheets are read from disk through the staticfiles
finders and the charts are inline SVG, and the URL fetcher allows no protocol at all, so making
a PDF never touches the network (nor the file system beyond our own static files).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.staticfiles import finders

STYLESHEETS = ("tandem/tandem.css", "reports/dashboards.css")


@lru_cache(maxsize=1)
def _stylesheets() -> list[Any]:
    from weasyprint import CSS

    return [CSS(filename=finders.find(name)) for name in STYLESHEETS]


def render(html: str) -> Any:
    """The laid-out pages (a WeasyPrint Document): what the PDF will hold, page by page."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=())
    document = HTML(string=html, base_url="file:///nowhere/", url_fetcher=fetcher)
    return document.render(stylesheets=_stylesheets())


def html_to_pdf(html: str) -> bytes:
    return render(html).write_pdf()  # type: ignore[no-any-return]
