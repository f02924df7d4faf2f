"""Room answers stored before Tandem recorded the way in ("self", no one entered them) become
"room", entered by the therapist whose device recorded them, only where the audit record of the
time, the hand-over and the answer all agree; every other "self" answer stays as it was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tandem.audit.chain import record
from tandem.measures.models import Response
from tandem.room.models import Handover

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("measures", "0009_response_language")]


def _migrate(targets: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _old_room_answer(people: Any, handover: Handover, instrument_id: str, **event: Any) -> Response:
    """What the room stored before measures 0008: the client's own answer, and its record."""
    response = Response.objects.create(
        episode=people.episode,
        session=people.session,
        instrument_id=instrument_id,
        respondent=people.client_user,
        respondent_role="client",
        answers={},
        submitted_at=event.pop("at", handover.started_at + timedelta(minutes=1)),
    )
    detail = {
        "handover": handover.pk,
        "instrument": instrument_id,
        "device_of": handover.therapist_id,
        "saved": True,
    } | event.pop("detail", {})
    record(
        actor=event.pop("actor", people.client_user),
        action="room.answer",
        obj=response,
        client_id=people.client.pk,
        practice_id=people.practice.pk,
        detail=detail,
    )
    return response


def test_room_answers_proven_by_their_record_become_room_and_no_others(people):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    _migrate(BEFORE)
    try:
        start = timezone.now() - timedelta(days=2)
        handover = Handover.objects.create(
            practice=people.practice,
            therapist=people.therapist,
            client=people.client,
            session=people.session,
            idle_seconds=180,
            started_at=start,
            locked_at=start + timedelta(minutes=10),
            lock_reason="done",
            ended_at=start + timedelta(minutes=11),
            ended_how="password",
        )
        proven = _old_room_answer(people, handover, "partnership")
        # Returned answers the session already had: not proof it was typed in the room.
        not_saved = _old_room_answer(people, handover, "phq9", detail={"saved": False})
        # Submitted after the device locked: it cannot have been typed on it.
        after_lock = _old_room_answer(people, handover, "gad7", at=start + timedelta(minutes=20))
        # Another therapist's device named: does not agree with the hand-over.
        other_device = _old_room_answer(
            people, handover, "growth", detail={"device_of": people.colleague.pk}
        )
        # The record says someone else answered.
        other_actor = _old_room_answer(people, handover, "reliance", actor=people.therapist)
        # A hand-over that no longer exists.
        gone = _old_room_answer(people, handover, "spin", detail={"handover": handover.pk + 99})
        # Typed by the client on their own phone meanwhile: no room record at all.
        own_phone = Response.objects.create(
            episode=people.episode,
            session=people.session,
            instrument_id="pcl5",
            respondent=people.client_user,
            respondent_role="client",
            answers={},
            submitted_at=start + timedelta(minutes=2),
        )
    finally:
        _migrate(latest)

    shown = {
        r.pk: (r.entry_method, r.entered_by_id)
        for r in Response.objects.filter(session=people.session)
    }
    assert shown[proven.pk] == ("room", people.therapist.pk)
    for left in (not_saved, after_lock, other_device, other_actor, gone, own_phone):
        assert shown[left.pk] == ("self", None), left.instrument_id
    # The client is still who answered.
    assert Response.objects.get(pk=proven.pk).respondent_id == people.client_user.pk


def test_the_session_page_then_lists_the_answer_on_its_hand_over(client, people):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    _migrate(BEFORE)
    try:
        start = timezone.now() - timedelta(hours=1)
        handover = Handover.objects.create(
            practice=people.practice,
            therapist=people.therapist,
            client=people.client,
            session=people.session,
            idle_seconds=180,
            started_at=start,
            locked_at=start + timedelta(minutes=5),
            lock_reason="handed_back",
        )
        _old_room_answer(people, handover, "phq9")
    finally:
        _migrate(latest)
    client.force_login(people.therapist)
    html = client.get(f"/sessions/{people.session.pk}/").content.decode()
    section = html.split("Handed to the client in the room", 1)[1].split("</section>", 1)[0]
    assert "PHQ-9" in section
    assert "Answered by the client in the room, on your device." in html
