"""On a phone and at a desk, the client with an open risk alert is the first row of the caseload,
and the row says so in words (not colour alone)."""

import pytest
from django.utils import timezone

from tandem.care.models import Client, Episode, Session
from tandem.measures.actions import submit_response
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHQ9 = {f"q{i}": 0 for i in range(1, 10)} | {"q9": 2}


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_client_at_risk_is_first_and_the_row_says_so(live_server, people, request, size):
    page = request.getfixturevalue(size)
    aaron = Client.objects.create(
        practice=people.practice, display_name="Aaron B.", therapist=people.therapist
    )
    episode = Episode.objects.create(client=aaron, therapist=people.therapist, number=1)
    Session.objects.create(episode=episode, number=1, date=timezone.localdate())
    submit_response(people.client_user, people.episode, "phq9", PHQ9, session=people.session)
    sign_in(page, live_server.url, "therapist@harbour.test")
    first = page.locator("#caseload tbody tr").first
    assert "Ada\u00a0L." in first.inner_text()
    assert "Risk alert open" in first.inner_text()
    assert "Open risk alert since" in first.inner_text()
    width = 390 if size == "phone" else 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
