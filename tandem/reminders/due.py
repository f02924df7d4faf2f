"""Questionnaire reminders: which clients are due one now, and the email they get.

A client is reminded when something is due for their latest session (``due_for_episodes``) and
the practice's policy says a reminder slot has come: the first ``first_after_hours`` after the
session was recorded, then every ``repeat_every_days``, at most ``max_reminders`` times. A slot
that passed while no worker ran is not sent late in a burst: only the current slot is sent.

After the ending. An ended episode's last session may still have questionnaires due (the
practice's "last session" timepoint, open for ``LAST_SESSION_OPEN_DAYS`` days from the day the
episode ended: tandem.core.schedule). The client is reminded of them once, ``first_after_hours``
after the therapist recorded the ending, and only while they are open: an episode that ended
longer ago than that (an ending recorded late, with a day long past) gets no reminder at all. No
reminder follows if one for that session already went out after the ending (it said the same).
The email says nothing clinical — no questionnaire name, no score, not the therapist — only that
something is waiting, and a link to the portal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.care.models import Episode, EpisodeEvent, Session
from tandem.core.schedule import LAST_SESSION_OPEN_DAYS
from tandem.errors import ActionError
from tandem.links.actions import MadeLink, create_link
from tandem.links.actions import policy_for as link_policy_for
from tandem.links.emailing import send_claimed_email
from tandem.links.models import QuestionnaireLink
from tandem.measures.due import due_for_episodes
from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.tasks.delivery import claim

logger = logging.getLogger(__name__)

# Episodes read per round trip when scanning; bounds memory at any practice size.
_CHUNK = 500


def policy_for(practice_id: int) -> ReminderPolicy:
    """The practice's policy, or the defaults (unsaved) if it never set one."""
    policy = ReminderPolicy.objects.filter(practice_id=practice_id).first()
    return policy or ReminderPolicy(practice_id=practice_id)


def slot_at(policy: ReminderPolicy, recorded_at: datetime, now: datetime) -> int | None:
    """Which reminder (1, 2, …) is current at ``now`` for a session recorded at ``recorded_at``."""
    elapsed = now - (recorded_at + timedelta(hours=policy.first_after_hours))
    if elapsed < timedelta(0):
        return None
    slot = 1 + int(elapsed / timedelta(days=policy.repeat_every_days))
    return slot if slot <= policy.max_reminders else None


@dataclass(frozen=True)
class DueReminder:
    client_id: int
    session_id: int
    slot: int
    ending: bool = False


def endings(episodes: list[Episode]) -> dict[int, datetime]:
    """When each ended episode's ending was recorded (its last "ended" event; the start of the day
    it ended for one without), for those still the client's latest: a client who has come back
    sees only their new episode in the portal, and is reminded of that one's questionnaires."""
    latest = dict(
        Episode.objects.filter(client_id__in={e.client_id for e in episodes})
        .values("client_id")
        .annotate(n=Max("number"))
        .values_list("client_id", "n")
    )
    episodes = [e for e in episodes if latest.get(e.client_id) == e.number]
    found: dict[int, datetime] = dict(
        EpisodeEvent.objects.filter(episode__in=episodes, kind="ended")
        .values("episode_id")
        .annotate(at=Max("at"))
        .values_list("episode_id", "at")
    )
    for episode in episodes:
        if episode.pk not in found and episode.ended_on is not None:
            found[episode.pk] = timezone.make_aware(
                datetime.combine(episode.ended_on, datetime.min.time())
            )
    return found


