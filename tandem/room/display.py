"""The session page's part about hand-overs, as plain data (the care app shows it): each time the
session's questionnaires were handed to the client on a device, when, by whom, what was answered
on it and how it ended, in the reader's words.

Who may read it is who may read the session's page (``tandem.care.session_page`` asks the policy
first); this reads one query whatever the number of hand-overs, and matches the answers the page
has already read to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from tandem.accounts.models import User
from tandem.care.models import Session
from tandem.measures import registry, wording
from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.room.queries import given_on
from tandem.web import dates
from tandem.web.words import kept_together


def session_handovers(
    reader: User, session: Session, responses: Iterable[Response]
) -> list[dict[str, Any]]:
    """The session's hand-overs, oldest first, as rows for the page; empty when there were
    none. ``responses``: the session's answers the reader may see (the page's own)."""
    client = session.episode.client
    handovers = list(
        # Never another practice's row, even were a session's client ever to change practice.
        Handover.objects.filter(session=session, practice_id=client.practice_id)
        .select_related("therapist")
        .order_by("started_at", "id")
    )
    if not handovers:
        return []
    answered = given_on(handovers, responses)
    return [_row(reader, h, answered[h.pk]) for h in handovers]


def _short_title(instrument_id: str) -> str:
    instrument = registry.get(instrument_id)
    if instrument is None:
        return instrument_id
    return str(wording.shown(instrument).instrument.short_title)


def _row(reader: User, handover: Handover, answered: list[Response]) -> dict[str, Any]:
    mine = handover.therapist_id == reader.pk
    return {
        "started_at": handover.started_at,
        "by": None if mine else handover.therapist.name,
        "answered": [_short_title(r.instrument_id) for r in answered],
        "outcome": what_happened(handover, mine),
    }


def _at(moment: datetime, start: datetime) -> str:
    """The time alone on the day the hand-over began (in the reader's time zone), else the time
    and the day ("09:10 on 4 Dec"), so that the sentences around it read as a time either way."""
    local = timezone.localtime(moment)
    clock = f"{local:%H:%M}"
    if local.date() == timezone.localtime(start).date():
        return clock
    return pgettext("a time on another day than the hand-over began", "%(time)s on %(day)s") % {
        "time": clock,
        "day": dates.day(local),
    }


def what_happened(handover: Handover, mine: bool) -> list[str]:
    """How the hand-over went, in a clinician's words: why it locked, then how it ended."""
    start = handover.started_at
    if handover.locked_at is None and handover.ended_at is None:
        return [_("Still in the client's hands: not locked yet.")]
    said: list[str] = []
    closed = handover.closed_by_tandem_at
    job_locked = closed is not None and handover.locked_at == closed
    if job_locked:
        # Left open mid-questionnaire: the hourly job locked and closed it in one go.
        assert closed is not None
        said.append(
            _("Left open, untouched after %(used)s; Tandem locked and closed it at %(closed)s.")
            % {"used": _at(handover.last_activity, start), "closed": _at(closed, start)}
        )
    elif handover.locked_at is not None:
        said.append(_locked(handover, _at(handover.locked_at, start)))
    if closed is not None and not job_locked and handover.ended_how != "abandoned":
        # Locked on the device and left locked: the job closed it, and it was unlocked after.
        said.append(_("Left locked; Tandem closed it at %(time)s.") % {"time": _at(closed, start)})
    if handover.ended_at is None:
        said.append(_("Still locked: nobody has unlocked it yet."))
    elif not (job_locked and handover.ended_how == "abandoned"):
        # How it ended: unlocked (perhaps after Tandem closed it), signed out, or closed by Tandem
        # while locked on the device ("Nobody unlocked it", at its end).
        said.append(_ended(handover, mine, _at(handover.ended_at, start)))
    wrong = handover.unlock_attempts - (1 if handover.ended_how in ("password", "pin") else 0)
    if wrong > 0 and handover.ended_how != "signed_out":
        said.append(
            ngettext(
                "%(count)s wrong try at unlocking it.",
                "%(count)s wrong tries at unlocking it.",
                wrong,
            )
            % {"count": wrong}
        )
    return said


def _locked(handover: Handover, at: str) -> str:
    reason = handover.lock_reason
    if reason == "done":
        return _("Locked at %(time)s: the client had answered everything.") % {"time": at}
    if reason == "handed_back":
        return _("Locked at %(time)s: the client stopped and handed it back.") % {"time": at}
    if reason == "idle":
        minutes = max(handover.idle_seconds // 60, 1)
        return ngettext(
            "Locked at %(time)s: nobody touched it for %(minutes)s minute.",
            "Locked at %(time)s: nobody touched it for %(minutes)s minutes.",
            minutes,
        ) % {"time": at, "minutes": minutes}
    if reason == "left":
        return _("Locked at %(time)s: someone tried to leave the questionnaires.") % {"time": at}
    return _("Locked at %(time)s.") % {"time": at}


def _ended(handover: Handover, mine: bool, at: str) -> str:
    how, name = handover.ended_how, kept_together(handover.therapist.name)
    if how == "password" and mine:
        return _("Unlocked at %(time)s with your password.") % {"time": at}
    if how == "password":
        return _("Unlocked at %(time)s with %(name)s's password.") % {"time": at, "name": name}
    if how == "pin":
        return _("Unlocked at %(time)s with the practice PIN.") % {"time": at}
    if how == "signed_out" and mine:
        return _(
            "Too many wrong tries at unlocking it: you were signed out on the device at %(time)s."
        ) % {"time": at}
    if how == "signed_out":
        return _(
            "Too many wrong tries at unlocking it: %(name)s was signed out on the device at "
            "%(time)s."
        ) % {"time": at, "name": name}
    if how == "abandoned":
        return _("Nobody unlocked it; Tandem closed it at %(time)s.") % {"time": at}
    return _("Ended at %(time)s.") % {"time": at}
