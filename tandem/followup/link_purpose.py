"""What a personal questionnaire link to a follow-up check-in opens (tandem.links.purposes).

The link app keeps the token, its limits, the lock that takes one answer at a time and the audit
records; this module tells it what the check-in still asks and stores an answer the way the
portal's check-in page does (``answer_follow_up``: the returning-client request included).
Registered when Django starts (tandem.followup.apps).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest
from django.utils.translation import gettext_lazy, ngettext

from tandem.core.instruments import Instrument
from tandem.followup import checkin
from tandem.followup.actions import answer_follow_up
from tandem.followup.models import FollowUp
from tandem.links.models import QuestionnaireLink
from tandem.links.purposes import Purpose
from tandem.measures.actions import Submitted


def _follow_up(link: QuestionnaireLink) -> FollowUp:
    # Read afresh each time: answers given in the portal meanwhile count.
    return FollowUp.objects.select_related("episode__client").get(pk=link.follow_up_id)


def takes_answers(link: QuestionnaireLink) -> bool:
    follow_up = _follow_up(link)
    return follow_up.episode.client_id == link.client_id and checkin.is_open(follow_up)


def waiting(link: QuestionnaireLink) -> list[Instrument]:
    return checkin.remaining(_follow_up(link))


def answer(
    link: QuestionnaireLink,
    instrument_id: str,
    answers: Mapping[str, object],
    request: HttpRequest | None,
) -> Submitted:
    return answer_follow_up(link.user, _follow_up(link), instrument_id, answers, request)


def about(link: QuestionnaireLink) -> str:
    months = _follow_up(link).months
    return ngettext(
        "A few short questions about how you are now, %(months)s month after your therapy "
        "ended. They take about five minutes.",
        "A few short questions about how you are now, %(months)s months after your therapy "
        "ended. They take about five minutes.",
        months,
    ) % {"months": months}


PURPOSE = Purpose(
    takes_answers=takes_answers,
    waiting=waiting,
    answer=answer,
    about=about,
    # No therapist's name on a link's pages: the practice stands for them.
    afterwards=gettext_lazy(
        "If you said you would like to talk again, the practice will be in touch. You can "
        "always contact the practice yourself, too."
    ),
)
