"""The practice admin manages people, assignments and what is collected — not clinical answers."""

import pytest

from tandem.accounts.models import Supervision
from tandem.measures.models import Schedule

pytestmark = pytest.mark.django_db


def test_it_shows_the_admin_the_practices_people_only(client, people):
    client.force_login(people.admin)
    page = client.get("/practice/")
    assert b"therapist@harbour.test" in page.content
    assert b"outsider@elsewhere.test" not in page.content


def test_it_moves_a_client_to_another_therapist(client, people):
    client.force_login(people.admin)
    client.post(f"/practice/clients/{people.client.pk}/assign/", {"therapist": people.colleague.pk})
    people.client.refresh_from_db()
    people.episode.refresh_from_db()
    assert people.client.therapist == people.colleague
    assert people.episode.therapist == people.colleague


def test_it_refuses_to_assign_to_a_therapist_of_another_practice(client, people):
    client.force_login(people.admin)
    page = client.post(
        f"/practice/clients/{people.client.pk}/assign/",
        {"therapist": people.outsider.pk},
        follow=True,
    )
    assert b"Choose a therapist in this practice" in page.content
    people.client.refresh_from_db()
    assert people.client.therapist == people.therapist


def test_it_answers_404_for_another_practices_client(client, people):
    client.force_login(people.admin)
    assert (
        client.post(
            f"/practice/clients/{people.outsider_client.pk}/assign/",
            {"therapist": people.therapist.pk},
        ).status_code
        == 404
    )


def test_it_keeps_the_admin_out_of_clinical_pages(client, people):
    client.force_login(people.admin)
    assert client.get(f"/clients/{people.client.pk}/").status_code == 404
    assert client.get(f"/sessions/{people.session.pk}/").status_code == 404
    assert client.get("/caseload/").status_code == 404


def test_it_changes_when_an_instrument_is_collected(client, people):
    client.force_login(people.admin)
    client.post(
        "/practice/instruments/",
        {"instrument_id": "growth", "timepoints": ["every_n"], "every_n": "6", "active": "on"},
    )
    schedule = Schedule.objects.get(practice=people.practice, instrument_id="growth")
    assert schedule.timepoints == ["every_n"] and schedule.every_n == 6 and schedule.active


def test_it_explains_a_bad_schedule(client, people):
    client.force_login(people.admin)
    page = client.post(
        "/practice/instruments/",
        {"instrument_id": "growth", "timepoints": ["every_n"], "every_n": "0", "active": "on"},
        follow=True,
    )
    assert b"number of sessions between collections" in page.content
    assert Schedule.objects.get(practice=people.practice, instrument_id="growth").every_n == 4


def test_it_links_a_supervisor_to_a_therapist(client, people):
    client.force_login(people.admin)
    client.post(
        "/practice/supervision/",
        {"supervisor": people.supervisor.pk, "therapist": people.colleague.pk, "active": "1"},
    )
    assert Supervision.objects.filter(
        supervisor=people.supervisor, therapist=people.colleague
    ).exists()


def test_it_lists_instruments_with_their_licence(client, people):
    client.force_login(people.admin)
    page = client.get("/practice/instruments/")
    assert b"phq9" in page.content and b"partnership" in page.content
