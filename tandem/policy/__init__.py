"""Who may see and change what. The one permission policy every page, API route and export uses.

The rules (issue #3):
- nothing crosses practices;
- a therapist sees and changes the clinical record of the clients they are assigned to, and of
  episodes they hold;
- a supervisor sees (read only) the clients of therapists they supervise, where the client consented;
- a practice admin sees the practice's people, assignments and schedules, but clinical answers only
  where they are also the client's therapist;
- a client sees only themselves;
- private answers (a therapist's reflection and self-care check) are seen by the person who gave them.

Objects outside a person's reach are answered with 404, so their existence is not revealed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.accounts.models import User
from tandem.care.models import Client, Episode, Session
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.links.models import QuestionnaireLink
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert


def _same_practice(user: User, practice_id: int | None) -> bool:
    return bool(user.is_authenticated and user.practice_id and user.practice_id == practice_id)


def clinical_clients(user: User) -> QuerySet[Client]:
    """Clients whose clinical record this person may read."""
    if not user.is_authenticated or not user.practice_id:
        return Client.objects.none()
    base = Client.objects.filter(practice_id=user.practice_id)
    condition = Q(pk__in=[])
    if user.is_therapist:
        condition |= Q(therapist=user) | Q(episodes__therapist=user)
    if user.is_supervisor:
        condition |= Q(
            share_with_supervisor=True,
            therapist__supervisors__supervisor=user,
        )
    if user.is_client:
        condition |= Q(user=user)
    return base.filter(condition).distinct()


def managed_clients(user: User) -> QuerySet[Client]:
    """Clients whose name and assignment a practice admin manages (no clinical data)."""
    if not user.is_authenticated or not user.is_practice_admin or not user.practice_id:
        return Client.objects.none()
    return Client.objects.filter(practice_id=user.practice_id)


def can_view_clinical(user: User, client: Client) -> bool:
    return clinical_clients(user).filter(pk=client.pk).exists()


def can_edit_clinical(user: User, client: Client) -> bool:
    """Therapists write the record of their own clients; supervisors and admins only read."""
    if not (_same_practice(user, client.practice_id) and user.is_therapist):
        return False
    return client.therapist_id == user.pk or client.episodes.filter(therapist=user).exists()


def can_edit_episode(user: User, episode: Episode) -> bool:
    return (
        _same_practice(user, episode.client.practice_id)
        and user.is_therapist
        and (episode.therapist_id == user.pk or episode.client.therapist_id == user.pk)
    )


def can_enter_answers(user: User, episode: Episode) -> bool:
    """Answers a client gave on paper, by phone or aloud are typed in by their therapist: the one
    who may change the episode's record. Not a supervisor (they only read), not the practice
    admin (no answers), not a colleague, nobody of another practice."""
    return can_edit_episode(user, episode)


def can_hand_over(user: User, episode: Episode) -> bool:
    """Hand a session's questionnaires to the client on one's own device (issue 19.1): only
    the therapist who may change the episode; a supervisor reads and never hands over."""
    return can_edit_episode(user, episode)


def can_view_response(user: User, response: Response) -> bool:
    if response.private:
        return bool(user.is_authenticated and response.respondent_id == user.pk)
    if user.is_client and not user.is_staff_member:
        # Clients see what they answered themselves, not the therapist's side.
        return bool(response.respondent_id == user.pk)
    if response.episode is None:  # only a therapist's self-care check, which is private
        return False
    return can_view_clinical(user, response.episode.client)


def get_clinical_client(user: User, pk: int) -> Client:
    client = clinical_clients(user).filter(pk=pk).first()
    if client is None or (user.is_client and not user.is_staff_member):
        raise Http404("No such client")
    return client


def get_editable_client(user: User, pk: int) -> Client:
    client = get_clinical_client(user, pk)
    if not can_edit_clinical(user, client):
        raise Http404("No such client")
    return client


def get_editable_episode(user: User, pk: int) -> Episode:
    if not user.practice_id:  # every client belongs to a practice
        raise Http404("No such episode")
    episode = (
        Episode.objects.select_related("client")
        .filter(pk=pk, client__practice_id=user.practice_id)
        .first()
    )
    if episode is None or not can_edit_episode(user, episode):
        raise Http404("No such episode")
    return episode


def can_view_practice_report(user: User) -> bool:
    """Practice-wide outcome figures, which name no client: practice admins and supervisors, in
    their own practice. The web practice report and the API's practice scope both ask this."""
    return bool(
        user.is_authenticated
        and getattr(user, "practice_id", None)
        and (user.is_practice_admin or user.is_supervisor)
    )


