"""The client's name in a risk alert leads somewhere the reader can open, never to 'Page not
found': the record for their therapist, the admin's page for the practice admin, and for a
supervisor only when the client agreed to share (walk of the staff pages, 17.17)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def raise_alert(client, people):
    answers = {f"q{i}": "1" for i in range(1, 9)} | {"q9": "2"}
    client.force_login(people.client_user)
    client.post(f"/portal/sessions/{people.session.pk}/phq9/", answers)
    client.logout()


def heading_links(client, user, where="/practice/risk/"):
    client.force_login(user)
    page = client.get(where).content.decode()
    heading = re.search(r"Risk to review: (.*?)</h2>", page).group(1)
    return re.findall(r'href="([^"]+)"', heading)


def test_it_links_the_therapist_to_the_clients_record(client, people):
    raise_alert(client, people)
    links = heading_links(client, people.therapist, "/caseload/")
    assert links == [f"/clients/{people.client.pk}/"]
    assert client.get(links[0]).status_code == 200


def test_it_links_the_practice_admin_to_their_page_for_the_client(client, people):
    raise_alert(client, people)
    links = heading_links(client, people.admin)
    assert links == [f"/practice/clients/{people.client.pk}/"]
    assert client.get(links[0]).status_code == 200


def test_it_names_without_a_link_a_client_who_does_not_share_with_the_supervisor(client, people):
    people.client.share_with_supervisor = False
    people.client.save()
    raise_alert(client, people)
    assert heading_links(client, people.supervisor) == []


def test_it_links_the_supervisor_when_the_client_shares(client, people):
    people.client.share_with_supervisor = True
    people.client.save()
    raise_alert(client, people)
    links = heading_links(client, people.supervisor)
    assert links == [f"/clients/{people.client.pk}/"]
    assert client.get(links[0]).status_code == 200
