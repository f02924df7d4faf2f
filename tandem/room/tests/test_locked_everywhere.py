"""A handed-over device reaches nothing but the room: every other address, however it is asked
for, answers with the locked screen and locks the device (the server decides, not the page)."""

from __future__ import annotations

import pytest

from tandem.api.actions import create_token
from tandem.audit.models import AuditEvent
from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "/",
    "/caseload/",
    "/clients/{client}/",
    "/sessions/{session}/",
    "/sessions/{session}/respond/partnership_mirror/",
    "/reports/episodes/{episode}/",
    "/clients/{client}/record/",
    "/portal/",
    "/portal/support/",
    "/practice/",
    "/accounts/sessions/",
    "/accounts/login/",
    "/accounts/password/",
    "/settings/tokens/",
    "/django-admin/",
    "/api/v1/clients",
    "/api/v1/clients/{client}",
    "/api/v1/episodes/{episode}/scores",
    "/no-such-page/",
]


def _url(template, people):
    return template.format(
        client=people.client.pk, session=people.session.pk, episode=people.episode.pk
    )


@pytest.mark.parametrize("template", ELSEWHERE)
def test_every_other_address_answers_the_locked_screen(handed, people, template):
    response = handed.get(_url(template, people))
    assert response.status_code == 423
    page = plain_spaces(response.content.decode())
    assert "Please hand this device back" in page
    for name in ("Ada L.", "Ben K.", "therapist@harbour.test", "Harbour", "Caseload"):
        assert name not in page
    handover = Handover.objects.get()
    assert handover.lock_reason == "left"
    # Once locked, the room's own pages show only the locked screen too.
    assert b"Please hand this device back" in handed.get("/room/").content


def test_writes_elsewhere_are_refused_and_change_nothing(handed, people):
    for url in (
        f"/episodes/{people.episode.pk}/end/",
        f"/clients/{people.client.pk}/invite/",
        "/accounts/logout/",
        "/api/v1/responses",
    ):
        response = handed.post(url, {"reason": "graduated", "email": "x@example.test"})
        assert response.status_code == 423, url
    people.episode.refresh_from_db()
    assert people.episode.status == "active"
    # Still signed in (and still locked): the client cannot sign the therapist out to get past it.
    assert handed.get("/room/").status_code == 200


def test_the_api_with_the_session_cookie_is_locked_out_even_with_a_token(handed, people):
    _, token = create_token(people.therapist, people.therapist, "laptop")
    response = handed.get(
        f"/api/v1/clients/{people.client.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 423
    assert b"Ada" not in response.content


def test_leaving_is_audited_with_where_it_went(handed, people):
    handed.get("/caseload/")
    locked = AuditEvent.objects.get(action="room.lock")
    assert locked.detail["reason"] == "left" and locked.detail["path"] == "/caseload/"
    assert locked.actor_id == people.therapist.pk


def test_a_locked_device_cannot_answer(handed, people):
    handed.get("/caseload/")
    response = handed.post("/room/answer/partnership/", {"heard": "5"})
    assert response.status_code == 423
    assert not Response.objects.exists()


def test_static_files_still_load_while_handed_over(handed):
    # The room's own style and script (not a record): the locked screen needs them too.
    handed.get("/static/room/room.css")
    assert Handover.objects.get().locked_at is None


def test_without_a_handover_the_room_is_not_found(client, people):
    client.force_login(people.therapist)
    for url in ("/room/", "/room/support/", "/room/answer/partnership/"):
        assert client.get(url).status_code == 404
    for url in ("/room/lock/", "/room/unlock/", "/room/still-here/"):
        assert client.post(url, {"secret": "a-long-test-password"}).status_code == 404
    client.logout()
    assert client.get("/room/").status_code == 404


def test_a_device_whose_handover_was_erased_with_its_client_is_signed_out(handed, people):
    """Erasing the client deletes their handover; the device holding it may still be in their
    hands, so it is signed out rather than freed: nothing of the record, and a sign-in asked."""
    from tandem.care.erasure import erase_client

    erase_client(people.admin, people.client, people.client.display_name)
    assert not Handover.objects.exists()
    response = handed.get("/caseload/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert handed.get("/api/v1/clients").status_code == 401
    assert AuditEvent.objects.filter(action="room.gone", actor=people.therapist).count() == 1


@pytest.mark.parametrize(
    "path", ["/static/no-such-file.css", "/static/../caseload/", "/static/%2e%2e/caseload/"]
)
def test_an_address_under_static_that_is_no_file_shows_nothing_of_the_clinic(handed, people, path):
    """Static files load without locking the device, but an address under /static/ that is no
    file used to get the signed-in 'Page not found': the practice's name, the staff's menu and a
    sign-out form, on the device in the client's hands. Now a bare 'not found'."""
    response = handed.get(path)
    assert response.status_code == 404
    page = plain_spaces(response.content.decode())
    for shown in ("Harbour", "Caseload", "Therapist", "Sign out", "Ada L.", "csrfmiddlewaretoken"):
        assert shown not in page, shown
    # Still handed over and not locked: a missing picture does not end a questionnaire.
    assert Handover.objects.get().locked_at is None
    assert handed.get("/caseload/").status_code == 423
