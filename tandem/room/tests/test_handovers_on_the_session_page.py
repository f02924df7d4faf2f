"""The session's page says each time its questionnaires were handed to the client on a device:
when, by whom, what was answered on it and how it ended, in plain words, to whoever may read the
page and nobody else, in one query however many hand-overs there were."""

from __future__ import annotations

import html as html_text
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.room import actions
from tandem.room.models import Handover
from tandem.room.tasks import close_left, left_after
from tandem.room.tests.conftest import PASSWORD, answers_for

pytestmark = pytest.mark.django_db

HEADING = "Handed to the client in the room"
# A fixed moment, so that the times on the page can be read: 14:05 in UTC.
START = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)


def _page(browser: Any, people: Any) -> Any:
    return browser.get(f"/sessions/{people.session.pk}/")


def _rows(html: str) -> list[str]:
    """The section's rows as plain text, one string each."""
    if HEADING not in html:
        return []
    section = html.split(HEADING, 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1], flags=re.S)
    return [" ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def _answered_then_handed_back(people: Any, *, clock: Any) -> Handover:
    """Ada answers the session scale on the therapist's device, hands it back, and the therapist
    unlocks it with their password after one wrong try."""
    handover = actions.hand_over(people.therapist, people.session)
    clock.shift(timedelta(minutes=2))
    actions.answer(handover, "partnership", answers_for("partnership"))
    clock.shift(timedelta(minutes=1))
    actions.lock(handover, "handed_back")
    clock.shift(timedelta(minutes=1))
    assert not actions.unlock(people.therapist, handover, "wrong").ok
    assert actions.unlock(people.therapist, handover, PASSWORD).ok
    return handover


def test_there_is_no_section_when_nothing_was_handed_over(client, people):
    client.force_login(people.therapist)
    page = _page(client, people)
    assert page.status_code == 200
    assert HEADING not in page.content.decode()


def test_the_therapist_reads_when_what_and_how_in_plain_words(client, people):
    with time_machine.travel(START, tick=False) as clock:
        _answered_then_handed_back(people, clock=clock)
    client.force_login(people.therapist)
    html = _page(client, people).content.decode()
    assert _rows(html) == [
        "3 Dec, 14:05 Partnership "
        "Locked at 14:08: the client stopped and handed it back. "
        "Unlocked at 14:09 with your password. 1 wrong try at unlocking it."
    ]
    assert '<time class="nowrap" datetime="2026-12-03T14:05:00+00:00">' in html
    assert "This session's questionnaires were handed to the client on a device once." in html


def test_the_supervisor_reads_the_same_with_the_therapists_name(client, people):
    people.client.share_with_supervisor = True
    people.client.save()
    with time_machine.travel(START, tick=False) as clock:
        _answered_then_handed_back(people, clock=clock)
    client.force_login(people.supervisor)
    page = _page(client, people)
    assert page.status_code == 200
    (row,) = _rows(page.content.decode())
    name = people.therapist.name
    assert row.startswith(f"3 Dec, 14:05 by {name} Partnership")
    assert f"Unlocked at 14:09 with {name}'s password." in row
    # Read-only: the supervisor is offered nothing to do with the device.
    assert "Hand to client" not in page.content.decode()


def test_times_are_in_the_readers_time_zone(client, people):
    with time_machine.travel(START, tick=False) as clock:
        _answered_then_handed_back(people, clock=clock)
    client.force_login(people.therapist)
    with timezone.override("America/Mexico_City"):  # UTC−6 in December
        (row,) = _rows(_page(client, people).content.decode())
    assert row.startswith("3 Dec, 08:05 ")
    assert "Locked at 08:08" in row and "Unlocked at 08:09" in row


def test_each_ending_is_said_in_a_clinicians_words(client, people):
    save_pin = actions.save_room_settings(people.admin, 3, new_pin="4827")
    assert save_pin.has_pin
    with time_machine.travel(START, tick=False) as clock:
        # Everything answered, unlocked with the practice PIN.
        done = actions.hand_over(people.therapist, people.session)
        actions.lock(done, "done")
        actions.unlock(people.therapist, done, "4827")
        # Someone tried to leave; too many wrong tries signed the therapist out.
        clock.shift(timedelta(minutes=10))
        left = actions.hand_over(people.therapist, people.session)
        actions.lock(left, "left")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            actions.unlock(people.therapist, left, "wrong")
        # Handed back and left locked: the hourly job closed it.
        clock.shift(timedelta(minutes=10))
        back = actions.hand_over(people.therapist, people.session)
        actions.lock(back, "handed_back")
        # Put down mid-questionnaire and never asked for again: the job locks and closes it.
        clock.shift(timedelta(minutes=10))
        actions.hand_over(people.therapist, people.session)
        clock.shift(timedelta(minutes=3) + left_after() + timedelta(minutes=1))
        assert close_left(timezone.now()) == 2
        # Left untouched, locked by the server, one wrong try, still locked.
        clock.shift(timedelta(minutes=5))
        idle = actions.hand_over(people.therapist, people.session)
        clock.shift(timedelta(minutes=4))
        actions.lock(idle, "idle")
        actions.unlock(people.therapist, idle, "wrong")
        # And one still in the client's hands.
        clock.shift(timedelta(minutes=5))
        actions.hand_over(people.therapist, people.session)
    client.force_login(people.therapist)
    rows = _rows(_page(client, people).content.decode())
    assert rows == [
        "3 Dec, 14:05 Nothing Locked at 14:05: the client had answered everything. "
        "Unlocked at 14:05 with the practice PIN.",
        "3 Dec, 14:15 Nothing Locked at 14:15: someone tried to leave the questionnaires. "
        "Too many wrong tries at unlocking it: you were signed out on the device at 14:15.",
        "3 Dec, 14:25 Nothing Locked at 14:25: the client stopped and handed it back. "
        "Nobody unlocked it; Tandem closed it at 15:09.",
        "3 Dec, 14:35 Nothing Left open, untouched after 14:35; "
        "Tandem locked and closed it at 15:09.",
        "3 Dec, 15:14 Nothing Locked at 15:18: nobody touched it for 3 minutes. "
        "Still locked: nobody has unlocked it yet. 1 wrong try at unlocking it.",
        "3 Dec, 15:23 Nothing Still in the client's hands: not locked yet.",
    ]


def test_the_section_is_in_spanish_for_a_spanish_reader(client, people):
    people.therapist.language = "es"
    people.therapist.save()
    with time_machine.travel(START, tick=False) as clock:
        _answered_then_handed_back(people, clock=clock)
    client.force_login(people.therapist)
    html = _page(client, people).content.decode()
    assert "Entregado al cliente en la consulta" in html
    (row,) = _rows(html.replace("Entregado al cliente en la consulta", HEADING))
    assert "Bloqueado a las 14:08: el cliente paró y lo devolvió." in row
    assert "Desbloqueado a las 14:09 con tu contraseña." in row
    assert "1 intento fallido de desbloquearlo." in row


def test_an_answer_given_elsewhere_is_not_counted_as_given_on_the_device(client, people):
    from tandem.measures.actions import submit_response

    with time_machine.travel(START, tick=False) as clock:
        handover = actions.hand_over(people.therapist, people.session)
        # Ada answers the PHQ-9 on her own phone while the tablet is in her hands.
        submit_response(
            people.client_user, people.episode, "phq9", answers_for("phq9"), session=people.session
        )
        clock.shift(timedelta(minutes=1))
        actions.lock(handover, "handed_back")
    client.force_login(people.therapist)
    (row,) = _rows(_page(client, people).content.decode())
    assert row.startswith("3 Dec, 14:05 Nothing Locked")


def test_thirty_hand_overs_cost_no_more_queries_than_one(client, people):
    def count() -> tuple[int, int]:
        client.force_login(people.therapist)
        with CaptureQueriesContext(connection) as ctx:
            page = _page(client, people)
        return len(ctx.captured_queries), len(_rows(page.content.decode()))

    with time_machine.travel(START, tick=False) as clock:
        first = actions.hand_over(people.therapist, people.session)
        actions.answer(first, "partnership", answers_for("partnership"))
        actions.lock(first, "handed_back")
        actions.unlock(people.therapist, first, PASSWORD)
        one, shown = count()
        assert shown == 1
        for _ in range(29):
            clock.shift(timedelta(minutes=1))
            handover = actions.hand_over(people.therapist, people.session)
            actions.lock(handover, "handed_back")
            actions.unlock(people.therapist, handover, PASSWORD)
        thirty, shown = count()
    assert shown == 30
    assert thirty == one, (one, thirty)


def test_another_practices_handover_of_the_session_is_never_shown(client, people):
    with time_machine.travel(START, tick=False):
        handover = actions.hand_over(people.therapist, people.session)
    # A row that names another practice (it cannot be made through the actions).
    Handover.objects.filter(pk=handover.pk).update(practice=people.other_practice)
    client.force_login(people.therapist)
    assert HEADING not in _page(client, people).content.decode()


def test_a_time_on_another_day_says_its_day(client, people):
    with time_machine.travel(START, tick=False) as clock:
        handover = actions.hand_over(people.therapist, people.session)
        actions.lock(handover, "handed_back")
        clock.shift(timedelta(days=1))
        actions.unlock(people.therapist, handover, PASSWORD)
    client.force_login(people.therapist)
    (row,) = _rows(_page(client, people).content.decode())
    assert row.endswith("Unlocked at 14:05 on 4 Dec with your password.")


def test_a_handover_tandem_closed_keeps_saying_so_after_it_is_unlocked(client, people):
    # The device still holds a hand-over the job closed, and unlocking it afterwards rewrites how
    # it ended: the page must still say Tandem closed it (helper-63 saw "Locked at 14:39: nobody
    # touched it for 3 minutes. Unlocked at 14:49" for one untouched since 14:05).
    with time_machine.travel(START, tick=False) as clock:
        put_down = actions.hand_over(people.therapist, people.session)
        clock.shift(timedelta(minutes=5))
        back = actions.hand_over(people.therapist, people.session)
        actions.lock(back, "handed_back")
        clock.shift(timedelta(minutes=3) + left_after() + timedelta(minutes=1))
        closed_at = timezone.localtime().strftime("%H:%M")
        assert close_left(timezone.now()) == 2
        clock.shift(timedelta(minutes=10))
        assert actions.unlock(people.therapist, put_down, PASSWORD).ok
        clock.shift(timedelta(minutes=1))
        assert actions.unlock(people.therapist, back, PASSWORD).ok
    put_down.refresh_from_db()
    assert put_down.ended_how == "password" and put_down.closed_by_tandem_at is not None
    client.force_login(people.therapist)
    rows = _rows(_page(client, people).content.decode())
    unlocked = (timezone.localtime(put_down.ended_at).strftime("%H:%M"),)
    assert rows == [
        f"3 Dec, 14:05 Nothing Left open, untouched after 14:05; "
        f"Tandem locked and closed it at {closed_at}. "
        f"Unlocked at {unlocked[0]} with your password.",
        f"3 Dec, 14:10 Nothing Locked at 14:10: the client stopped and handed it back. "
        f"Left locked; Tandem closed it at {closed_at}. "
        f"Unlocked at {timezone.localtime(Handover.objects.get(pk=back.pk).ended_at):%H:%M} "
        "with your password.",
    ]
