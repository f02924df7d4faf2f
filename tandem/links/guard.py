"""The two limits on questionnaire links: guessing tokens, and hammering one link.

Guessing: every address that tries a token matching no link is counted; after as many wrong links
as a sign-in allows wrong passwords (TANDEM_LOGIN_FAILURE_LIMIT) within the sign-in cool-off
(TANDEM_LOGIN_COOLOFF_MINUTES), no link opens from that address until the cool-off has passed,
right ones included, so that guessing cannot go on in the background. With 256-bit tokens guessing
is hopeless anyway; the pause keeps it from costing the server anything.

One link: at most ``HITS_PER_HOUR`` requests an hour, far more than a person answering three
questionnaires needs, so that a link posted somewhere public cannot be used to flood the practice.

Counts are kept in the database (every worker process sees the same ones) and changed with single
UPDATE statements, never read-then-write, so two requests at once cannot both slip under a limit.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tandem.links.models import LinkGuess, QuestionnaireLink

logger = logging.getLogger(__name__)

HITS_PER_HOUR = 60


def _cooloff() -> timedelta:
    return settings.AXES_COOLOFF_TIME  # type: ignore[no-any-return]


def _limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def is_paused(address: str) -> bool:
    """Whether links are paused for ``address`` after too many wrong ones."""
    return LinkGuess.objects.filter(address=address, locked_until__gt=timezone.now()).exists()


def charge_wrong_link(address: str) -> bool:
    """Count a wrong link from ``address``; True when this one paused it."""
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                LinkGuess.objects.get_or_create(address=address, defaults={"since": now})
        except IntegrityError:
            pass  # made by a request at the same moment: count on it
        mine = LinkGuess.objects.filter(address=address)
        # A count from before the cool-off (or a pause that has ended) starts again.
        mine.filter(since__lte=now - _cooloff()).update(failures=0, since=now, locked_until=None)
        mine.update(failures=F("failures") + 1)
        paused = mine.filter(failures__gte=_limit(), locked_until__isnull=True).update(
            locked_until=now + _cooloff()
        )
    if paused:
        logger.warning("questionnaire links paused after wrong links", extra={"address": address})
    return bool(paused)


def charge_hit(link: QuestionnaireLink) -> bool:
    """Count one request on ``link``; False when it has had its hour's share."""
    now = timezone.now()
    rows = QuestionnaireLink.objects.filter(pk=link.pk)
    rows.filter(hits_since__lte=now - timedelta(hours=1)).update(hits=0, hits_since=now)
    return rows.filter(hits__lt=HITS_PER_HOUR).update(hits=F("hits") + 1) == 1


def forget_old_guesses() -> int:
    """Delete the counts that no longer limit anything: begun before the cool-off, and not paused
    (or paused until a time now past). Returns how many addresses were forgotten."""
    now = timezone.now()
    stale = LinkGuess.objects.filter(since__lte=now - _cooloff()).exclude(locked_until__gt=now)
    deleted, _ = stale.delete()
    return deleted
