"""Form widgets whose value a browser reads, written the browser's way in every language."""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A date picker (``<input type="date">``). Its value is always ISO (2026-12-04), whatever
    the page's language: Django's own DateInput writes the language's first date format
    ("04/12/2026" in British English and in Spanish), which a browser's date picker takes for no
    date at all, so the field shows empty. What is typed back is ISO too, which every language's
    date field accepts."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)
