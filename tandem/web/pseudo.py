"""The pseudo-languages, made from the .po files, never written by hand (docs/i18n.md).

``en-xa`` turns every message into accented look-alikes in brackets: "Sign in" becomes
"[Šîĝñ îñ]". A page shown in it that still has plain English words on it has a string nobody
marked for translation (tests/i18n). ``ar-xb`` is the same text written right to left (a page in
it has ``dir="rtl"``), to check that layouts mirror. The codes are the ones Chrome and Android use
for their own pseudo-locales. Only the test suite offers them (its ``pseudo_languages`` fixture
adds them to LANGUAGES and their catalogs to LOCALE_PATHS); Tandem itself never does, so a
browser or a form asking for one gets English (tandem/accounts/tests/test_language_attacked.py).

Every message of every .po file of a real language is taken (Tandem's apps', Django's own and
the installed packages'), so Django's own words ("This field is required.") are pseudo too. A
message under the context "date format" is a format for Django's ``date`` filter and is kept as it
is, so that dates still read as dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tandem.web.catalogs import Entry, read_po, write_mo

ACCENTED = "en-xa"
RIGHT_TO_LEFT = "ar-xb"
CODES = (ACCENTED, RIGHT_TO_LEFT)
# Django's LANG_INFO for the two codes (tandem.web's app config adds them; naming a language is
# not offering it): bidi is what sets dir="rtl".
LANG_INFO = {
    ACCENTED: {
        "bidi": False,
        "code": ACCENTED,
        "name": "Pseudo-language (accented)",
        "name_local": "[Þšéûðö]",
    },
    RIGHT_TO_LEFT: {
        "bidi": True,
        "code": RIGHT_TO_LEFT,
        "name": "Pseudo-language (right to left)",
        "name_local": "\u202e[Þšéûðö]\u202c",
    },
}

LOOK_ALIKES = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "âƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What must come through as it is: a placeholder (%(name)s, %s, %d, %%, {name}), an HTML tag or
# entity (a message may carry a link), and a URL.
KEEP = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}"
    r"|<[^<>]+>"
    r"|&#?[A-Za-z0-9]+;"
    r"|https?://\S+"
)
RLO, PDF = "\u202e", "\u202c"
KEPT_CONTEXTS = ("date format",)
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def accented(text: str) -> str:
    """'Sign in' -> '[Šîĝñ îñ]', with every placeholder, tag and entity kept as it was."""
    if not text.strip():
        return text
    out, last = [], 0
    for match in KEEP.finditer(text):
        out.append(text[last : match.start()].translate(LOOK_ALIKES))
        out.append(match.group())
        last = match.end()
    out.append(text[last:].translate(LOOK_ALIKES))
    return f"[{''.join(out)}]"


# Unicode does not turn arrows round in right-to-left text; a translator writes them the other
# way ("← Back" becomes "→ …"), and so does the pseudo-language.
TURNED_ARROWS = str.maketrans("←→", "→←")


def right_to_left(text: str) -> str:
    """The accented text, forced right to left as Arabic or Hebrew would run, its arrows turned
    round as a translator would write them."""
    return f"{RLO}{accented(text).translate(TURNED_ARROWS)}{PDF}" if text.strip() else text


def messages(entries: Iterable[Entry], language: str) -> dict[str, str]:
    """A compiled catalog's contents for ``language`` made from ``entries``' msgids."""
    make = right_to_left if language == RIGHT_TO_LEFT else accented
    result = {
        "": f"Content-Type: text/plain; charset=UTF-8\nLanguage: {language}\n"
        f"Plural-Forms: {PLURAL_FORMS}\n"
    }
    for entry in entries:
        if entry.obsolete or entry.is_header:
            continue
        kept = entry.context in KEPT_CONTEXTS
        one = entry.msgid if kept else make(entry.msgid)
        if entry.msgid_plural:
            other = entry.msgid_plural if kept else make(entry.msgid_plural)
            result[entry.key] = f"{one}\0{other}"
        else:
            result[entry.key] = one
    return result


def source_files(locale_dirs: Iterable[Path], languages: Iterable[str]) -> Iterator[Path]:
    """Every django.po of the real ``languages`` under ``locale_dirs``."""
    for directory in locale_dirs:
        for language in languages:
            path = Path(directory) / to_locale(language) / "LC_MESSAGES" / "django.po"
            if path.exists():
                yield path


def build(directory: Path, sources: Iterable[Path]) -> None:
    """Write both pseudo-languages' catalogs under ``directory`` (a LOCALE_PATHS entry)."""
    entries = [entry for path in sources for entry in read_po(path)]
    for language in CODES:
        write_mo(
            messages(entries, language),
            directory / to_locale(language) / "LC_MESSAGES" / "django.mo",
        )


def to_locale(language: str) -> str:
    # django.utils.translation.to_locale, without importing Django's translation machinery here.
    lang, _, country = language.lower().partition("-")
    return (
        f"{lang}_{country.upper() if len(country) <= 2 else country.title()}" if country else lang
    )


def django_locale_dirs() -> list[Path]:
    """Where Django looks for catalogs, as DjangoTranslation does: its own, every installed
    app's, then LOCALE_PATHS."""
    import django
    from django.apps import apps
    from django.conf import settings

    return [
        Path(django.__file__).parent / "conf" / "locale",
        *(Path(app.path) / "locale" for app in apps.get_app_configs()),
        *(Path(p) for p in settings.LOCALE_PATHS),
    ]


def real_languages() -> list[str]:
    """Every language Tandem offers but English (whose words are the msgids)."""
    from django.conf import settings

    return [
        code for code, _ in settings.LANGUAGES if code not in CODES and not code.startswith("en")
    ]
