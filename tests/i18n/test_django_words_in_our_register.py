"""Django's own messages speak to the reader as Tandem does (docs/i18n.md, "Register: Spanish"):
Django's Spanish says "usted" ("Introduzca…", "Asegúrese…", "Su contraseña…") and Spain's
"fichero"; tandem/django_words says each in "tú" and neutral Spanish, and wins over Django's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import django
import pytest
from django.test import Client
from django.utils import translation

from tandem.web.catalogs import read_po

DJANGO = Path(django.__file__).parent
THEIRS = [
    DJANGO / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "es" / "LC_MESSAGES" / "django.po",
]
OURS = Path(__file__).resolve().parents[2] / "tandem" / "django_words" / "locale" / "es"
# "Usted" as Django's Spanish writes it, and Spain's word for a file.
USTED = re.compile(
    r"\b(Introduzca|introduzca|Ingrese|Asegúrese|Escoja|Seleccione|Escriba|Compruebe|Cargue|"
    r"Observe|Por favor|[Ss]u|vuelva|envíe|corrija|ficheros?)\b"
)
# On a page, "su" is as often "their" ("su portal", the client's): only the commands.
USTED_ON_A_PAGE = re.compile(
    r"\b(Introduzca|Ingrese|Asegúrese|Escoja|Seleccione|Escriba|Compruebe|vuelva a|envíe|"
    r"corrija|ficheros?)\b"
)
# Django's pages Tandem never shows: its CSRF failure page (Tandem has its own, 403_csrf.html),
# its DEBUG welcome page, the admin's "File path" column, usernames (Tandem signs in by email
# with its own wording for a wrong password).
NEVER_SHOWN = (
    "You are seeing this",
    "If you have configured your browser",
    "File path",
    "Please enter a correct %(username)s",
    "Enter a valid username.",
)


def _usted(path: Path) -> dict[str, str]:
    return {
        e.msgid: e.msgstr[0]
        for e in read_po(path)
        if not e.is_header and not e.obsolete and any(USTED.search(m) for m in e.msgstr)
    }


def test_every_message_django_says_as_usted_is_said_as_tu() -> None:
    ours = {e.msgid: e for e in read_po(OURS / "LC_MESSAGES" / "django.po") if not e.is_header}
    left = sorted(
        msgid
        for path in THEIRS
        for msgid in _usted(path)
        if msgid not in ours and not msgid.startswith(NEVER_SHOWN)
    )
    assert not left, (
        f"say these in tú in tandem/django_words (marks.py, then make messages): {left}"
    )
    said_as_usted = sorted(e.msgid for e in ours.values() if any(USTED.search(m) for m in e.msgstr))
    assert not said_as_usted


def test_ours_win_over_django_s_and_its_auth_app_s() -> None:
    with translation.override("es"):
        assert translation.gettext("Enter a valid email address.") == (
            "Escribe una dirección de correo electrónico válida."
        )
        assert translation.gettext(
            "Your old password was entered incorrectly. Please enter it again."
        ) == ("Esa no es tu contraseña actual. Vuelve a escribirla.")
        # Django's own where it already speaks plainly.
        assert translation.gettext("This field is required.") == "Este campo es obligatorio."


@pytest.mark.django_db
def test_a_form_s_mistakes_are_said_as_tu(people: Any) -> None:
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(people.therapist)
    wrong = browser.post(
        "/accounts/password/",
        {"old_password": "not-it", "new_password1": "x", "new_password2": "x"},
    ).content.decode()
    assert "Esa no es tu contraseña actual. Vuelve a escribirla." in wrong
    added = browser.post("/clients/new/", {"display_name": "Eva", "email": "x"}).content.decode()
    assert "Escribe una dirección de correo electrónico válida." in added
    for page in (wrong, added):
        assert not USTED_ON_A_PAGE.search(page.split("<main", 1)[1].split("</main>", 1)[0])


@pytest.mark.django_db
def test_a_password_too_like_the_person_names_what_in_their_language(people: Any) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    people.therapist.full_name = "Fernanda Villalobos"
    said = {}
    for language in ("es", "en-gb"):
        with translation.override(language):
            for password in ("therapist@harbour", "villalobos-fernanda"):
                with pytest.raises(ValidationError) as refused:
                    validate_password(password, people.therapist)
                said[language, password] = refused.value.messages
    assert said == {
        ("es", "therapist@harbour"): ["Tu contraseña se parece demasiado a tu correo electrónico."],
        ("es", "villalobos-fernanda"): ["Tu contraseña se parece demasiado a tu nombre."],
        ("en-gb", "therapist@harbour"): ["The password is too similar to the email address."],
        ("en-gb", "villalobos-fernanda"): ["The password is too similar to the name."],
    }
    validate_password("a-long-test-password", people.therapist)
