"""What the untranslated-string check reads on a page (docs/i18n.md, "How the check works").

A page shown in the pseudo-language en-xa has every marked word in accented look-alikes
("[Šîĝñ îñ]"), so a word of plain English letters left on it is a string nobody marked for
translation, or one marked but not yet gathered into the .po files (`make messages`), unless it is
data: a name, an email address, a practice's words. The check takes every text a person can see
or hear (the page's text, its title, and the attributes a screen reader reads or a phone shows),
removes the data it knows, and reports what still has English letters in it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Text inside these is not shown as words.
HIDDEN = {"script", "style", "template", "noscript"}
# Elements that run on within a line: their text joins their neighbours' ("Tan<span>dem</span>").
INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "label",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Attributes whose words a person sees or hears.
SPOKEN = ("title", "alt", "placeholder", "aria-label", "aria-description", "data-label")
# Words a script shows later (docs/i18n.md, "JavaScript"): data-words, data-words-<what>. Their
# placeholders ("{shown}") are the script's to fill, not words.
SCRIPT_WORDS = "data-words"
SCRIPT_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")
# Names that are the same in every language.
NEVER_TRANSLATED = {"Tandem"}
# A run of plain letters and digits; one that has digits in it is a code (a key, a reference),
# not a word.
TOKEN = re.compile(r"[A-Za-z0-9]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in HIDDEN:
            self.hidden += 1
        if tag not in INLINE:
            self.pieces.append("\n")
        for name in SPOKEN:
            if values.get(name):
                self.pieces.append(f"\n{values[name]}\n")
        for name, value in values.items():
            if name == SCRIPT_WORDS or name.startswith(SCRIPT_WORDS + "-"):
                self.pieces.append(f"\n{SCRIPT_PLACEHOLDER.sub(' ', value)}\n")
        if (
            tag == "input"
            and values.get("type") in ("submit", "button", "reset")
            and values.get("value")
        ):
            self.pieces.append(f"\n{values['value']}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag not in INLINE:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def visible_lines(html: str) -> list[str]:
    """The page's words as a person meets them, a line per block of text."""
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.pieces)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def english_left(html: str, data: set[str]) -> list[str]:
    """The lines of the page that still have English on them once ``data`` is taken out."""
    found = []
    known = sorted((d for d in data if d and d.strip()), key=len, reverse=True)
    for line in visible_lines(html):
        rest = line
        for value in known:
            rest = rest.replace(value, " ")
        words = [
            w
            for w in TOKEN.findall(rest)
            if len(w) > 1 and w.isalpha() and w not in NEVER_TRANSLATED
        ]
        if words:
            found.append(line)
    return found
