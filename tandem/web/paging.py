"""Long lists in pages: Django's Paginator, with the page links a person can use (web/pager.html:
first, last and the pages around this one, "…" for the rest)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paged(request: HttpRequest, items: Any, per_page: int) -> Page[Any]:
    """This request's page of ``items`` (already ordered); a page out of range shows the last."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.links = list(  # type: ignore[attr-defined]
        paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page
