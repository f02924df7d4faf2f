"""The practice's risk alerts page links only to pages its reader can open (walk of the staff
pages, 17.17): the crisis information is the admin's to set, so a supervisor is told who sets
it instead of being sent to 'Page not found'."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_links_the_admin_to_the_crisis_information(client, people):
    client.force_login(people.admin)
    assert 'href="/practice/safety/"' in client.get("/practice/risk/").content.decode()
    assert client.get("/practice/safety/").status_code == 200


def test_it_tells_the_supervisor_who_sets_it_without_a_dead_link(client, people):
    client.force_login(people.supervisor)
    page = client.get("/practice/risk/").content.decode()
    assert 'href="/practice/safety/"' not in page
    assert "set by the practice admin" in page
    assert client.get("/practice/safety/").status_code == 404
