"""The demo's hand-overs in the room: Priya Raman handed her tablet to two clients at their latest
session. One answered everything, the tablet locked itself and she unlocked it with her password;
the other answered the first questionnaire and put the tablet down, it locked after the practice's
idle time, and the rest is still waiting on the session's page.

Written by the room app's own actions (hand over, answer, lock, unlock), then dated: the client's
answers are the ones the builder drew for that session, given again on the tablet, so every
score and chart stays as it was.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tandem.accounts.models import Practice, User
from tandem.care.models import Client, Episode, Session
from tandem.demo.dated import audited_at
from tandem.demo.plan import at
from tandem.demo.words import DEMO_PASSWORD
from tandem.measures.models import Response
from tandem.room import actions
from tandem.room.due import due_in_room
from tandem.room.models import Handover
from tandem.safety.models import RiskAlert

MINUTE = timedelta(minutes=1)


def _candidates(practice: Practice, therapist: User, skip: Client) -> list[Session]:
    """Latest sessions of the therapist's active clients whose client side was answered (two
    questionnaires or more), leaving out the demo client and the risk story's clients."""
    found = []
    with_alerts = RiskAlert.objects.values_list("response__episode__client_id", flat=True)
    episodes = (
        Episode.objects.filter(
            client__practice=practice, client__therapist=therapist, status=Episode.ACTIVE
        )
        .exclude(client=skip)
        .exclude(client_id__in=list(with_alerts))
        .order_by("client__display_name")
    )
    for episode in episodes:
        last = episode.sessions.filter(attendance=Session.ATTENDED).order_by("-number").first()
        if last is None:
            continue
        answered = Response.objects.filter(session=last, respondent_role="client").count()
        if answered >= 2:
            found.append(last)
    return found


def _give_again(session: Session) -> list[tuple[str, dict[str, object]]]:
    """The client's answers for ``session``, taken away to be given again on the tablet, in the
    order the room asks for them."""
    given = {
        r.instrument_id: dict(r.answers)
        for r in Response.objects.filter(session=session, respondent_role="client")
    }
    Response.objects.filter(session=session, respondent_role="client").delete()
    order = [item.instrument.id for item in due_in_room(session)]
    return [
        (instrument_id, given[instrument_id]) for instrument_id in order if instrument_id in given
    ]


def _hand_over(therapist: User, session: Session, when: datetime) -> Handover:
    with audited_at(when):
        handover = actions.hand_over(therapist, session)
    Handover.objects.filter(pk=handover.pk).update(started_at=when, last_activity=when)
    handover.refresh_from_db()
    return handover


def _answer(
    handover: Handover, instrument_id: str, answers: dict[str, object], when: datetime
) -> None:
    with audited_at(when):
        submitted = actions.answer(handover, instrument_id, answers)
    Response.objects.filter(pk=submitted.response.pk).update(submitted_at=when)
    Handover.objects.filter(pk=handover.pk).update(last_activity=when)


def _lock(handover: Handover, reason: str, when: datetime, noticed_by: str = "server") -> None:
    handover.refresh_from_db()
    with audited_at(when):
        actions.lock(handover, reason, noticed_by=noticed_by)
    Handover.objects.filter(pk=handover.pk).update(locked_at=when)


def _unlock(therapist: User, handover: Handover, when: datetime) -> None:
    handover.refresh_from_db()
    with audited_at(when):
        unlocked = actions.unlock(therapist, handover, DEMO_PASSWORD)
    assert unlocked.ok, "the demo therapist's password unlocks"
    Handover.objects.filter(pk=handover.pk).update(ended_at=when)


def add_handovers(practice: Practice, therapist: User, skip: Client) -> None:
    sessions = _candidates(practice, therapist, skip)
    if len(sessions) < 2:
        return
    everything, part = sessions[0], sessions[1]

    # Everything answered: the room locks itself ("done"), and she unlocks it.
    when = at(everything.date, 10, 4)
    given = _give_again(everything)
    handover = _hand_over(therapist, everything, when)
    for instrument_id, answers in given:
        when += 2 * MINUTE
        _answer(handover, instrument_id, answers, when)
    _lock(handover, "done", when)
    _unlock(therapist, handover, when + 4 * MINUTE)

    # One answered, then the tablet was put down: its own timer locked it after the idle time.
    when = at(part.date, 14, 3)
    given = _give_again(part)
    handover = _hand_over(therapist, part, when)
    (instrument_id, answers), *rest = given
    _answer(handover, instrument_id, answers, when + 2 * MINUTE)
    idle = timedelta(seconds=handover.idle_seconds)
    _lock(handover, "idle", when + 2 * MINUTE + idle, noticed_by="page")
    _unlock(therapist, handover, when + 2 * MINUTE + idle + 9 * MINUTE)
