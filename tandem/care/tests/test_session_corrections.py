"""A session's date stays within its episode; the therapist corrects a wrong date or deletes a
session recorded in error, with a reason, audited, the answers moving (or going) with it."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care.models import Session
from tandem.measures.actions import submit_response
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db

PHQ9 = {f"q{i}": 1 for i in range(1, 10)} | {"q9": 0}
GAD7 = {f"q{i}": 2 for i in range(1, 8)}


def _sessions(people, *dates):
    """Sessions 2, 3 … on the given dates after the fixture's session 1 (yesterday)."""
    return [
        Session.objects.create(episode=people.episode, number=n, date=d)
        for n, d in enumerate(dates, start=2)
    ]


def test_it_refuses_a_session_dated_before_the_episode_began_and_keeps_what_was_typed(
    client, people
):
    client.force_login(people.therapist)
    page = client.post(
        f"/episodes/{people.episode.pk}/sessions/new/",
        {"date": "2024-12-30", "attendance": "cancelled"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert (
        "This episode began on 6 Jan 2025, so a session in it cannot be dated 30 Dec 2024" in text
    )
    # Beside the date field, with the date and attendance as they were sent.
    assert 'value="2024-12-30"' in text
    assert re.search(r'value="cancelled"[^>]*checked', text)
    assert people.episode.sessions.count() == 1


def test_the_day_the_episode_began_is_a_valid_session_date(client, people):
    client.force_login(people.therapist)
    response = client.post(
        f"/episodes/{people.episode.pk}/sessions/new/",
        {"date": "2025-01-06", "attendance": "attended"},
    )
    assert response.status_code == 302
    assert people.episode.sessions.filter(date=date(2025, 1, 6)).exists()


def test_it_corrects_a_date_with_a_reason_and_the_scores_move_with_the_session(client, people):
    second, third = _sessions(
        people, timezone.localdate() - timedelta(days=1), timezone.localdate()
    )
    people.session.date = timezone.localdate() - timedelta(days=14)
    people.session.save()
    phq = submit_response(people.client_user, people.episode, "phq9", PHQ9, session=third).response
    client.force_login(people.therapist)
    # Session 3 was really a fortnight earlier still: before session 1.
    wrong_then = timezone.localdate() - timedelta(days=20)
    response = client.post(
        f"/sessions/{third.pk}/correct/",
        {
            "date": wrong_then.isoformat(),
            "reason": "typed the wrong month",
            "episode": people.episode.pk,
        },
        follow=True,
    )
    third.refresh_from_db()
    assert third.date == wrong_then
    assert third.number == 1  # numbered again in date order
    assert [
        s.number
        for s in Session.objects.filter(pk__in=[people.session.pk, second.pk]).order_by("number")
    ] == [2, 3]
    phq.refresh_from_db()
    assert phq.session_id == third.pk  # the answers went with it
    assert (
        "answers and scores moved with it. In date order it is now session 1."
        in response.content.decode()
    )
    event = AuditEvent.objects.get(action="session.correct")
    assert event.client_id == people.client.pk
    assert event.detail["reason"] == "typed the wrong month"
    assert event.detail["date_after"] == wrong_then.isoformat()
    assert event.detail["number_before"] == 3 and event.detail["number_after"] == 1


def test_a_correction_needs_a_reason_and_a_date_inside_the_episode(client, people):
    client.force_login(people.therapist)
    before = people.session.date
    page = client.post(
        f"/sessions/{people.session.pk}/correct/",
        {"date": "2024-06-01", "reason": "", "episode": people.episode.pk},
    )
    assert page.status_code == 400
    assert "This field is required." in page.content.decode()
    page = client.post(
        f"/sessions/{people.session.pk}/correct/",
        {"date": "2024-06-01", "reason": "wrong year", "episode": people.episode.pk},
    )
    assert "This episode began on 6 Jan 2025" in page.content.decode()
    people.session.refresh_from_db()
    assert people.session.date == before
    assert not AuditEvent.objects.filter(action="session.correct").exists()


def test_the_delete_page_says_what_happens_to_the_answers_and_asks_to_confirm(client, people):
    submit_response(people.client_user, people.episode, "phq9", PHQ9, session=people.session)
    submit_response(people.client_user, people.episode, "gad7", GAD7, session=people.session)
    client.force_login(people.therapist)
    page = client.get(f"/sessions/{people.session.pk}/correct/").content.decode()
    assert "Deleting the session also deletes the 2 answers given for it" in page
    assert "PHQ-9" in page and "score 8" in page
    # Without the tick, nothing is deleted.
    page = client.post(
        f"/sessions/{people.session.pk}/delete/",
        {"reason": "recorded for the wrong client", "episode": people.episode.pk},
    )
    assert "Tick the box to confirm" in page.content.decode()
    assert Session.objects.filter(pk=people.session.pk).exists()
    assert Response.objects.filter(session=people.session).count() == 2


def test_it_deletes_a_session_with_its_answers_and_later_sessions_move_up(client, people):
    (second,) = _sessions(people, timezone.localdate())
    submit_response(people.client_user, people.episode, "phq9", PHQ9, session=people.session)
    kept = submit_response(
        people.client_user, people.episode, "phq9", PHQ9, session=second
    ).response
    client.force_login(people.therapist)
    response = client.post(
        f"/sessions/{people.session.pk}/delete/",
        {"reason": "recorded for the wrong client", "confirm": "on", "episode": people.episode.pk},
        follow=True,
    )
    assert (
        "was deleted with its 1 answer; later sessions moved up one number"
        in response.content.decode()
    )
    assert not Session.objects.filter(pk=people.session.pk).exists()
    second.refresh_from_db()
    assert second.number == 1
    assert list(Response.objects.filter(episode=people.episode)) == [kept]
    event = AuditEvent.objects.get(action="session.delete")
    assert event.detail["reason"] == "recorded for the wrong client"
    assert event.detail["answers"] == [{"instrument": "phq9", "role": "client", "total": 8.0}]


def test_a_session_whose_answers_raised_a_risk_alert_is_not_deleted(client, people):
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9 | {"q9": 2}, session=people.session
    )
    assert RiskAlert.objects.filter(episode=people.episode).exists()
    client.force_login(people.therapist)
    assert (
        "This session cannot be deleted"
        in client.get(f"/sessions/{people.session.pk}/correct/").content.decode()
    )
    page = client.post(
        f"/sessions/{people.session.pk}/delete/",
        {"reason": "oops", "confirm": "on", "episode": people.episode.pk},
    )
    assert "raised a risk alert" in page.content.decode()
    assert Session.objects.filter(pk=people.session.pk).exists()
    assert RiskAlert.objects.filter(episode=people.episode).exists()


def test_a_session_already_deleted_is_said_so_and_nothing_else_changes(client, people):
    (second,) = _sessions(people, timezone.localdate())
    client.force_login(people.therapist)
    form = {"reason": "double click", "confirm": "on", "episode": people.episode.pk}
    client.post(f"/sessions/{people.session.pk}/delete/", form)
    again = client.post(f"/sessions/{people.session.pk}/delete/", form, follow=True)
    assert "That session had already been deleted" in again.content.decode()
    correct = client.post(
        f"/sessions/{people.session.pk}/correct/",
        {"date": timezone.localdate().isoformat(), "reason": "x", "episode": people.episode.pk},
        follow=True,
    )
    assert "That session had already been deleted" in correct.content.decode()
    assert Session.objects.get(pk=second.pk).number == 1
    assert AuditEvent.objects.filter(action="session.delete").count() == 1


def test_the_action_says_so_when_the_session_went_between_page_and_change(people):
    from tandem.care import actions

    pk = people.session.pk
    Session.objects.filter(pk=pk).delete()
    with pytest.raises(actions.SessionGone, match="already been deleted"):
        actions.correct_session_date(people.therapist, pk, timezone.localdate(), "x")
    with pytest.raises(actions.SessionGone):
        actions.delete_session(people.therapist, pk, "x")


@pytest.mark.parametrize("who", ["colleague", "supervisor", "outsider", "client_user"])
def test_only_the_therapist_corrects_or_deletes(client, people, who):
    people.client.share_with_supervisor = True
    people.client.save()
    client.force_login(getattr(people, who))
    form = {"reason": "x", "confirm": "on", "episode": people.episode.pk}
    assert client.get(f"/sessions/{people.session.pk}/correct/").status_code in (302, 403, 404)
    assert client.post(f"/sessions/{people.session.pk}/delete/", form).status_code in (
        302,
        403,
        404,
    )
    # Nor can someone else learn that a deleted session was there.
    assert client.post("/sessions/999999/delete/", form).status_code in (302, 403, 404)
    assert Session.objects.filter(pk=people.session.pk).exists()
