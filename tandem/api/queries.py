"""What a caller may see, as querysets built on the one permission policy (tandem.policy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem import policy
from tandem.care.models import Client, Episode, Session
from tandem.measures.models import Response


def is_client_only(user: Any) -> bool:
    return bool(user.is_client and not user.is_staff_member)


def clients(user: Any) -> QuerySet[Client]:
    """Clinical clients, plus (for a practice admin) the names and assignments they manage."""
    visible = policy.clinical_clients(user).values("pk")
    managed = policy.managed_clients(user).values("pk")
    return Client.objects.filter(Q(pk__in=visible) | Q(pk__in=managed))


def episodes(user: Any) -> QuerySet[Episode]:
    return Episode.objects.filter(client__in=policy.clinical_clients(user).values("pk"))


def sessions(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(episode__in=episodes(user).values("pk"))


def responses(user: Any) -> QuerySet[Response]:
    """The same rule as ``policy.can_view_response``, as one query."""
    if not user.is_authenticated:
        return Response.objects.none()
    own = Q(respondent=user)
    if is_client_only(user):
        return Response.objects.filter(own)
    in_reach = Q(episode__client__in=policy.clinical_clients(user).values("pk"))
    return Response.objects.filter((in_reach & (Q(private=False) | own)) | (own & Q(private=True)))


def get_or_404(queryset: QuerySet[Any], pk: int) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def editable_episode(user: Any, pk: int) -> Episode:
    """An episode the caller may write to: a client their own, a therapist one they hold."""
    episode = get_or_404(episodes(user).select_related("client"), pk)
    if is_client_only(user):
        if episode.client.user_id != user.pk:
            raise Http404("Not found")
        return episode  # type: ignore[no-any-return]
    if not policy.can_edit_episode(user, episode):
        raise Http404("Not found")
    return episode  # type: ignore[no-any-return]
