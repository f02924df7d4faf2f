"""A client gives feedback on their last session from the portal."""

import pytest

from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

GOOD = {
    "heard": "9",
    "focus": "8",
    "fit": "7",
    "together": "8",
    "takeaway": "6",
    "next_time": "More time on sleep",
}


def url(people):
    return f"/portal/sessions/{people.session.pk}/partnership/"


def test_it_shows_the_session_scale_as_due_on_the_portal(client, people):
    client.force_login(people.client_user)
    page = client.get("/portal/")
    assert page.status_code == 200
    assert b"How was your last session?" in page.content
    assert url(people).encode() in page.content


def test_it_saves_the_answers_and_the_core_computes_the_score(client, people):
    client.force_login(people.client_user)
    response = client.post(url(people), GOOD)
    assert response.status_code == 302
    saved = Response.objects.get(session=people.session, instrument_id="partnership")
    assert saved.total == pytest.approx((9 + 8 + 7 + 8 + 6) / 5)
    assert saved.answers["heard"] == 9
    assert saved.answers["next_time"] == "More time on sleep"
    assert saved.respondent_role == "client"
    assert b"How was your last session?" not in client.get("/portal/").content


def test_it_does_not_store_a_second_response_when_the_form_is_sent_twice(client, people):
    client.force_login(people.client_user)
    client.post(url(people), GOOD)
    again = client.post(url(people), {**GOOD, "heard": "2"}, follow=True)
    assert b"already received" in again.content
    assert Response.objects.filter(session=people.session, instrument_id="partnership").count() == 1
    assert (
        Response.objects.get(session=people.session, instrument_id="partnership").answers["heard"]
        == 9
    )


def test_it_explains_a_missing_answer_next_to_the_question_and_saves_nothing(client, people):
    client.force_login(people.client_user)
    page = client.post(url(people), {**GOOD, "fit": ""})
    assert page.status_code == 400
    assert b"Please choose an answer." in page.content
    assert not Response.objects.filter(session=people.session).exists()


def test_it_rejects_an_answer_outside_the_scale(client, people):
    client.force_login(people.client_user)
    page = client.post(url(people), {**GOOD, "heard": "11"})
    assert b"Please choose one of the answers." in page.content
    assert not Response.objects.exists()


def test_it_answers_404_for_another_clients_session(client, people):
    client.force_login(people.other_client_user)
    assert client.get(url(people)).status_code == 404
    assert client.post(url(people), GOOD).status_code == 404
    assert not Response.objects.exists()


def test_it_keeps_staff_out_of_the_portal(client, people):
    client.force_login(people.therapist)
    assert client.get("/portal/").status_code == 404
    assert client.get(url(people)).status_code == 404


def test_it_does_not_let_a_client_answer_the_therapists_mirror(client, people):
    client.force_login(people.client_user)
    assert (
        client.get(f"/portal/sessions/{people.session.pk}/partnership_mirror/").status_code == 404
    )
