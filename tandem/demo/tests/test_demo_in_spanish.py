"""The demo has a client who chose Spanish, so a visitor can see the portal in Spanish: Marta G.
(client-es@example.org), Tomás Ferreira's client, answered Tandem's own scales in Spanish (and
the PHQ-9 in its own words, as the portal shows it), wrote her notes in Spanish, and has
feedback on her last session waiting."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.accounts.models import User
from tandem.care.models import Client, Goal, PracticePlan
from tandem.demo import DEMO_LOGINS, DEMO_PASSWORD
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

EMAIL = "client-es@example.org"


def marta() -> Client:
    return Client.objects.select_related("user", "therapist").get(user__email=EMAIL)


def test_she_is_among_the_demo_logins_and_chose_spanish() -> None:
    assert EMAIL in dict(DEMO_LOGINS)
    client = marta()
    assert client.display_name == "Marta G." and client.user.language == "es"
    assert client.user.check_password(DEMO_PASSWORD)
    assert client.therapist.email == "therapist2@example.org"
    # Nobody else chose a language: every other page of the demo is as it was.
    assert list(User.objects.exclude(language="").values_list("email", flat=True)) == [EMAIL]


def test_her_answers_say_the_language_they_were_given_in() -> None:
    answered = Response.objects.filter(respondent__email=EMAIL)
    by_scale = dict(answered.values_list("instrument_id", "language").distinct())
    assert by_scale["partnership"] == "es" and by_scale["growth"] == "es"
    assert by_scale["practice_log"] == "es"
    assert by_scale["phq9"] == "en" and by_scale["gad7"] == "en"  # no Spanish shipped
    assert not Response.objects.exclude(respondent__email=EMAIL).filter(language="es").exists()


def test_what_she_wrote_with_her_therapist_is_in_spanish() -> None:
    episode = marta().episodes.get()
    goals = list(Goal.objects.filter(episode=episode).values_list("text", flat=True))
    plans = list(PracticePlan.objects.filter(episode=episode).values_list("title", flat=True))
    notes = [
        r.answers["what_happened"]
        for r in Response.objects.filter(episode=episode, instrument_id="practice_log")
        if r.answers.get("what_happened")
    ]
    assert goals and plans and notes
    spanish = ("mi", "me", "la", "el", "de", "lo", "en", "más", "para", "las", "una")
    for text in goals + plans + notes:
        assert any(word in spanish for word in text.lower().replace(".", " ").split()), text


def test_her_portal_is_in_spanish_with_her_last_session_waiting(client: Any) -> None:
    client.force_login(marta().user)
    html = client.get("/portal/").content.decode()
    assert '<html lang="es"' in html
    assert "Tu última sesión" in html or "tu última sesión" in html
