"""The admin's client list: a search, one link a row to the client's own page, where the client is
moved to another therapist (issue 17.17)."""

import pytest

from tandem.care.models import Client
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db


def test_it_finds_clients_by_name_or_by_their_therapist(client, people):
    client.force_login(people.admin)
    found = client.get("/practice/clients/?q=ada").content.decode()
    assert (
        "Ada\u00a0L." in found and "Ben K." not in plain_spaces(found) and "1 client found" in found
    )
    by_therapist = client.get("/practice/clients/?q=colleague@").content.decode()
    assert "Ben\u00a0K." in by_therapist and "Ada L." not in plain_spaces(by_therapist)
    nobody = client.get("/practice/clients/?q=zzz").content.decode()
    assert "No client matches “zzz”" in nobody


def test_it_never_finds_another_practices_client(client, people):
    client.force_login(people.admin)
    assert "Cy O." not in plain_spaces(client.get("/practice/clients/?q=Cy").content.decode())


def test_each_row_has_one_link_and_no_form(client, people):
    client.force_login(people.admin)
    page = client.get("/practice/clients/").content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert "<form" not in table and "<select" not in table
    assert table.count(f'href="/practice/clients/{people.client.pk}/"') == 1
    assert "/audit/" not in table and "/erase/" not in table


def test_the_clients_page_moves_them_and_links_their_records(client, people):
    client.force_login(people.admin)
    page = client.get(f"/practice/clients/{people.client.pk}/").content.decode()
    assert f'action="/practice/clients/{people.client.pk}/assign/"' in page
    assert f"/practice/clients/{people.client.pk}/audit/" in page
    assert f"/practice/clients/{people.client.pk}/erase/" in page
    moved = client.post(
        f"/practice/clients/{people.client.pk}/assign/",
        {"therapist": people.colleague.pk},
        follow=True,
    )
    assert moved.redirect_chain[-1][0] == f"/practice/clients/{people.client.pk}/"
    assert Client.objects.get(pk=people.client.pk).therapist == people.colleague


def test_the_list_is_paged_and_keeps_the_search(client, people):
    Client.objects.bulk_create(
        Client(practice=people.practice, display_name=f"Zed {i:03}", therapist=people.therapist)
        for i in range(60)
    )
    client.force_login(people.admin)
    page = client.get("/practice/clients/?q=zed").content.decode()
    assert page.count("Manage<span") == 50
    assert 'href="?q=zed&amp;page=2" rel="next"' in page


def test_only_the_practices_admin_reaches_a_clients_page(client, people):
    for person in (people.therapist, people.supervisor):
        client.force_login(person)
        assert client.get(f"/practice/clients/{people.client.pk}/").status_code == 404
    client.force_login(people.admin)
    assert client.get(f"/practice/clients/{people.outsider_client.pk}/").status_code == 404


def test_its_page_links_say_next_and_previous_not_older_and_newer(client, people):
    # The list runs A to Z by name: 'Older' would promise an order by date that is not there.
    Client.objects.bulk_create(
        Client(practice=people.practice, display_name=f"Zed {i:03}", therapist=people.therapist)
        for i in range(60)
    )
    client.force_login(people.admin)
    first = client.get("/practice/clients/").content.decode()
    assert 'rel="next">Next →</a>' in first and "Older" not in first
    assert "A to Z" in first
    second = client.get("/practice/clients/?page=2").content.decode()
    assert 'rel="prev">← Previous</a>' in second and "Newer" not in second


def test_moving_a_client_to_their_own_therapist_says_nothing_changed(client, people):
    client.force_login(people.admin)
    page = client.post(
        f"/practice/clients/{people.client.pk}/assign/",
        {"therapist": people.therapist.pk},
        follow=True,
    ).content.decode()
    assert "Ada\u00a0L. is already with" in page and "nothing changed" in page
    assert "is now with" not in page