def due_reminders(now: datetime | None = None) -> list[DueReminder]:
    """Every reminder slot that has come and has not been created yet."""
    now = now or timezone.now()
    # Ended episodes only while their last session's questionnaires can still be open.
    ended_since = timezone.localdate(now) - timedelta(days=LAST_SESSION_OPEN_DAYS)
    policies: dict[int, ReminderPolicy] = {}
    found: list[DueReminder] = []
    episodes = (
        Episode.objects.filter(
            Q(status=Episode.ACTIVE) | Q(status=Episode.ENDED, ended_on__gte=ended_since),
            client__reminders=True,
            client__user__is_active=True,
        )
        .select_related("client")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        chunk = list(episodes.filter(pk__gt=last_pk)[:_CHUNK])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        ended = endings([e for e in chunk if e.status == Episode.ENDED])
        for entry in due_for_episodes(chunk, respondent="client").values():
            session = entry.last_session
            if session is None or not entry.client:
                continue
            practice_id = entry.episode.client.practice_id
            if practice_id not in policies:
                policies[practice_id] = policy_for(practice_id)
            policy = policies[practice_id]
            if not policy.active:
                continue
            if entry.episode.status == Episode.ENDED:
                ending = ended.get(entry.episode.pk)
                if ending is not None and ending_due(policy, ending, now, session):
                    found.append(DueReminder(entry.episode.client_id, session.pk, 1, True))
                continue
            slot = slot_at(policy, session.created_at, now)
            if slot is not None:
                found.append(DueReminder(entry.episode.client_id, session.pk, slot))
    if not found:
        return []
    existing = set(
        Reminder.objects.filter(session_id__in=[d.session_id for d in found]).values_list(
            "session_id", "slot", "ending"
        )
    )
    return [d for d in found if (d.session_id, d.slot, d.ending) not in existing]


def ending_due(policy: ReminderPolicy, ending: datetime, now: datetime, session: Session) -> bool:
    """Whether the reminder after the ending has come for ``session`` (the episode's last): the
    practice's first delay after the ending was recorded, unless a reminder for that session went
    out since the ending (it pointed to the same questionnaires)."""
    if now < ending + timedelta(hours=policy.first_after_hours):
        return False
    return not Reminder.objects.filter(
        session_id=session.pk, ending=False, sent_at__gte=ending
    ).exists()


def create_reminder(due: DueReminder, now: datetime | None = None) -> Reminder | None:
    """Claim a reminder slot; ``None`` when someone else already has (the unique constraint)."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                client_id=due.client_id,
                session_id=due.session_id,
                slot=due.slot,
                ending=due.ending,
                created_at=now or timezone.now(),
            )
    except IntegrityError:
        return None


def reminder_email(first_name: str, link: str = "", until: str = "") -> tuple[str, str]:
    """Subject and body: warm, plain, and free of anything clinical. ``link`` is a personal
    questionnaire link (tandem.links) when the practice sends them with reminders, working until
    ``until``; otherwise the email links to the portal, where the client signs in. In the active
    language: the caller writes it inside ``writing_to(user)`` (docs/i18n.md)."""
    hello = _("Hello %(name)s,") % {"name": first_name} if first_name else _("Hello,")
    if link:
        stops = (
            _(
                "This link opens it without signing in. It is yours alone, so please do not pass "
                "it on; it stops working once you have answered, or on %(until)s."
            )
            % {"until": until}
            if until
            else _(
                "This link opens it without signing in. It is yours alone, so please do not pass "
                "it on; it stops working once you have answered."
            )
        )
        where = f"{link}\n\n{stops}\n\n"
    else:
        where = f"{settings.TANDEM_BASE_URL + reverse('portal_home')}\n\n"
    body = (
        f"{hello}\n\n"
        + _(
            "There is something waiting for you in Tandem. It takes a few minutes, and your "
            "answers help you and your therapist see how things are going."
        )
        + f"\n\n{where}"
        + _("If now is not a good time, that is fine — it will keep until you are ready.")
        + "\n\n"
        + _("You can turn these reminders off on your settings page in Tandem.")
        + "\n"
    )
    return _("A gentle reminder from Tandem"), body


def still_due(reminder: Reminder) -> bool:
    """Whether the session still has something for the client to fill in, and they want reminding."""
    session = Session.objects.select_related("episode__client__user").get(pk=reminder.session_id)
    client = session.episode.client
    if not client.reminders or client.user is None or not client.user.is_active:
        return False
    entry = due_for_episodes([session.episode], respondent="client")[session.episode_id]
    return (
        bool(entry.client)
        and entry.last_session is not None
        and entry.last_session.pk == session.pk
    )


def reminder_link(reminder: Reminder, via: str, token: str = "") -> MadeLink | None:
    """A personal questionnaire link for the reminder's session, where the practice sends them
    with reminders; None to link to the portal instead. ``via``: the email or the text message."""
    if not link_policy_for(reminder.client.practice_id).in_reminders:
        return None
    session = Session.objects.select_related("episode__client__user").get(pk=reminder.session_id)
    try:
        return create_link(None, session, via=via, token=token)
    except ActionError:
        logger.info("no link for a reminder", extra={"reminder": reminder.pk})
        return None


def email_key(reminder: Reminder) -> str:
    """The delivery key of a reminder's email (tandem.tasks.delivery): one email per reminder,
    whether it went as the client chose or instead of a text that did not reach them."""
    return f"reminder-email:{reminder.pk}"


def email_reminder(reminder: Reminder) -> bool:
    """Email ``reminder`` to its client once; False when it had been emailed already. The email's
    delivery key is claimed before anything is sent, so that a run at the same moment (a retried
    job, the reminder's own job beside a text's email instead) sends nothing: it raises
    ``StillSending``, and the worker tries it again later. A failure to send raises too (the
    caller's job is tried again), gives the claim back and withdraws the link it carried."""
    key = email_key(reminder)
    if not claim(key):
        return False
    client = reminder.client
    assert client.user is not None  # still_due: it has a login
    send_claimed_email(
        key,
        client.user,
        lambda: reminder_link(reminder, QuestionnaireLink.REMINDER),
        reminder_email,
        not_sent="the reminder email was not sent",
    )
    return True
