"""A client's right of access and to erasure: everything about them as one file, then erased.

Erasure removes the client's record, every episode, session, answer, goal, plan, risk alert and
safety plan, their invitations and their login. The audit trail keeps its records (who did what,
when, to which numbered record, with what outcome) because the law that gives the right to erasure
also requires that processing can be accounted for; their personal details (email addresses, IP
addresses, a therapist's reason written about the client) are erased in the same transaction
(``tandem.audit.redaction``), and the hash chain still verifies.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Invitation, User, UserSession
from tandem.audit.chain import record
from tandem.audit.redaction import redact_client
from tandem.care.models import Client
from tandem.errors import ActionError
from tandem.web.words import plain_spaces


def client_record(client: Client, for_the_client: bool = False) -> dict[str, Any]:
    """Everything Tandem holds about one client, as plain data (for the export before erasure).

    ``for_the_client``: the client's own download, which also holds their mobile number; staff
    never see it (tandem.sms: a phone number identifies someone far beyond Tandem).
    """
    from tandem.measures.models import Response
    from tandem.safety.models import RiskAlert, SafetyPlan

    plan = SafetyPlan.objects.filter(client=client).first()
    return {
        "exported_at": timezone.now().isoformat(),
        "client": {
            "id": client.pk,
            "name": client.display_name,
            "practice": client.practice.name,
            "email": client.user.email if client.user else None,
            "share_with_supervisor": client.share_with_supervisor,
            "reminders": client.reminders,
        },
        "episodes": [
            {
                "number": e.number,
                "status": e.status,
                "started_on": str(e.started_on),
                "ended_on": str(e.ended_on) if e.ended_on else None,
                "end_reason": e.end_reason,
                "end_note": e.end_note,
                "sessions": [
                    {"number": s.number, "date": str(s.date), "attendance": s.attendance}
                    for s in e.sessions.all()
                ],
                "goals": [
                    {"text": g.text, "status": g.status, "progress": g.progress}
                    for g in e.goals.all()
                ],
                "practice_plans": [
                    {"title": p.title, "description": p.description, "how_often": p.how_often}
                    for p in e.plans.all()
                ],
                "history": [
                    {"what": ev.kind, "note": ev.note, "at": ev.at.isoformat()}
                    for ev in e.events.all()
                ],
            }
            for e in client.episodes.order_by("number")
        ],
        # Everything answered about this client's care, except a therapist's private notes to self.
        "responses": [
            {
                "instrument": r.instrument_id,
                "version": r.instrument_version,
                "by": r.respondent_role,
                # "self", or "paper", "phone", "read_aloud": given so, and typed in by the
                # therapist (issue 19.5)
                "how": r.entry_method,
                "session": r.session.number if r.session else None,
                "episode": r.episode.number if r.episode else None,
                "answers": r.answers,
                "total": r.total,
                "submitted_at": r.submitted_at.isoformat(),
            }
            for r in Response.objects.filter(episode__client=client, private=False).select_related(
                "session", "episode"
            )
        ],
        "safety_plan": None
        if plan is None
        else {
            "warning_signs": plan.warning_signs,
            "coping_steps": plan.coping_steps,
            "people_and_places": plan.people_and_places,
            "professional_contacts": plan.professional_contacts,
        },
        "risk_alerts": [
            {
                "raised_at": a.raised_at.isoformat(),
                "question": a.question,
                "answer": a.answer_label,
                "acknowledged_at": a.acknowledged_at.isoformat() if a.acknowledged_at else None,
                "note": a.acknowledgement,
            }
            for a in RiskAlert.objects.filter(client=client)
        ],
        "text_messages": _texts(client, for_the_client),
        "follow_ups": _follow_ups(client),
    }


def _follow_ups(client: Client) -> list[dict[str, Any]]:
    """The check-ins after an ending (their answers are among the responses) and what each
    raised: whether the client asked to talk again or was reliably worse, and what the practice
    did about it, its note included (a note about the client is theirs to read)."""
    from tandem.followup.models import FollowUp, ReturningRequest

    requests = {
        r.follow_up_id: r for r in ReturningRequest.objects.filter(client=client).order_by("id")
    }

    def when(moment: Any) -> str | None:
        return moment.isoformat() if moment else None

    found = []
    for f in FollowUp.objects.filter(episode__client=client).select_related("episode"):
        request = requests.get(f.pk)
        found.append(
            {
                "episode": f.episode.number,
                "months_after_ending": f.months,
                "due_on": str(f.due_on),
                "answered_at": when(f.answered_at),
                "returning_request": None
                if request is None
                else {
                    "asked_to_talk_again": request.wants_to_talk,
                    "reliably_worse_on": request.worsened,
                    "made_at": when(request.created_at),
                    "seen_at": when(request.acknowledged_at),
                    "closed_at": when(request.closed_at),
                    "note": request.close_note,
                },
            }
        )
    return found


def _texts(client: Client, for_the_client: bool) -> dict[str, Any] | None:
    """The client's texts (issue 19.3): how reminders reach them, and each text's purpose and
    how far it got. Texts keep no words; the number only in the client's own download."""
    from tandem.sms.models import TextMessage, TextNumber

    number = TextNumber.objects.filter(client=client).first()
    sent = [
        {
            "purpose": m.purpose,
            "status": m.status,
            "created_at": m.created_at.isoformat(),
            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            "emailed_instead_at": m.emailed_instead_at.isoformat()
            if m.emailed_instead_at
            else None,
        }
        for m in TextMessage.objects.filter(client=client).order_by("created_at", "id")
    ]
    if number is None and not sent:
        return None
    return {
        "number": (number.given if for_the_client else _("(shown only to the client)"))
        if number is not None
        else None,
        "verified_at": number.verified_at.isoformat()
        if number is not None and number.verified_at
        else None,
        "stopped_at": number.stopped_at.isoformat()
        if number is not None and number.stopped_at
        else None,
        "reminders_by": number.reminders_by if number is not None else None,
        "messages": sent,
    }