def require_admin(user: User) -> None:
    if not (user.is_authenticated and user.is_practice_admin and user.practice_id):
        raise Http404("Not found")


def own_client_record(user: User) -> Client:
    """The client record of the person signed in to the portal."""
    if not user.practice_id:  # every client belongs to a practice
        raise Http404("Not found")
    client = Client.objects.filter(user=user, practice_id=user.practice_id).first()
    if client is None or not user.is_client:
        raise Http404("Not found")
    return client


def risk_alerts_for(user: User) -> QuerySet[RiskAlert]:
    """Risk alerts a person follows up: their own clients', their supervisees', or (practice lead)
    the whole practice's. A risk alert is a safety matter, so the practice lead and supervisor see
    what it says even without the client's consent to supervision — never the other answers."""
    if not user.is_authenticated or not user.practice_id or not user.is_staff_member:
        return RiskAlert.objects.none()
    alerts = RiskAlert.objects.filter(practice_id=user.practice_id)
    if user.is_practice_admin:
        return alerts
    condition = Q(pk__in=[])
    if user.is_therapist:
        condition |= Q(therapist=user) | Q(client__therapist=user)
    if user.is_supervisor:
        condition |= Q(therapist__supervisors__supervisor=user)
    return alerts.filter(condition).distinct()


def can_make_link(user: User, session: Session) -> bool:
    """A questionnaire link for a session: the therapist who may write to its episode."""
    return can_edit_episode(user, session.episode)


def can_make_follow_up_link(user: User, follow_up: FollowUp) -> bool:
    """A link to a follow-up check-in: the therapist who held the ended episode, or the client's
    therapist now (the same people as a session's link, after the ending)."""
    return can_edit_episode(user, follow_up.episode)


def links_withdrawable_by(user: User) -> QuerySet[QuestionnaireLink]:
    """The questionnaire links a person may see listed and withdraw: the practice admin all of the
    practice's, a therapist those of the episodes they hold or clients assigned to them (a
    session's links, and a follow-up check-in's after the episode ended)."""
    if not user.is_authenticated or not user.practice_id:
        return QuestionnaireLink.objects.none()
    mine = QuestionnaireLink.objects.filter(practice_id=user.practice_id)
    if user.is_practice_admin:
        return mine
    if not user.is_therapist:
        return QuestionnaireLink.objects.none()
    return mine.filter(
        Q(session__episode__therapist=user)
        | Q(session__episode__client__therapist=user)
        | Q(follow_up__episode__therapist=user)
        | Q(follow_up__episode__client__therapist=user)
    )


def returning_requests_for(user: User) -> QuerySet[ReturningRequest]:
    """Returning-client requests a person handles: the therapist's own clients' (as assigned, or
    whose episode they held), and the practice admin's where that therapist has left the practice
    (no longer active, or the client has no therapist and the episode's therapist has left), so a
    former client asking to come back is never left unheard."""
    if not user.is_authenticated or not user.practice_id or not user.is_staff_member:
        return ReturningRequest.objects.none()
    found = ReturningRequest.objects.filter(client__practice_id=user.practice_id)
    condition = Q(pk__in=[])
    if user.is_therapist:
        condition |= Q(client__therapist=user) | Q(episode__therapist=user)
    if user.is_practice_admin:
        condition |= Q(client__therapist__is_active=False) | Q(
            client__therapist__isnull=True, episode__therapist__is_active=False
        )
    return found.filter(condition).distinct()


def can_handle_returning_request(user: User, found: ReturningRequest) -> bool:
    return returning_requests_for(user).filter(pk=found.pk).exists()
