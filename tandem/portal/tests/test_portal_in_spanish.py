"""A client whose browser asks for Spanish reads the portal, a questionnaire and the crisis page
in Spanish; a questionnaire Tandem has no Spanish for says so, in Spanish."""

import pytest

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_the_portal_s_home_is_in_spanish(client, people):
    client.force_login(people.client_user)
    text = client.get("/portal/", **SPANISH).content.decode()
    for words in (
        "Hola, Ada\u00a0L.",
        "Pendiente ahora",
        "¿Qué tal tu última sesión?",
        "Qué hacer en una crisis",
    ):
        assert words in text
    assert "Due now" not in text


def test_the_phq9_says_in_spanish_that_it_is_shown_in_english(client, people):
    client.force_login(people.client_user)
    page = client.get(f"/portal/sessions/{people.session.pk}/phq9/", **SPANISH)
    text = page.content.decode()
    note = "Este cuestionario no está disponible en español; se muestra en inglés."
    assert f'<p class="card small" id="language-note">{note}</p>' in text
    assert "Enviar" in text


def test_the_crisis_page_s_fixed_words_are_in_spanish(client, people):
    client.force_login(people.client_user)
    text = client.get("/portal/support/", **SPANISH).content.decode()
    assert "Qué hacer ahora" in text
    assert "llama al número de emergencias de tu zona" in text
    assert "Tandem no es un servicio de urgencias" in text


def test_an_english_browser_sees_no_spanish(client, people):
    client.force_login(people.client_user)
    text = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due now" in text
    assert "Pendiente" not in text


NOT_IN_SPANISH = "Este cuestionario no está disponible en español; se muestra en inglés."


def _due_rows(html):
    rows = html.split('<ul class="due-list">', 1)[1].split("</ul>", 1)[0].split("<li>")[1:]
    return {row.split("<br>", 1)[0]: row for row in rows}


def test_the_home_page_says_which_questionnaires_are_not_in_spanish(client, people):
    client.force_login(people.client_user)
    rows = _due_rows(client.get("/portal/", **SPANISH).content.decode())
    phq9 = rows['<span><span lang="en">Patient Health Questionnaire (PHQ-9)</span>']
    assert NOT_IN_SPANISH in phq9
    assert '<span class="visually-hidden"> Patient Health Questionnaire (PHQ-9)</span>' in phq9
    gad7 = rows['<span><span lang="en">Generalised Anxiety Disorder scale (GAD-7)</span>']
    assert NOT_IN_SPANISH in gad7
    # Tandem's own scales are in Spanish: nothing to say.
    assert NOT_IN_SPANISH not in rows["<span><strong>¿Qué tal tu última sesión?</strong>"]
    assert NOT_IN_SPANISH not in rows["<span><span>Crecimiento</span>"]


def test_in_english_nothing_is_said_about_languages(client, people):
    client.force_login(people.client_user)
    html = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not available in" not in html and "language-note" not in html


def test_a_client_who_chose_spanish_reads_it_with_an_english_browser(client, people):
    people.client_user.language = "es"
    people.client_user.save(update_fields=["language"])
    client.force_login(people.client_user)
    html = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pendiente ahora" in html and NOT_IN_SPANISH in html
    page = client.get(f"/portal/sessions/{people.session.pk}/gad7/", HTTP_ACCEPT_LANGUAGE="en")
    assert NOT_IN_SPANISH in page.content.decode()


def test_the_practice_plan_log_speaks_to_the_client(client, people):
    from django.utils import timezone

    from tandem.care.models import PracticePlan

    plan = PracticePlan.objects.create(episode=people.episode, title="Breathing")
    client.force_login(people.client_user)
    today = timezone.localdate().isoformat()
    sent = {"log_date": today, "practised": "1", "how_it_went": "7"}
    client.post(f"/portal/practice-plan/{plan.pk}/log/", sent, **SPANISH)
    html = client.get("/portal/practice-plan/", **SPANISH).content.decode()
    # The client's own log says "you", not the therapist's "they" of the same English word.
    assert "Breathing: practicaste y te fue un 7/10" in html
