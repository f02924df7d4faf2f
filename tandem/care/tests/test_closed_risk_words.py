"""A followed-up risk alert on the client page names the question in words, not "PHQ9 q9"
(issue 17.17)."""

import pytest

from tandem.measures.actions import submit_response
from tandem.safety import actions as safety
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db

PHQ9 = {f"q{i}": 0 for i in range(1, 10)} | {"q9": 1}


def test_it_names_the_question_of_a_closed_alert(client, people):
    submit_response(people.client_user, people.episode, "phq9", PHQ9, session=people.session)
    alert = RiskAlert.objects.get()
    safety.acknowledge(people.therapist, alert, "Talked it through; safety plan updated.")
    client.force_login(people.therapist)
    page = client.get(f"/clients/{people.client.pk}/").content.decode()
    assert "to “Thoughts that you would be better off dead or of hurting yourself" in page
    assert "PHQ9 q9" not in page
