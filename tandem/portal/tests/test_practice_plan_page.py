"""The practice plan page from the client's side: a link to it only when there is something to
log, today filled in, and after the ending the plans and the log kept to look back on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tandem.care.actions import end_episode
from tandem.care.models import PracticePlan
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client: Any, people: Any) -> Any:
    client.force_login(people.client_user)
    return client


def test_the_home_page_offers_no_log_link_without_a_plan(ada: Any, people: Any) -> None:
    html = ada.get("/portal/").content.decode()
    assert "No practice plan at the moment." in html
    assert "Log what you practised" not in html
    PracticePlan.objects.create(episode=people.episode, title="Walk")
    assert "Log what you practised" in ada.get("/portal/").content.decode()


def test_the_log_form_is_open_with_today_filled_in(ada: Any, people: Any) -> None:
    plan = PracticePlan.objects.create(episode=people.episode, title="Walk")
    html = ada.get("/portal/practice-plan/").content.decode()
    today = timezone.localdate().isoformat()
    assert "<details open><summary>Log practice</summary>" in html
    assert f'name="log_date" value="{today}"' in html and f'max="{today}"' in html
    assert f'id="plan-{plan.pk}-log_date"' in html


def test_after_the_ending_the_plans_and_the_log_are_kept_without_a_form(
    ada: Any, people: Any
) -> None:
    plan = PracticePlan.objects.create(episode=people.episode, title="Walk")
    submit_response(
        people.client_user,
        people.episode,
        "practice_log",
        {"practised": True, "how_it_went": 7, "what_happened": ""},
        plan=plan,
        log_date=timezone.localdate() - timedelta(days=2),
    )
    end_episode(people.therapist, people.episode, "graduated")
    html = ada.get("/portal/practice-plan/").content.decode()
    assert "Your therapy ended on" in html
    assert "Walk" in html and "practised, it went 7/10" in html
    assert "have not set a practice plan yet" not in html
    assert "Log practice" not in html
    sent = ada.post(
        f"/portal/practice-plan/{plan.pk}/log/",
        {"log_date": timezone.localdate().isoformat(), "practised": "1"},
    )
    assert sent.status_code == 302
    assert Response.objects.filter(plan=plan).count() == 1


def test_the_plans_old_address_sends_a_bookmark_on_and_stays_the_clients_alone(
    ada: Any, client: Any, people: Any
) -> None:
    moved = ada.get("/portal/practice/")
    assert moved.status_code == 301 and moved["Location"] == "/portal/practice-plan/"
    client.force_login(people.therapist)
    assert client.get("/portal/practice/").status_code == 404
