"""What a link opens, when it is not a session: supplied by the app that owns the thing.

A session's link is this app's own (``tandem.links.actions``). A link can also open a follow-up
check-in after the ending; the follow-up app imports this one (its emails carry links), so this
app cannot import it back. Instead the follow-up app registers a ``Purpose`` when Django starts
(``tandem.followup.apps``), and the link's pages and actions ask it what is waiting, whether the
check-in still takes answers, and to store an answer, through the same guarded path as a session's
link: the token, the limits, the one-answer-at-a-time lock and the audit records stay here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.http import HttpRequest

from tandem.core.instruments import Instrument
from tandem.links.models import QuestionnaireLink
from tandem.measures.actions import Submitted

FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class Purpose:
    # Whether the thing the link opens still takes answers (the link's own expiry, withdrawal
    # and use are checked by tandem.links.actions.state).
    takes_answers: Callable[[QuestionnaireLink], bool]
    # The questionnaires still waiting through the link, in the order they are asked.
    waiting: Callable[[QuestionnaireLink], list[Instrument]]
    # Store the client's answers to one of them (risk alerts and all, as the portal does).
    answer: Callable[[QuestionnaireLink, str, Mapping[str, object], HttpRequest | None], Submitted]
    # One line under the heading, in the client's words ("How you are now, …").
    about: Callable[[QuestionnaireLink], str]
    # Said after the last answer, below the thanks (what happens next), or "".
    afterwards: str = ""


_purposes: dict[str, Purpose] = {}


def register(name: str, purpose: Purpose) -> None:
    _purposes[name] = purpose


def purpose_of(link: QuestionnaireLink) -> Purpose | None:
    """The registered purpose of a link that opens no session; None for a session's link."""
    if link.follow_up_id is None:
        return None
    try:
        return _purposes[FOLLOW_UP]
    except KeyError:  # pragma: no cover - the follow-up app is always installed with this one
        raise LookupError("No app has registered what a follow-up link opens.") from None
