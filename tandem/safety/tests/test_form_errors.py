"""Safety forms sent with a mistake come back as they were sent (issue 17.9): the note of what was
done after a risk alert, the safety plan and the practice's crisis information. 400, the typed
text back in its field, the error tied to the field."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.safety.models import RiskAlert, SafetyPlan
from tandem.web.testing import form_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(client: Any, people: Any) -> RiskAlert:
    answers = {f"q{i}": "1" for i in range(1, 10)}
    client.force_login(people.client_user)
    client.post(f"/portal/sessions/{people.session.pk}/phq9/", answers)
    return RiskAlert.objects.get()


def test_a_note_too_short_is_kept_beside_the_alert(client: Any, people: Any, alert: Any) -> None:
    client.force_login(people.therapist)
    response = client.post(
        f"/risk/{alert.pk}/acknowledge/", {"note": "ok", "next": f"/clients/{people.client.pk}/"}
    )
    assert response.status_code == 400
    page = form_page(response)
    note = f"ack-{alert.pk}-note"
    assert page.value(note) == "ok"
    assert page.error(note) == "Please write a short note of what was done."
    assert page.messages == [
        "The alert is still open. What was done? Please write a short note of what was done."
    ]
    # Sent again from this page, it goes back where the therapist started.
    assert f'name="next" value="/clients/{people.client.pk}/"' in response.content.decode()
    alert.refresh_from_db()
    assert alert.is_open


def test_each_alert_box_has_ids_of_its_own(client: Any, people: Any, alert: Any) -> None:
    client.force_login(people.therapist)
    page = form_page(client.get("/caseload/"))
    note = page.by_id[f"ack-{alert.pk}-note"]
    assert note.attrs["aria-describedby"] == f"ack-{alert.pk}-note_helptext"
    assert f"ack-{alert.pk}-note_helptext" in page.by_id


@pytest.mark.parametrize(
    "url", ["/clients/{client}/safety-plan/", "/portal/safety-plan/"], ids=["therapist", "client"]
)
def test_a_safety_plan_sent_without_its_version_keeps_what_was_typed(
    client: Any, people: Any, url: str
) -> None:
    client.force_login(people.therapist if "clients" in url else people.client_user)
    response = client.post(
        url.format(client=people.client.pk),
        {"warning_signs": "Not sleeping", "coping_steps": "Walk by the river"},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("id_warning_signs") == "Not sleeping"
    assert page.value("id_coping_steps") == "Walk by the river"
    assert "open the page again and retry" in response.content.decode()
    assert page.messages[0].startswith("The safety plan was not saved.")
    assert SafetyPlan.objects.get().warning_signs == ""


def test_crisis_information_with_a_bad_number_keeps_the_text(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    response = client.post(
        "/practice/safety/",
        {"crisis_text": "Call 999", "crisis_contacts": "", "escalation_hours": "soon"},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("id_crisis_text") == "Call 999"
    assert page.value("id_escalation_hours") == "soon"
    assert page.error("id_escalation_hours") == "Enter a whole number."
