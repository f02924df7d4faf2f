"""The progress report as a PDF, made offline by WeasyPrint (Debian's pango; no browser).

The PDF template links nothing: its stylesheets are read from disk through the staticfiles
finders and the charts are inline SVG, and the URL fetcher allows no protocol at all, so making
a PDF never touches the network (nor the file system beyond our own static files).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

STYLESHEETS = ("tandem/tandem.css", "reports/dashboards.css")


@lru_cache(maxsize=1)
def _stylesheets() -> list[Any]:
    from weasyprint import CSS

    return [CSS(filename=finders.find(name)) for name in STYLESHEETS]


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string: quotes, backslashes and anything that could close the
    style element written as CSS escapes."""
    return '"' + re.sub(r'["\\<>\n]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def page_margins() -> SafeString:
    """The PDF's page footers in the reader's language, as CSS for the document's own style
    element: the stylesheet served to browsers holds no words (see dashboards.css)."""
    pages = _("Page %(page)s of %(pages)s")
    parts = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", pages):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    name = _css_string(_("Tandem progress report: confidential"))
    # A page's margin boxes are placed by the page's sides, not by the text's direction: the
    # report's name goes where its lines start (the right, in a right-to-left language).
    start, end = ("right", "left") if get_language_bidi() else ("left", "right")
    css = (
        f"@page {{ @bottom-{start} {{ content: {name} !important; }} "
        f"@bottom-{end} {{ content: {' '.join(parts)} !important; }} }}"
    )
    # Built from escaped CSS strings only.
    return mark_safe(css)  # noqa: S308


def render(html: str) -> Any:
    """The laid-out pages (a WeasyPrint Document): what the PDF will hold, page by page."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=())
    document = HTML(string=html, base_url="file:///nowhere/", url_fetcher=fetcher)
    return document.render(stylesheets=_stylesheets())


def html_to_pdf(html: str) -> bytes:
    return render(html).write_pdf()  # type: ignore[no-any-return]
