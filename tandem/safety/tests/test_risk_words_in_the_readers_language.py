"""A risk question's words for staff (what an answer means, what the question asks about) come
from its instrument file, with the file's translations: a Spanish reader reads the PHQ-9's item 9
in Spanish on the caseload, the client's page, the risk alerts page, the progress report, the
"left blank" prompt and the schedule's "what stops" list, whatever language the alert was raised
in. The JSON API keeps the English."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.api.tests.conftest import token_for
from tandem.measures import registry
from tandem.measures.actions import submit_response
from tandem.safety.models import RiskAlert
from tandem.safety.tests.test_risk_answers import submit

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
LABEL_ES = "Ha tenido pensamientos de que sería mejor morir o de hacerse daño"
LABEL_EN = "Has had thoughts of being better off dead or of self-harm"
TOPIC_ES = "pensamientos de hacerse daño"


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    yield
    translation.deactivate()


def test_an_alerts_meaning_is_in_the_readers_language(client: Any, people: Any) -> None:
    submit(client, people, 2)
    alert = RiskAlert.objects.get()
    assert alert.label == LABEL_EN  # stored as the file writes it
    client.force_login(people.therapist)
    caseload = client.get("/caseload/", **SPANISH).content.decode()
    # Inside the caseload's and the report's sentences, the topic (test_risk_words_inside_a_sentence).
    assert "Alerta de riesgo abierta desde el" in caseload and TOPIC_ES in caseload
    page = client.get(f"/clients/{people.client.pk}/", **SPANISH).content.decode()
    report = client.get(f"/reports/episodes/{people.episode.pk}/", **SPANISH).content.decode()
    assert LABEL_ES in page
    assert f"({TOPIC_ES})" in report
    for html in (caseload, page, report):
        assert LABEL_EN not in html and "self-harm" not in html
    client.force_login(people.admin)
    assert LABEL_ES in client.get("/practice/risk/", **SPANISH).content.decode()
    # In English, as before.
    client.force_login(people.therapist)
    assert "thoughts of self-harm" in client.get("/caseload/").content.decode()


def test_an_alert_from_an_instrument_no_longer_there_keeps_its_stored_words(
    client: Any, people: Any
) -> None:
    submit(client, people, 2)
    RiskAlert.objects.update(instrument_id="gone", label="Words stored when it was raised")
    with translation.override("es"):
        assert RiskAlert.objects.get().shown_label == "Words stored when it was raised"


def test_a_blank_risk_question_names_its_topic_in_the_readers_language(
    client: Any, people: Any
) -> None:
    answers = {f"q{i}": 2 for i in range(1, 9)}  # question 9 left blank
    submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)
    client.force_login(people.therapist)
    spanish = client.get("/caseload/", **SPANISH).content.decode()
    assert (
        "La pregunta 9 del PHQ-9 (pensamientos de hacerse daño) quedó en blanco en la sesión 1"
        in spanish
    )
    english = client.get("/caseload/").content.decode()
    assert "PHQ-9 question 9 (thoughts of self-harm) was left blank at session 1" in english
    # The API, read by programs, keeps the English sentence whatever the reader's language.
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(people.therapist)}", **SPANISH}
    scores = client.get(f"/api/v1/episodes/{people.episode.pk}/scores", **headers).json()
    (blank,) = [a for a in scores["alerts"] if a["kind"] == "risk_item_blank"]
    assert "(thoughts of self-harm)" in blank["sentence"]


def test_what_stops_with_the_phq9_names_its_risk_question_in_spanish() -> None:
    phq9 = registry.get("phq9")
    with translation.override("es"):
        assert any("(pensamientos de hacerse daño)" in line for line in registry.what_stops(phq9))
    with translation.override("en"):
        assert any("(thoughts of self-harm)" in line for line in registry.what_stops(phq9))
