"""The crisis page says thank you only to someone who has just told us something: reached from a
"What to do in a crisis" link, it is the crisis information, not a reply to answers never sent."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_is_the_crisis_information_when_reached_from_a_link(client, people):
    client.force_login(people.client_user)
    page = client.get("/portal/support/").content.decode()
    assert "<h1>What to do in a crisis</h1>" in page
    assert "Thank you for telling us" not in page
    assert "Your answers are saved" not in page
    assert "not watched around the clock" in page
    assert "Back to my therapy" in page


def test_it_thanks_the_client_after_a_risk_answer(client, people):
    client.force_login(people.client_user)
    answers = {f"q{i}": "1" for i in range(1, 9)} | {"q9": "1"}
    sent = client.post(f"/portal/sessions/{people.session.pk}/phq9/", answers)
    assert sent.status_code == 302 and sent.url == "/portal/support/?after=answers"
    page = client.get(sent.url).content.decode()
    assert "<h1>Thank you for telling us</h1>" in page
    assert "Your answers are saved" in page and ">Continue<" in page
