"""Each app's translations are whole and their compiled catalogs are up to date (docs/i18n.md).

The .mo files are committed (installing Tandem needs no gettext), so a .po edited without
`make messages` would be served stale: this test finds it. A message left untranslated or fuzzy
would show in English on a Spanish page; one whose placeholders differ from the English would
fail when shown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tandem.web.catalogs import catalog, read_mo, read_po

ROOT = Path(__file__).resolve().parents[2] / "tandem"
PO_FILES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\([^)]+\)[a-z]|%[sd]|\{[a-z_0-9]*\}")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_catalogs() -> None:
    assert {p.parts[-5] for p in PO_FILES} >= {"accounts", "web"}


@pytest.mark.parametrize("po", PO_FILES, ids=_name)
def test_the_compiled_catalog_is_the_po_file(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{_name(mo)} is missing: run `make messages` and commit it"
    assert read_mo(mo) == catalog(read_po(po)), (
        f"{_name(mo)} is not compiled from {_name(po)} as it is now: run `make messages`"
    )


@pytest.mark.parametrize("po", PO_FILES, ids=_name)
def test_every_message_is_translated(po: Path) -> None:
    entries = [e for e in read_po(po) if not e.is_header and not e.obsolete]
    left = [e.msgid for e in entries if not e.translated]
    assert not left, f"{_name(po)}: not translated (or fuzzy): {left}"
    language = po.parts[-3]
    header = next(e for e in read_po(po) if e.is_header).msgstr[0]
    assert f"Language: {language}\n" in header


@pytest.mark.parametrize("po", PO_FILES, ids=_name)
def test_a_translation_keeps_the_placeholders(po: Path) -> None:
    wrong = []
    for entry in read_po(po):
        if entry.is_header or entry.obsolete or not entry.translated:
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for form in entry.msgstr:
            have = set(PLACEHOLDER.findall(form))
            # A plural's singular may say "one" in words instead of its number.
            if have != wanted and not (entry.msgid_plural and have <= wanted):
                wrong.append((entry.msgid, form))
    assert not wrong, f"{_name(po)}: placeholders differ: {wrong}"


def _formatting_fails(msgid: str, form: str) -> str | None:
    """Why ``form`` cannot be filled in the way the code fills ``msgid``, or None: a named
    %-placeholder message is filled with ``%`` and a dict, a {place} message (the core's Said,
    tandem.core.words) with ``format_map``. msgfmt checks only the messages xgettext flagged as
    a format, and a lone "%" or "{" in a translation would fail on the page, not here."""
    from string import Formatter

    named = set(re.findall(r"%\(([^)]+)\)", msgid))
    if named:
        try:
            form % dict.fromkeys(named, 1)
        except (ValueError, TypeError, KeyError) as error:
            return f"%-format: {error}"
    places = {n for _, n, _, _ in Formatter().parse(msgid) if n} if "{" in msgid else set()
    if places:
        try:
            used = {n for _, n, _, _ in Formatter().parse(form) if n is not None}
            form.format_map(dict.fromkeys(places, 1))
        except (ValueError, KeyError, IndexError, AttributeError) as error:
            return f"{{}}-format: {error!r}"
        if not used <= places:
            return f"{{}}-format: places not in the English: {used - places}"
    return None


def test_the_format_check_finds_a_translation_that_cannot_be_filled() -> None:
    assert _formatting_fails("%(count)s sessions", "%(count)s sesiones al 100%") is not None
    assert _formatting_fails("%(count)s sessions", "100%% de %(count)s sesiones") is None
    assert _formatting_fails("{label} is {score}", "{label} es {score}}") is not None
    assert _formatting_fails("{label} is {score}", "{label} es {score.real}") is not None
    assert _formatting_fails("{label} is {score}", "{score} para {label}") is None
    assert _formatting_fails("{label} is {score}", "{label} es {puntos}") is not None


@pytest.mark.parametrize("po", PO_FILES, ids=_name)
def test_a_translation_can_be_filled_as_its_english_is(po: Path) -> None:
    wrong = []
    for entry in read_po(po):
        if entry.is_header or entry.obsolete or not entry.translated:
            continue
        for form in entry.msgstr:
            why = _formatting_fails(entry.msgid_plural or entry.msgid, form)
            if why:
                wrong.append((entry.msgid, form, why))
    assert not wrong, f"{_name(po)}: translations that would fail when shown: {wrong}"


def test_a_message_reads_the_same_in_every_app() -> None:
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins a message two
    apps both translate, so a message worded two ways would read one way or the other depending
    on the order of the apps, not on the page. Each message (with its context) has one wording
    per language."""
    wordings: dict[tuple[str, str], dict[tuple[str, ...], list[str]]] = {}
    for po in PO_FILES:
        language, app = po.parts[-3], po.parts[-5]
        for entry in read_po(po):
            if entry.is_header or entry.obsolete or not entry.translated:
                continue
            said = wordings.setdefault((language, entry.key), {})
            said.setdefault(tuple(entry.msgstr), []).append(app)
    differ = {
        key: {" | ".join(form): apps for form, apps in forms.items()}
        for key, forms in wordings.items()
        if len(forms) > 1
    }
    assert not differ, f"messages worded differently by different apps: {differ}"
