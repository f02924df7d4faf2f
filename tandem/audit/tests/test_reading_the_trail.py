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
    assert body.splitlines()[0] == "when,who,action,object,object_id,from,outcome"
    assert "therapist@harbour.test,client.view" in body


def test_the_admin_cannot_read_another_practices_trail(client, people):
    client.force_login(people.admin)
    assert client.get(f"/practice/clients/{people.outsider_client.pk}/audit/").status_code == 404
