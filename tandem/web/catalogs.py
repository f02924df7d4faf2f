"""Translation catalogs read and written without gettext's tools: the reader checks the committed
.mo files against their .po files (tests/i18n), and the pseudo-languages are made from the .po
files (tandem.web.pseudo). Compiling a real language is `make messages` (GNU msgfmt, which also
checks every placeholder); this module never writes a real language's catalog.

A .po entry is read as gettext keeps it in a compiled catalog: the key is the msgid (with its
context as ``context\\x04msgid``, and for a plural its msgid_plural after a NUL), the value the
msgstr (a plural's forms joined by NULs).
"""

from __future__ import annotations

import ast
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str
    msgid_plural: str = ""
    context: str = ""
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        key = self.msgid if not self.msgid_plural else f"{self.msgid}\0{self.msgid_plural}"
        return f"{self.context}\x04{key}" if self.context else key

    @property
    def translated(self) -> bool:
        """Has every form a translation, and is not marked fuzzy (msgfmt leaves out both)."""
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and not self.context


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header first (msgid ""), obsolete ones (#~) marked."""
    return parse_po(path.read_text(encoding="utf-8"), str(path))


def parse_po(text: str, path: str = "<po>") -> list[Entry]:
    """The entries of a .po file's text."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    part = ""  # which string a continuation line belongs to
    index = 0

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # an obsolete entry's previous msgid
                continue
        if not line:
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        text = _unquote(rest, path, number)
        if keyword in ("msgctxt", "msgid") and current is not None and current.msgstr:
            finish()
        if current is None:
            current = Entry(msgid="", flags=flags, obsolete=obsolete)
            flags = set()
        if keyword == "msgctxt":
            part, current.context = "msgctxt", text
        elif keyword == "msgid":
            part, current.msgid = "msgid", text
        elif keyword == "msgid_plural":
            part, current.msgid_plural = "msgid_plural", text
        elif keyword.startswith("msgstr"):
            part = "msgstr"
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = text
        elif keyword == "":
            if part == "msgctxt":
                current.context += text
            elif part == "msgid":
                current.msgid += text
            elif part == "msgid_plural":
                current.msgid_plural += text
            elif part == "msgstr":
                current.msgstr[index] += text
        else:
            raise ValueError(f"{path}:{number}: cannot read {line[:40]!r}")
    finish()
    return entries


def _unquote(text: str, path: str, number: int) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"{path}:{number}: expected a quoted string, not {text[:40]!r}")
    # A .po string's escapes (\n, \t, \", \\) are Python's.
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def catalog(entries: Iterable[Entry]) -> dict[str, str]:
    """What a compiled catalog holds: the header (msgfmt leaves out its POT-Creation-Date) and
    every translated, current entry."""
    result = {}
    for entry in entries:
        if entry.obsolete or not (entry.is_header or entry.translated):
            continue
        value = "\0".join(entry.msgstr)
        if entry.is_header:
            value = "".join(
                line for line in value.splitlines(True) if not line.startswith("POT-Creation-Date:")
            )
        result[entry.key] = value
    return result


def read_mo(path: Path) -> dict[str, str]:
    """A compiled catalog's keys and values, as ``catalog`` gives them for its .po file."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, count, originals, translations = struct.unpack(f"{order}4I", data[4:20])
    result = {}
    for i in range(count):
        length, offset = struct.unpack(
            f"{order}2I", data[originals + 8 * i : originals + 8 * i + 8]
        )
        key = data[offset : offset + length].decode("utf-8")
        length, offset = struct.unpack(
            f"{order}2I", data[translations + 8 * i : translations + 8 * i + 8]
        )
        result[key] = data[offset : offset + length].decode("utf-8")
    return result


def write_mo(messages: dict[str, str], path: Path) -> None:
    """A compiled catalog (GNU .mo, little-endian, no hash table) of ``messages``."""
    keys = sorted(messages)
    ids = [key.encode("utf-8") for key in keys]
    strs = [messages[key].encode("utf-8") for key in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets: list[tuple[int, int]] = []
    blob = b""
    for text in ids + strs:
        offsets.append((len(text), start + len(blob)))
        blob += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + table + blob)
