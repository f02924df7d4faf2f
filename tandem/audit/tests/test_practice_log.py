"""The practice log: what admins changed, in plain words, newest first, paged; only for the
practice's own admin (issue 17.12)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from tandem.accounts import twofactor
from tandem.audit.chain import record
from tandem.audit.models import AuditEvent
from tandem.care import actions as care
from tandem.measures.actions import set_schedule

pytestmark = pytest.mark.django_db


def test_it_shows_what_the_admin_changed_in_plain_words(client, people):
    set_schedule(people.admin, "phq9", ["every_session"], None, False)
    twofactor.set_required(people.admin, True)
    care.assign_client(people.admin, people.client, people.colleague)
    client.force_login(people.admin)
    page = client.get("/practice/log/").content.decode()
    assert "changed the collection schedule — PHQ-9: not collected" in page
    assert "changed whether staff must use two-factor sign-in — required, with 7 days" in page
    assert "changed who the client&#x27;s therapist is — to " in page
    assert "schedule.set" not in page and "practice.two_factor" not in page
    # newest first: the assignment was last
    assert page.index("therapist is") < page.index("two-factor sign-in —") < page.index("PHQ-9")


def test_it_leaves_out_what_people_only_looked_at(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.admin)
    page = client.get("/practice/log/").content.decode()
    assert "looked at the client" not in page and "Nothing recorded yet" in page


def test_it_filters_by_kind(client, people):
    set_schedule(people.admin, "gad7", ["every_session"], None, True)
    twofactor.set_required(people.admin, False)
    client.force_login(people.admin)
    page = client.get("/practice/log/?kind=two-factor").content.decode()
    assert "no longer required" in page and "GAD-7" not in page
    assert '<option value="two-factor" selected>' in page


def test_it_pages_the_log_with_links_that_keep_the_filter(client, people):
    start = timezone.now() - timedelta(days=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=start + timedelta(minutes=i),
            actor=people.admin,
            practice_id=people.admin.practice_id,
            action="schedule.set",
            detail={"instrument": "phq9", "active": i % 2 == 0},
        )
        for i in range(60)
    )
    client.force_login(people.admin)
    first = client.get("/practice/log/?kind=schedules").content.decode()
    assert first.count("changed the collection schedule") == 50
    assert 'href="?kind=schedules&amp;page=2" rel="next"' in first
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1<' in first
    second = client.get("/practice/log/?kind=schedules&page=2").content.decode()
    assert second.count("changed the collection schedule") == 10
    assert "Page 2 of 2" in second


def test_it_is_in_the_admins_menu(client, people):
    client.force_login(people.admin)
    page = client.get("/practice/").content.decode()
    assert 'href="/practice/log/"' in page
    client.force_login(people.therapist)
    assert 'href="/practice/log/"' not in client.get("/caseload/").content.decode()


def test_a_therapist_or_supervisor_gets_not_found(client, people):
    for person in (people.therapist, people.supervisor, people.client_user):
        client.force_login(person)
        assert client.get("/practice/log/").status_code == 404


def test_another_practices_admin_sees_only_their_own_practice(client, people):
    set_schedule(people.admin, "phq9", ["every_session"], None, False)
    elsewhere_admin = make_user(
        "admin@elsewhere.test", people.outsider.practice, is_practice_admin=True
    )
    client.force_login(elsewhere_admin)
    page = client.get("/practice/log/")
    assert page.status_code == 200 and "PHQ-9" not in page.content.decode()
    assert client.get(f"/practice/clients/{people.client.pk}/audit/").status_code == 404


def test_an_erased_client_is_named_as_erased_not_by_name(client, people):
    record(
        actor=people.admin,
        action="client.erase",
        client_id=999_999,
        practice_id=people.admin.practice_id,
    )
    client.force_login(people.admin)
    page = client.get("/practice/log/?kind=erasure").content.decode()
    assert "erased the client&#x27;s record" in page and ">erased<" in page
