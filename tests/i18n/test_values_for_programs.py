"""What a page writes for a program to read stays in the program's format in every language
(docs/i18n.md, "Dates and numbers"): Django localises every number and date a template prints,
so on a Spanish page ``{{ 1.5 }}`` is "1,5" and a date field's value "04/12/2026". A browser
takes neither: an ``<input type="number" value="1,5">`` or ``<input type="date"
value="04/12/2026">`` shows empty (and a required one cannot be sent), a ``<progress value="6,5">``
shows nothing done, an SVG coordinate "12,5" puts the mark elsewhere.

Every page of tests/i18n/pages.py is shown in Spanish, and every such value on it is checked:
dates and times ISO, numbers with a full stop, in inputs, progress bars, meters, charts and data-
attributes. (Spanish is enough: British English writes its dates day first as Spanish does, and
only Spanish has the decimal comma.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests.i18n.pages import PAGES, Page, Scene

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
FORMATS = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "week": re.compile(r"\d{4}-W\d{2}"),
    "number": NUMBER,
    "range": NUMBER,
}
# Attributes a browser reads as a number, on any element that has them.
NUMERIC = {
    "input": ("min", "max"),
    "progress": ("value", "max"),
    "meter": ("value", "min", "max", "low", "high", "optimum"),
}
# An SVG's lengths and coordinates: a number, perhaps with a unit.
SVG_LENGTH = re.compile(r"-?\d+(?:\.\d+)?(?:px|%|em)?")
SVG_ATTRIBUTES = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "width", "height"}
SVG_ELEMENTS = {"rect", "circle", "ellipse", "line", "text", "tspan", "svg", "image", "use"}
# A number written with a decimal comma where a program reads it ("6,5"; not "1,234", which is
# a list or a thousands separator, nor "3, 4").
DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$")


class _Values(HTMLParser):
    def __init__(self, sent: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.sent = sent
        self.wrong: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        shown = f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in found.items()) + ">"

        def check(name: str, pattern: re.Pattern[str]) -> None:
            value = found.get(name)
            # What a person typed is given back as it was, to correct.
            if value and value not in self.sent and not pattern.fullmatch(value.strip()):
                self.wrong.append(f"{name}={value!r} in {shown}")

        if tag == "input":
            kind = found.get("type", "text").lower()
            if kind in FORMATS:
                check("value", FORMATS[kind])
            if kind in ("number", "range"):
                step = found.get("step")
                if step and step != "any":
                    check("step", NUMBER)
            if kind in ("date", "time", "datetime-local", "month", "week"):
                check("min", FORMATS[kind])
                check("max", FORMATS[kind])
            elif kind in ("number", "range"):
                for name in NUMERIC["input"]:
                    check(name, NUMBER)
        elif tag in NUMERIC:
            for name in NUMERIC[tag]:
                check(name, NUMBER)
        if tag in SVG_ELEMENTS:
            for name in SVG_ATTRIBUTES & found.keys():
                check(name, SVG_LENGTH)
        for name, value in found.items():
            if name.startswith("data-") and name != "data-label" and DECIMAL_COMMA.match(value):
                self.wrong.append(f"{name}={value!r} in {shown}")


def values_a_program_cannot_read(html: str, sent: set[str] | None = None) -> list[str]:
    parser = _Values(sent or set())
    parser.feed(html)
    return parser.wrong


def test_the_check_finds_localised_values() -> None:
    html = (
        '<input type="date" value="04/12/2026"><input type="date" value="2026-12-04">'
        '<input type="number" value="1,5" min="0"><progress max="10" value="6,5"></progress>'
        '<svg viewBox="0 0 10 10"><circle cx="3,5" cy="2" r="4"/></svg>'
        '<tr data-score="7,5" data-label="Puntuación, 7,5">'
        '<input type="number" name="every_n" value="x">'
    )
    assert values_a_program_cannot_read(html, {"x"}) == [
        'value=\'04/12/2026\' in <input type="date" value="04/12/2026">',
        'value=\'1,5\' in <input type="number" value="1,5" min="0">',
        'value=\'6,5\' in <progress max="10" value="6,5">',
        'cx=\'3,5\' in <circle cx="3,5" cy="2" r="4">',
        'data-score=\'7,5\' in <tr data-score="7,5" data-label="Puntuación, 7,5">',
    ]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_page_writes_values_for_programs_in_their_format(
    page: Page, people: Any, settings: Any
) -> None:
    language = "es"
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.i18n.urls"
    browser = Client(headers={"accept-language": language}, raise_request_exception=False)
    if page.who:
        browser.force_login(getattr(people, page.who))
    scene = Scene(people, browser)
    path = page.path(scene)
    form = page.form(scene)
    response = browser.post(path, form) if form is not None else browser.get(path)
    assert response.status_code == page.status, (path, response.status_code)
    html = response.content.decode()
    wrong = values_a_program_cannot_read(html, set(form.values()) if form else set())
    assert not wrong, f"{page.name} ({path}) in {language}:\n  " + "\n  ".join(wrong)


def _widgets_without_a_format(source: str) -> list[int]:
    """Lines where Django's DateInput, TimeInput or DateTimeInput is made without ``format=``:
    it would write the page language's format, which a browser's picker does not read."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        owner = getattr(getattr(node.func, "value", None), "id", None)
        if (
            name in ("DateInput", "TimeInput", "DateTimeInput")
            and owner in ("forms", "widgets")
            and not any(k.arg == "format" for k in node.keywords)
        ):
            found.append(node.lineno)
    return found


def test_every_date_or_time_widget_names_its_format() -> None:
    from pathlib import Path

    import tandem

    assert _widgets_without_a_format('w = forms.DateInput(attrs={"type": "date"})') == [1]
    assert _widgets_without_a_format('w = forms.TimeInput(format="%H:%M")') == []
    root = Path(tandem.__file__).parent
    wrong = [
        f"{path.relative_to(root)}:{line}"
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts
        for line in _widgets_without_a_format(path.read_text())
    ]
    assert not wrong, (
        "a date or time widget without format= writes the page language's format, which a "
        "browser's picker shows as empty: use tandem.web.widgets.DateInput, or give format=: "
        + ", ".join(wrong)
    )
