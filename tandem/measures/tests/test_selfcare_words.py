"""The self-care page says truthfully what is shared: nothing, not even totals (issue 17.17)."""

import pytest

from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db

ANSWERS = {
    "rested": 1,
    "supported": 2,
    "switch_off": 2,
    "enjoyment": 1,
    "strain": 1,
    "one_thing": "CANARY walk at lunch",
}


def test_it_promises_only_what_is_true(client, people):
    client.force_login(people.therapist)
    page = client.get("/selfcare/").content.decode()
    assert "Only you see your answers: nobody at the practice sees them, not even as totals" in page
    assert "anonymous totals" not in page


def test_the_practice_sees_nothing_of_it(client, people):
    submit_response(people.therapist, None, "selfcare", ANSWERS)
    for person in (people.admin, people.supervisor):
        client.force_login(person)
        for url in ("/reports/practice/", "/practice/", "/practice/log/", "/supervision/"):
            page = client.get(url).content.decode()
            assert "CANARY" not in page and "self-care" not in page.lower()
