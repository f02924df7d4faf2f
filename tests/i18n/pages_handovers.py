"""The session page's hand-overs (tandem/room/display.py): every way one can end, and a time on
another day than it began, read by the therapist and by a supervisor the client shares with."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from tests.i18n.page import Page, Scene


def _session_with_every_handover(scene: Scene) -> str:
    import time_machine
    from django.utils import timezone

    from tandem.room import actions
    from tandem.room.tasks import close_left, left_after
    from tandem.room.tests.conftest import PASSWORD, answers_for

    people = scene.people
    people.client.share_with_supervisor = True
    people.client.save(update_fields=["share_with_supervisor"])
    therapist, session = people.therapist, people.session
    actions.save_room_settings(people.admin, 3, new_pin="4827")
    with time_machine.travel(timezone.now() - timedelta(days=1), tick=False) as clock:
        done = actions.hand_over(therapist, session)
        actions.answer(done, "partnership", answers_for("partnership"))
        actions.lock(done, "done")
        actions.unlock(therapist, done, "wrong")
        actions.unlock(therapist, done, "4827")
        back = actions.hand_over(therapist, session)
        actions.lock(back, "handed_back")
        clock.shift(timedelta(days=1))  # unlocked the next day: "14:05 on 4 Dec"
        actions.unlock(therapist, back, PASSWORD)
        left = actions.hand_over(therapist, session)
        actions.lock(left, "left")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            actions.unlock(therapist, left, "wrong")
        idle = actions.hand_over(therapist, session)
        actions.lock(idle, "idle")
        actions.hand_over(therapist, session)  # put down mid-questionnaire
        clock.shift(timedelta(minutes=4) + left_after())
        close_left(timezone.now())
        actions.lock(actions.hand_over(therapist, session), "idle")  # still locked
        actions.hand_over(therapist, session)  # still in the client's hands
    return reverse("session_detail", args=[session.pk])


HANDOVERS = [
    Page("session page, every kind of hand-over", _session_with_every_handover, who="therapist"),
    Page(
        "session page, hand-overs read by a supervisor",
        _session_with_every_handover,
        who="supervisor",
    ),
]