def downloaded_record(
    actor: User, client: Client, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The client's whole record for the right of access, audited as an export. Only for the
    client themselves or their therapist: callers check that through the policy (16.3)."""
    record(
        actor=actor,
        action="export",
        obj=client,
        client_id=client.pk,
        practice_id=client.practice_id,
        request=request,
        detail={"what": "the client's whole record (right of access)"},
    )
    return client_record(client, for_the_client=actor.pk == client.user_id)


def erasure_summary(client: Client) -> dict[str, Any]:
    """What erasure will remove, as counts: what a practice admin may see before erasing.

    An admin sees no clinical answers (the policy), so this holds no answer, note, goal text or
    safety plan; the record itself goes to the client (portal) or their therapist (issue 16.3).
    """
    from tandem.measures.models import Response
    from tandem.safety.models import RiskAlert, SafetyPlan

    episodes = client.episodes.all()
    by_instrument: dict[str, int] = {}
    for instrument_id in Response.objects.filter(episode__client=client).values_list(
        "instrument_id", flat=True
    ):
        by_instrument[instrument_id] = by_instrument.get(instrument_id, 0) + 1
    return {
        "exported_at": timezone.now().isoformat(),
        "what": "what erasure will remove, as counts; no clinical content",
        "client": {"id": client.pk, "name": client.display_name},
        "episodes": episodes.count(),
        "sessions": sum(e.sessions.count() for e in episodes),
        "goals": sum(e.goals.count() for e in episodes),
        "practice_plans": sum(e.plans.count() for e in episodes),
        "questionnaires": dict(sorted(by_instrument.items())),
        "safety_plan": SafetyPlan.objects.filter(client=client).exists(),
        "risk_alerts": RiskAlert.objects.filter(client=client).count(),
        "has_login": client.user_id is not None,
    }


@transaction.atomic
def erase_client(
    actor: User, client: Client, confirm_name: str, request: HttpRequest | None = None
) -> None:
    # The page shows the name with a no-break space beside an initial (kept_together): the name
    # copied from it, with that space, confirms as the name typed does.
    if plain_spaces(confirm_name).strip() != plain_spaces(client.display_name):
        raise ActionError(_("Type the client's name exactly as shown to confirm."))
    client_id, practice_id = client.pk, client.practice_id
    user = client.user
    # Record first, inside the same transaction: if erasure fails, so does its record. It holds
    # no personal data about the client: their number and counts only.
    erasure = record(
        actor=actor,
        action="client.erase",
        client_id=client_id,
        practice_id=practice_id,
        request=request,
        detail={"episodes": client.episodes.count()},
    )
    # Every earlier audit record about the client or made by their login loses its personal
    # details (and notes the count in the erasure's record); who did what, when, stays.
    redact_client(client_id, user.pk if user is not None else None, erasure)
    # Stored answers to retried API requests are copies of this client's answers, kept under
    # whoever sent them (their therapist, say): they go too (issue 16.11).
    from tandem.api.models import IdempotencyKey

    episode_ids = list(client.episodes.values_list("pk", flat=True))
    IdempotencyKey.objects.filter(body__episode_id__in=episode_ids).delete()
    client.delete()  # cascades to episodes, sessions, responses, goals, plans, risk alerts, plan
    if user is not None:
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The sign-in throttle's own logs hold the email address too.
        for log in (AccessAttempt, AccessFailureLog, AccessLog):
            log.objects.filter(username=user.email).delete()
        Invitation.objects.filter(user=user).delete()
        UserSession.objects.filter(user=user).delete()
        user.delete()
