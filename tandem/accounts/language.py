"""Which language a person reads Tandem in (docs/i18n.md).

On a page: the language the person chose (``User.language``); with none chosen, the first
language their browser asks for that Tandem has (Accept-Language); failing that, their practice's
(``Practice.language``); failing that, English (LANGUAGE_CODE). Away from a page (an email the
worker sends), there is no browser: the person's choice, else their practice's, else English.
The JSON API is read by programs: it answers in English whoever asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header


def supported(code: str | None) -> str | None:
    """The language Tandem has for ``code`` (``es-mx`` -> ``es``), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


# The JSON API (its answers, its errors, its description) is read by programs and written for by
# developers: English, whatever the caller chose or their browser asks for (docs/i18n.md).
API_PATH = "/api/"


def default() -> str:
    """Tandem's own language (LANGUAGE_CODE): English."""
    return supported(settings.LANGUAGE_CODE) or settings.LANGUAGE_CODE


def choices() -> list[tuple[str, str]]:
    """The languages a person or a practice may choose, each named in itself."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def browser_language(request: HttpRequest) -> str | None:
    """The first language the browser asks for that Tandem has (as Django's LocaleMiddleware
    reads Accept-Language, without its cookie or address prefix: Tandem sets neither)."""
    header = request.headers.get("Accept-Language", "")
    for code, quality in parse_accept_lang_header(header):
        if code == "*" or quality <= 0:
            # "*" is any language: Tandem's own will do. A quality of 0 is "not this one", and
            # every code after it in the sorted list has 0 too.
            break
        if language_code_re.search(code) and (found := supported(code)):
            return found
    return None


def _practice_language(user: Any) -> str | None:
    practice = getattr(user, "practice", None) if getattr(user, "practice_id", None) else None
    return supported(practice.language) if practice is not None else None


def page_language(request: HttpRequest) -> str:
    """The language of the page ``request`` asks for."""
    if request.path_info.startswith(API_PATH):
        return default()
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return (
        (supported(user.language) if signed_in else None)  # type: ignore[union-attr]
        or browser_language(request)
        or (_practice_language(user) if signed_in else None)
        or default()
    )


def recipient_language(user: Any, *, reading: str | None = None) -> str:
    """The language to write to ``user`` in, away from their browser: their choice, else
    ``reading`` (the language of the page they are on, when they asked for the email
    themselves), else their practice's, else English."""
    return (
        supported(getattr(user, "language", ""))
        or supported(reading)
        or _practice_language(user)
        or default()
    )


@contextmanager
def writing_to(user: Any, *, reading: str | None = None) -> Iterator[str]:
    """``with writing_to(user):`` renders an email (its subject, its words, its dates) in the
    recipient's language, whatever language is active around it; gives the language."""
    language = recipient_language(user, reading=reading)
    with translation.override(language):
        yield language
