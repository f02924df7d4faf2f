"""Clients see who viewed their record; admins view and export a client's trail."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_client_sees_who_looked_at_their_record(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.client_user)
    page = client.get("/portal/who-has-seen-my-record/")
    assert b"Therapist" in page.content and b"looked at your record" in page.content


def test_a_client_does_not_see_another_clients_trail(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.other_client_user)
    page = client.get("/portal/who-has-seen-my-record/")
    assert b"looked at your record" not in page.content


def test_the_admin_exports_a_clients_trail_as_csv(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.admin)
    response = client.get(f"/practice/clients/{people.client.pk}/audit/?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0] == "when,who,action,in_words,object,object_id,from,outcome,sealed"
    assert "therapist@harbour.test,client.view,looked at the client's record" in body
    # Opening the trail seals what was written up to then, this export included.
    assert all(line.endswith(",yes") for line in body.splitlines()[1:])


def test_the_admins_page_marks_records_not_yet_sealed(client, people, monkeypatch):
    from tandem.audit import views

    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    monkeypatch.setattr(views, "seal", lambda: 0)  # as if another sealer held the lock
    client.force_login(people.admin)
    page = client.get(f"/practice/clients/{people.client.pk}/audit/")
    assert b"not yet sealed" in page.content


def test_the_admin_cannot_read_another_practices_trail(client, people):
    client.force_login(people.admin)
    assert client.get(f"/practice/clients/{people.outsider_client.pk}/audit/").status_code == 404


def test_the_admin_reads_a_clients_trail_in_words_newest_first(client, people):
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.get(f"/clients/{people.client.pk}/safety-plan/")
    client.force_login(people.admin)
    page = client.get(f"/practice/clients/{people.client.pk}/audit/").content.decode()
    assert "looked at the client&#x27;s record" in page and "client.view" not in page
    assert page.index("looked at the audit trail") < page.index("looked at the client&#x27;s")


def test_a_long_trail_is_paged(client, people):
    from tandem.audit.models import AuditEvent

    AuditEvent.objects.bulk_create(
        AuditEvent(actor=people.therapist, client_id=people.client.pk, action="client.view")
        for _ in range(120)
    )
    client.force_login(people.admin)
    url = f"/practice/clients/{people.client.pk}/audit/"
    first = client.get(url).content.decode()
    assert first.count("<tr><td") == 50 and "Page 1 of 3" in first
    last = client.get(url + "?page=3").content.decode()
    # 120 looks, and two readings of the trail (newest, so on page 1)
    assert last.count("looked at the client&#x27;s record") == 122 - 100
    assert 'href="?page=2" rel="prev"' in last
    client.force_login(people.client_user)
    mine = client.get("/portal/who-has-seen-my-record/?page=2").content.decode()
    assert "Page 2 of 3" in mine and "looked at your record" in mine
