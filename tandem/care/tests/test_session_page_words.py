"""The session page speaks to whoever reads it (walk of the staff pages, 17.17): each 'Fill in'
names its questionnaire to a screen reader, and a supervisor reading a supervisee's session is
not told 'How you talked'."""

import pytest

pytestmark = pytest.mark.django_db


def test_each_fill_in_link_names_its_questionnaire(client, people):
    client.force_login(people.therapist)
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "Fill in</a>" not in page
    assert 'Fill in<span class="visually-hidden"> Session reflection</span></a>' in page
    assert "How you talked: transcript analysis" in page


def test_the_supervisor_reads_how_they_talked(client, people):
    people.client.share_with_supervisor = True
    people.client.save()
    client.force_login(people.supervisor)
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "How they talked: transcript analysis" in page
    assert "How you talked" not in page
