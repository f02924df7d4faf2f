"""What the follow-up browser tests share: a former client a month after a planned ending with
their 1-month check-in open, and tapping through a questionnaire."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tandem.care.actions import end_episode
from tandem.care.models import Session
from tandem.core.schedule import follow_up_due_on
from tandem.followup.actions import open_follow_up
from tandem.followup.models import FollowUp
from tandem.measures.actions import submit_response

# Controls on the client's pages shorter than 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll('main a.button, main button, main .choices label')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)
  .map(e => e.textContent.trim().slice(0, 40) + ' (' + Math.round(e.getBoundingClientRect().height) + ' px)')"""


def month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ended_with_a_check_in(people: Any) -> FollowUp:
    """Ada's episode graduated a month ago (PHQ-9 at two sessions), her 1-month check-in open."""
    ended_on = month_before(timezone.localdate())
    episode = people.episode
    Session.objects.filter(pk=people.session.pk).update(date=ended_on - timedelta(days=21))
    people.session.refresh_from_db()
    last = Session.objects.create(episode=episode, number=2, date=ended_on - timedelta(days=7))
    for session, level in ((people.session, 2), (last, 0)):
        submit_response(
            people.client_user,
            episode,
            "phq9",
            {f"q{i}": level for i in range(1, 9)} | {"q9": 0},
            session=session,
        )
    end_episode(people.therapist, episode, "graduated", when=ended_on)
    follow_up = open_follow_up(episode.pk, 1, follow_up_due_on(ended_on, 1))
    assert follow_up is not None
    return follow_up


def tap_first_choices(page: Any, risky: bool = False) -> None:
    """Tap the first answer to every question (and, when ``risky``, "more than half the days" to
    the PHQ-9's question about thoughts of self-harm), then send."""
    for group in page.locator("fieldset").all():
        labels = group.locator("label:has(input[type=radio])")
        if labels.count():
            labels.first.click()
    if risky:
        page.locator("label:has(input[name=q9][value='2'])").click()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
