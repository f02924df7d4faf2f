"""The demo's follow-up check-ins: one answered (the client said yes to talking again, so a
returning-client request waits on Priya Raman's caseload) and one due now for a former client
who can sign in (former-client@example.org)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.accounts.models import Practice
from tandem.care.models import Episode, EpisodeEvent
from tandem.core.schedule import follow_up_due_on
from tandem.followup.actions import raise_returning_request
from tandem.followup.models import FollowUp
from tandem.measures.actions import submit_response

THERAPIST = "therapist@example.org"
FORMER_CLIENT = "former-client@example.org"
# Low, well scores: PHQ-9 3 and GAD-7 2.
PHQ9 = {f"q{i}": 0 for i in range(1, 10)} | {"q1": 1, "q3": 1, "q4": 1}
GAD7 = {f"q{i}": 0 for i in range(1, 8)} | {"q1": 1, "q2": 1, "difficulty": 0}


def _month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _planned_endings(practice: Practice) -> list[Episode]:
    """Graduates who have not come back (no episode open since)."""
    found = (
        Episode.objects.filter(
            client__practice=practice,
            status=Episode.ENDED,
            end_reason="graduated",
            client__user__isnull=False,
        )
        .exclude(client__episodes__status__in=[Episode.ACTIVE, Episode.PAUSED])
        .select_related("client__user", "therapist")
        .order_by("ended_on", "pk")
    )
    return [e for e in found if e.ended_on is not None]


def add_follow_ups(practice: Practice, today: date) -> None:
    endings = _planned_endings(practice)
    # Answered: the earliest graduate of Priya Raman's, a month after their ending.
    mine = [e for e in endings if e.therapist.email == THERAPIST]
    answered = mine[0] if mine else endings[0]
    assert answered.ended_on is not None
    due_on = follow_up_due_on(answered.ended_on, 1)
    follow_up = FollowUp.objects.create(
        episode=answered,
        months=1,
        due_on=due_on,
        opened_at=timezone.make_aware(datetime.combine(due_on, time(9))),
        reminded_at=timezone.make_aware(datetime.combine(due_on, time(9, 5))),
    )
    client_user = answered.client.user
    assert client_user is not None
    for instrument_id, answers in (("phq9", PHQ9), ("gad7", GAD7), ("talk_again", {"talk": 1})):
        submitted = submit_response(client_user, answered, instrument_id, answers)
        follow_up.responses.add(submitted.response)
    when = timezone.make_aware(datetime.combine(due_on + timedelta(days=2), time(19)))
    follow_up.responses.update(submitted_at=when)
    follow_up.answered_at = when
    follow_up.save(update_fields=["answered_at"])
    made = raise_returning_request(follow_up)
    if made is not None:
        type(made).objects.filter(pk=made.pk).update(created_at=when)

    # Due: another graduate, whose ending is moved to a month and three days ago (later than it
    # was, so it still comes after their last session), gets a check-in opened three days ago.
    ended_on = _month_before(today - timedelta(days=3))
    waiting = next(
        e
        for e in reversed(endings)
        if e.pk != answered.pk and e.ended_on is not None and e.ended_on <= ended_on
    )
    Episode.objects.filter(pk=waiting.pk).update(ended_on=ended_on)
    EpisodeEvent.objects.filter(episode=waiting, kind="ended").update(
        at=timezone.make_aware(datetime.combine(ended_on, time(18)))
    )
    due_on = follow_up_due_on(ended_on, 1)
    FollowUp.objects.create(
        episode=waiting,
        months=1,
        due_on=due_on,
        opened_at=timezone.make_aware(datetime.combine(due_on, time(9))),
    )
    user = waiting.client.user
    assert user is not None
    type(user).objects.filter(pk=user.pk).update(email=FORMER_CLIENT)
