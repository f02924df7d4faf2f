"""Whose answers they are when someone else brings them in, and giving them to the client's login
when the client takes one up (issue 19).

Answers a client gave on paper, by phone or aloud (typed in by their therapist), on the device
handed to them in the room, or in an imported file are the client's: ``respondent_role`` is
"client", and the episode says which client. ``respondent`` is the client's login only once they
have taken it up (chosen a password); until then it is empty, because an invitation not taken up
may still go to another address, and the login made for it would be deleted or left behind
(``tandem.care.actions.invite_client``). When the client accepts their invitation, their
earlier answers are given to their login in the same transaction (:func:`give_to_login`).

Everything that reads a client's answers for their therapist, a report or an export goes by the
episode, never by ``respondent``; only the client's own pages (their progress, their ending) go
by their login, and those answers are theirs by then.
"""

from __future__ import annotations

from django.http import HttpRequest

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Client
from tandem.measures.models import Response


def client_login(client: Client) -> User | None:
    """The client's login if they have taken it up (it has a password); None until then."""
    user = client.user
    if user is None or not user.has_usable_password():
        return None
    return user


def give_to_login(user: User, request: HttpRequest | None = None) -> int:
    """The answers stored for the client whose login ``user`` is, before they had one, become
    theirs (``respondent`` set); audited as ``responses.link``. Returns how many.

    Called inside the transaction that accepts the client's invitation. Only the client record
    linked to this very login is looked at, and only answers without a respondent on that
    client's own episodes are changed: answers already someone's are never moved, and a login
    that is not a client's (staff, another invitation) gets nothing.
    """
    client = Client.objects.filter(user=user).first()
    if client is None or not user.is_client or user.is_staff_member:
        return 0
    linked = Response.objects.filter(
        episode__client=client,
        respondent_role=Response.CLIENT,
        respondent__isnull=True,
        private=False,
    ).update(respondent=user)
    if linked:
        record(
            actor=user,
            action="responses.link",
            obj=client,
            client_id=client.pk,
            practice_id=client.practice_id,
            request=request,
            detail={"responses": linked},
        )
    return linked
