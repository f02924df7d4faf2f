"""The practice admin sets when and how often clients are reminded; nobody else can."""

from __future__ import annotations

from tandem.audit.models import AuditEvent
from tandem.reminders.models import ReminderPolicy


def test_it_lets_the_practice_admin_set_the_reminder_policy(client, people):
    client.force_login(people.admin)
    page = client.get("/practice/reminders/")
    assert page.status_code == 200
    assert b"never names the questionnaire" in page.content
    response = client.post(
        "/practice/reminders/",
        {"active": "on", "first_after_hours": "6", "repeat_every_days": "2", "max_reminders": "3"},
    )
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(practice=people.practice)
    assert (policy.first_after_hours, policy.repeat_every_days, policy.max_reminders) == (6, 2, 3)
    assert AuditEvent.objects.filter(action="practice.reminders.update").exists()


def test_it_says_which_value_is_wrong(client, people):
    client.force_login(people.admin)
    response = client.post(
        "/practice/reminders/",
        {"active": "on", "first_after_hours": "6", "repeat_every_days": "0", "max_reminders": "9"},
    )
    assert response.status_code == 400
    # In plain words, beside each field and at the top of the page (walk, 17.17).
    text = response.content.decode()
    assert "Ensure this value" not in text
    assert "Choose a whole number of days from 1 to 30." in text
    assert "Choose a whole number of reminders from 1 to 5." in text
    assert "The reminder settings were not saved. Then every … days: Choose" in text
    assert not ReminderPolicy.objects.exists()


def test_it_hides_the_page_from_everyone_but_the_admin(client, people):
    for person in [people.therapist, people.supervisor, people.client_user, people.outsider]:
        client.force_login(person)
        assert client.get("/practice/reminders/").status_code == 404
