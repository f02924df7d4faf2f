"""A therapist takes on a client, records sessions and fills in their side of each session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Invitation
from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode, Session
from tandem.measures.models import Response
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

MIRROR = {"heard": "9", "focus": "9", "fit": "8", "together": "9", "takeaway": "8"}


def test_it_lists_the_therapists_clients_on_the_caseload(client, people):
    client.force_login(people.therapist)
    page = client.get("/caseload/")
    assert page.status_code == 200
    assert "Ada\u00a0L." in page.content.decode()
    assert "Ben K." not in plain_spaces(page.content.decode())  # a colleague's client
    assert "Cy O." not in plain_spaces(page.content.decode())  # another practice


def test_it_adds_a_client_with_a_first_episode_and_an_invitation(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.therapist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/clients/new/", {"display_name": "Dee P.", "email": "dee@example.test"}
        )
    new = Client.objects.get(display_name="Dee P.")
    assert response.status_code == 302 and response.url == f"/clients/{new.pk}/"
    assert new.therapist == people.therapist and new.practice == people.practice
    assert new.episodes.get().status == Episode.ACTIVE
    assert Invitation.objects.filter(user__email="dee@example.test", role="client").exists()
    assert len(mailoutbox) == 1 and "/accounts/invite/" in mailoutbox[0].body


def test_it_asks_for_the_clients_name(client, people):
    client.force_login(people.therapist)
    page = client.post("/clients/new/", {"display_name": "  ", "email": ""})
    assert page.status_code == 400
    assert b"This field is required" in page.content
    assert Client.objects.count() == 3


def test_it_records_a_session_with_the_next_number(client, people):
    client.force_login(people.therapist)
    today = timezone.localdate()
    response = client.post(
        f"/episodes/{people.episode.pk}/sessions/new/",
        {"date": today.isoformat(), "attendance": "attended"},
    )
    session = Session.objects.get(episode=people.episode, number=2)
    assert response.url == f"/sessions/{session.pk}/"
    assert AuditEvent.objects.filter(action="session.create", client_id=people.client.pk).exists()


def test_it_refuses_a_session_date_in_the_future(client, people):
    client.force_login(people.therapist)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.post(
        f"/episodes/{people.episode.pk}/sessions/new/",
        {"date": tomorrow.isoformat(), "attendance": "attended"},
        follow=True,
    )
    assert b"cannot be in the future" in page.content
    assert people.episode.sessions.count() == 1


def test_it_answers_404_when_a_colleague_records_a_session_for_someone_elses_client(client, people):
    client.force_login(people.colleague)
    response = client.post(
        f"/episodes/{people.episode.pk}/sessions/new/",
        {"date": timezone.localdate().isoformat(), "attendance": "attended"},
    )
    assert response.status_code == 404
    assert people.episode.sessions.count() == 1


def test_it_saves_the_therapists_mirror_scale_for_the_session(client, people):
    client.force_login(people.therapist)
    url = f"/sessions/{people.session.pk}/respond/partnership_mirror/"
    assert client.get(url).status_code == 200
    assert client.post(url, MIRROR).status_code == 302
    saved = Response.objects.get(session=people.session, instrument_id="partnership_mirror")
    assert saved.respondent_role == "therapist" and saved.total == pytest.approx(8.6)


def test_it_keeps_the_therapists_reflection_private_to_them(client, people):
    client.force_login(people.therapist)
    client.post(
        f"/sessions/{people.session.pk}/respond/reflection/",
        {"presence": "7", "learned": "I rushed to fix things", "disclosed": "0"},
    )
    reflection = Response.objects.get(instrument_id="reflection")
    assert reflection.private
    assert b"I rushed to fix things" in client.get(f"/sessions/{people.session.pk}/").content
    people.client.share_with_supervisor = True
    people.client.save()
    client.force_login(people.supervisor)
    page = client.get(f"/sessions/{people.session.pk}/")
    assert page.status_code == 200
    assert b"I rushed to fix things" not in page.content


def test_it_shows_the_clients_feedback_on_the_client_page(client, people):
    client.force_login(people.client_user)
    client.post(
        f"/portal/sessions/{people.session.pk}/partnership/",
        {
            "heard": "4",
            "focus": "5",
            "fit": "5",
            "together": "4",
            "takeaway": "5",
            "next_time": "Slower please",
        },
    )
    client.force_login(people.therapist)
    page = client.get(f"/clients/{people.client.pk}/")
    assert page.status_code == 200
    assert b"Slower please" in page.content
    assert b"4.6" in page.content


def test_it_pauses_resumes_and_ends_an_episode_keeping_history(client, people):
    client.force_login(people.therapist)
    ep = people.episode
    client.post(f"/episodes/{ep.pk}/pause/", {"note": "Holiday"})
    ep.refresh_from_db()
    assert ep.status == Episode.PAUSED
    client.post(f"/episodes/{ep.pk}/resume/")
    ep.refresh_from_db()
    assert ep.status == Episode.ACTIVE
    client.post(
        f"/episodes/{ep.pk}/end/", {"reason": "graduated", "note": "Ready", "confirm": "yes"}
    )
    ep.refresh_from_db()
    assert ep.status == Episode.ENDED and ep.end_reason == "graduated" and ep.ended_on
    assert [e.kind for e in ep.events.all()] == ["paused", "resumed", "ended"]


def test_it_refuses_to_end_without_a_reason(client, people):
    client.force_login(people.therapist)
    page = client.post(f"/episodes/{people.episode.pk}/end/", {"reason": "bored"}, follow=True)
    assert b"Choose how the episode ended" in page.content
    people.episode.refresh_from_db()
    assert people.episode.status == Episode.ACTIVE


def test_it_opens_a_new_episode_for_a_returning_client(client, people):
    client.force_login(people.therapist)
    client.post(f"/episodes/{people.episode.pk}/end/", {"reason": "mutual", "confirm": "yes"})
    client.post(f"/clients/{people.client.pk}/episodes/new/")
    numbers = list(people.client.episodes.values_list("number", "status"))
    assert numbers == [(1, "ended"), (2, "active")]
    assert people.episode.sessions.count() == 1  # history kept


def test_it_refuses_a_second_open_episode(client, people):
    client.force_login(people.therapist)
    page = client.post(f"/clients/{people.client.pk}/episodes/new/", follow=True)
    assert b"already has an open episode" in page.content
    assert people.client.episodes.count() == 1
