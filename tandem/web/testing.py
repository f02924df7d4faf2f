"""For tests of forms sent with errors: what a person sees and what a screen reader reads.

``form_page(response)`` parses the page and checks that every id it points at is there, once;
``page.value(id)`` is what a field holds (so a test can check the typed input came back),
``page.error(id)`` the error tied to a field through its ``aria-describedby`` (its own, or its
group's fieldset for radios), and ``page.messages`` the messages at the top of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: list[Element] = field(default_factory=list, repr=False)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.by_id: dict[str, Element] = {}
        self.open: list[tuple[str, Element]] = []
        self.messages: list[str] = []
        self._in_messages = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        element = Element(tag, values, parents=[e for _, e in self.open])
        self.elements.append(element)
        if "id" in values:
            self.by_id[values["id"]] = element
        if tag not in VOID:
            self.open.append((tag, element))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                closed = self.open[i:]
                del self.open[i:]
                for _, element in closed:
                    if element.tag == "li" and any(
                        "messages" in e.attrs.get("class", "").split() for _, e in self.open
                    ):
                        self.messages.append(" ".join(element.text.split()))
                return

    def handle_data(self, data: str) -> None:
        for _, element in self.open:
            element.text += data


class FormPage:
    def __init__(self, html: str) -> None:
        parser = _Parser()
        parser.feed(html)
        self.elements, self.by_id, self.messages = parser.elements, parser.by_id, parser.messages

    def value(self, id: str) -> Any:
        """What the field holds: an input's value, a textarea's text, a select's chosen value,
        the checked value of a group of radios (by the group's id)."""
        element = self.by_id[id]
        if element.tag == "textarea":
            return element.text.removeprefix("\n")
        if element.tag == "select":
            chosen = [
                e.attrs.get("value")
                for e in self.elements
                if e.tag == "option" and element in e.parents and "selected" in e.attrs
            ]
            return chosen[0] if chosen else None
        if element.tag == "input":
            if element.attrs.get("type") == "checkbox":
                return "checked" in element.attrs
            return element.attrs.get("value")
        checked = [
            e.attrs.get("value")
            for e in self.elements
            if e.tag == "input" and element in e.parents and "checked" in e.attrs
        ]
        return checked[0] if checked else None

    def error(self, id: str) -> str:
        """The error text tied to the field ``id``: named by the field's aria-describedby (or,
        for a group of radios, its fieldset's), and present on the page. '' when there is none."""
        error_id = f"{id}_error"
        if error_id not in self.by_id:
            return ""
        field = self.by_id.get(id)
        if field is None:
            return ""
        # The field itself, or the fieldset around a group of radios or checkboxes.
        holders = [field, *(p for p in field.parents if p.tag == "fieldset")]
        if not any(error_id in h.attrs.get("aria-describedby", "").split() for h in holders):
            return ""
        return " ".join(self.by_id[error_id].text.split())

    def dangling(self) -> list[str]:
        """References to ids not on the page, and ids used twice (see test_page_ids)."""
        found = [
            f'<{e.tag} {name}="{ref}">'
            for e in self.elements
            for name in ("for", "aria-describedby", "aria-labelledby")
            if name in e.attrs
            for ref in e.attrs[name].split() or [""]
            if ref not in self.by_id
        ]
        seen: set[str] = set()
        for e in self.elements:
            if "id" in e.attrs:
                if e.attrs["id"] in seen:
                    found.append(f'id="{e.attrs["id"]}" twice')
                seen.add(e.attrs["id"])
        return found


def form_page(response: Any) -> FormPage:
    """The page, checked on the way that every id it points at is there, once."""
    page = FormPage(response.content.decode())
    assert page.dangling() == []
    return page
