"""Ending an episode is confirmed first; a graduated client finds a warm ending page in their
portal (where they started, where they are, what changed, their own words, the door open), crisis
information and the safety plan stay reachable, and "Graduated" is said wherever it applies."""

from datetime import date

import pytest

from tandem.care import actions
from tandem.care.models import Episode, Goal, Session
from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db

PHQ9 = {f"q{i}": 2 for i in range(1, 10)} | {"q9": 0}
FEEDBACK = {"heard": 8, "focus": 8, "fit": 8, "together": 8, "takeaway": 8}


def _course(people):
    people.session.date = date(2025, 2, 3)
    people.session.save()
    last = Session.objects.create(episode=people.episode, number=2, date=date(2025, 4, 7))
    submit_response(people.client_user, people.episode, "phq9", PHQ9, session=people.session)
    submit_response(
        people.client_user, people.episode, "phq9", {f"q{i}": 0 for i in range(1, 10)}, session=last
    )
    submit_response(
        people.client_user,
        people.episode,
        "partnership",
        FEEDBACK | {"next_time": "Going slower with the hard bits"},
        session=people.session,
    )
    Goal.objects.create(episode=people.episode, text="Sleep through the night", status="achieved")


def test_ending_an_episode_asks_for_confirmation_first(client, people):
    client.force_login(people.therapist)
    page = client.post(
        f"/episodes/{people.episode.pk}/end/", {"reason": "graduated", "note": "well done"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "End episode 1 of Ada\u00a0L.?" in html
    assert "portal shows an ending page" in html
    people.episode.refresh_from_db()
    assert people.episode.status == Episode.ACTIVE
    done = client.post(
        f"/episodes/{people.episode.pk}/end/",
        {"reason": "graduated", "note": "well done", "confirm": "yes"},
        follow=True,
    )
    people.episode.refresh_from_db()
    assert people.episode.status == Episode.ENDED and people.episode.end_note == "well done"
    assert "Ada\u00a0L. has graduated" in done.content.decode()
    assert '<span class="badge ended">Graduated</span>' in done.content.decode()


def test_a_graduated_client_sees_a_warm_ending_page(client, people):
    _course(people)
    actions.end_episode(people.therapist, people.episode, "graduated", when=date(2025, 4, 14))
    client.force_login(people.client_user)
    html = client.get("/portal/").content.decode()
    assert "You graduated" in html
    assert "no therapy open" not in html
    assert "Where you started: <strong>16</strong>" in html
    assert "Where you are now: <strong>0</strong>" in html
    assert "That is a real change" in html
    assert "“Going slower with the hard bits”" in html
    assert "Sleep through the night" in html
    assert "The door stays open" in html
    assert "/portal/support/" in html and "My safety plan" in html


def test_a_client_who_withdrew_keeps_crisis_information_without_a_graduation(client, people):
    _course(people)
    actions.end_episode(people.therapist, people.episode, "withdrew")
    client.force_login(people.client_user)
    html = client.get("/portal/").content.decode()
    assert "Your therapy has ended" in html and "You graduated" not in html
    assert "What to do in a crisis" in html and "My safety plan" in html
    assert client.get("/portal/support/").status_code == 200


def test_the_progress_report_pdf_says_graduated(client, people, monkeypatch):
    from tandem.reports import pdf

    _course(people)
    actions.end_episode(people.therapist, people.episode, "graduated", when=date(2025, 4, 14))
    sent = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: sent.append(html) or b"%PDF-")
    client.force_login(people.therapist)
    client.get(f"/reports/episodes/{people.episode.pk}/report.pdf")
    (html,) = sent
    assert "1, graduated, started" in html and "graduated 14 Apr 2025" in html
    assert ", ended" not in html
