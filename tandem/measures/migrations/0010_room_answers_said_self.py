"""Answers given in the room before Tandem recorded how answers came in say "self": set them to
"room", with the therapist whose device recorded them, where the records prove it.

From the first hand-overs (issue 19.1) until entry methods gained "room" (0008), a room
answer was stored as the client's own: ``entry_method`` "self", ``respondent`` the client's login,
``entered_by`` empty. The same transaction wrote the audit record ``room.answer`` naming the
response, the hand-over and the device's therapist, and whether this call stored the answers
(``saved``; False when it returned answers the session already had). An answer is changed only
when all of these agree:

- a ``room.answer`` record names the response and says it was saved then;
- the hand-over it names still exists, is of the response's session, and its therapist is the
  record's ``device_of``;
- the response still says "self", is the client's side, has no ``entered_by``, and its respondent
  is who the record says answered (the client's login, as the code of the time recorded it);
- it was submitted while that hand-over was open (from its start to its lock, or its end).

Anything else is left as it is: a "self" answer without such a record may have been typed on the
client's own phone. An erased client's records hold no detail any more, and their answers are
gone with them. Going back leaves the answers as they are: "room" is the truth either way.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def answers_given_in_the_room(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Handover = apps.get_model("room", "Handover")
    Response = apps.get_model("measures", "Response")
    events = AuditEvent.objects.filter(action="room.answer", object_type="Response").values_list(
        "object_id", "actor_id", "detail"
    )
    for object_id, actor_id, detail in events.iterator():
        if not (isinstance(detail, dict) and detail.get("saved") is True):
            continue
        if actor_id is None or not (
            str(object_id).isdigit() and isinstance(detail.get("handover"), int)
        ):
            continue
        handover = Handover.objects.filter(pk=detail["handover"]).first()
        if handover is None or handover.therapist_id != detail.get("device_of"):
            continue
        until = handover.locked_at or handover.ended_at
        found = Response.objects.filter(
            pk=int(object_id),
            session_id=handover.session_id,
            entry_method="self",
            respondent_role="client",
            entered_by__isnull=True,
            respondent_id=actor_id,
            submitted_at__gte=handover.started_at,
        )
        if until is not None:
            found = found.filter(submitted_at__lte=until)
        found.update(entry_method="room", entered_by_id=handover.therapist_id)


class Migration(migrations.Migration):
    # In the measures app, whose answers it changes: a test that moves the measures app back to
    # an older schema then moves this back with it.
    dependencies = [
        ("measures", "0009_response_language"),
        ("room", "0002_handover_closed_when_left"),
        # Reads only fields every audit schema has: no later audit migration need come first
        # (tests/integrity/test_upgrade_the_audit_chain.py moves the audit app back alone).
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(answers_given_in_the_room, migrations.RunPython.noop),
    ]
