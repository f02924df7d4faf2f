"""FHIR export and import against the database, through the one permission policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.api import queries
from tandem.audit.chain import record
from tandem.care.models import Episode
from tandem.core.limits import JSON_MAX_DEPTH, too_deep
from tandem.interop import fhir
from tandem.interop.records import existing, kept_answers, session_on, store_response
from tandem.measures import registry
from tandem.measures.models import Response


class FhirImportError(Exception):
    def __init__(self, errors: list[dict[str, str]]):
        super().__init__("The FHIR data has problems; nothing was stored.")
        self.errors = errors


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    ignored: int = 0


def response_resource(response: Response) -> dict[str, Any] | None:
    instrument = registry.get(response.instrument_id)
    if instrument is None:
        return None
    facts = fhir.ResponseFacts(
        id=str(response.pk),
        instrument=instrument,
        answers=response.answers,
        total=response.total,
        complete=response.complete,
        authored=response.submitted_at,
        client_id=response.episode.client_id if response.episode_id else None,
        episode_id=response.episode_id,
        session_id=response.session_id,
        session_date=response.session.date if response.session_id else None,
        log_date=response.log_date,
    )
    return fhir.questionnaire_response(facts)


def responses_bundle(responses: Any, kind: str = "searchset") -> dict[str, Any]:
    resources = [r for r in (response_resource(x) for x in responses) if r is not None]
    return fhir.bundle(resources, kind)


def episode_bundle(user: Any, episode: Episode) -> dict[str, Any]:
    """The episode and every response in it the user may see, as a collection Bundle."""
    rows = queries.responses(user).filter(episode=episode).select_related("episode", "session")
    resources = [
        fhir.episode_of_care(
            episode.pk, episode.client_id, episode.status, episode.started_on, episode.ended_on
        )
    ]
    resources += [
        r for r in (response_resource(x) for x in rows.order_by("submitted_at", "id")) if r
    ]
    return fhir.bundle(resources, "collection")


def _target(user: Any, parsed: fhir.ParsedResponse, episode: Episode | None) -> Episode | None:
    if episode is not None:
        return episode
    if parsed.episode_ref is None:
        return None
    try:
        return queries.editable_episode(user, parsed.episode_ref)
    except Exception:  # noqa: BLE001 — Http404: not one the importer may add to
        return None


def import_resource(
    user: Any, resource: Any, episode: Episode | None = None, request: Any = None
) -> ImportResult:
    """Import a QuestionnaireResponse or a Bundle of them, all or nothing.

    Each response goes to ``episode`` when given, else to the episode its Tandem extension names
    (which the importer must be able to write to). It is attached to that episode's session on
    the day its session-date extension names (else the day it was authored), and a session is
    recorded for that day when there is none. Tandem's own export of an answer set given outside
    any session (an episode extension, no session date) is stored outside any session again. A
    response already there with the same answers is left alone; with different answers it is an
    error. Scores are always recomputed by the core.
    """
    if too_deep(resource):
        # a resource nested hundreds deep would exhaust the validators' recursion (16.7)
        raise FhirImportError(
            [
                {
                    "field": "resource",
                    "message": f"nests more than {JSON_MAX_DEPTH} levels deep; a "
                    "QuestionnaireResponse never needs that many",
                }
            ]
        )
    parsed = fhir.read(resource, registry.registry())
    errors = list(parsed.errors)
    plan = []
    for item in parsed.responses:
        target = _target(user, item, episode)
        if target is None:
            errors.append(
                {
                    "field": f"{item.path}.extension",
                    "message": "say which episode these answers belong to: one of yours "
                    "(the ?episode= parameter, or the episode extension)",
                }
            )
            continue
        if item.client_ref is not None and episode is None and item.client_ref != target.client_id:
            errors.append(
                {
                    "field": f"{item.path}.subject",
                    "message": "the subject is not the episode's client",
                }
            )
            continue
        if item.instrument.private and target.therapist_id != user.pk:
            # Private answers (a reflection) belong to the therapist who gave them.
            errors.append(
                {
                    "field": f"{item.path}.questionnaire",
                    "message": f"{item.instrument.short_title} answers are private: only the "
                    "episode's own therapist can import them",
                }
            )
            continue
        plan.append((item, target))
    if errors:
        raise FhirImportError(errors)
    result = ImportResult(ignored=parsed.ignored)
    with transaction.atomic():
        for item, target in plan:
            if item.sessionless:
                found = target.responses.filter(
                    session__isnull=True,
                    instrument_id=item.instrument.id,
                    submitted_at=item.authored,
                ).first()
                if found is None:
                    stored = store_response(
                        user,
                        target,
                        None,
                        item.instrument,
                        item.answers,
                        item.authored,
                        "fhir",
                        request,
                        log_date=item.log_date,
                    )
                    result.created.append(stored.pk)
                else:
                    result.unchanged.append(found.pk)
                continue
            day = item.day or timezone.localdate()
            session = session_on(user, target, day, request)
            found = existing(session, item.instrument)
            if found is not None:
                if found.answers == kept_answers(item.instrument, item.answers):
                    result.unchanged.append(found.pk)
                    continue
                errors.append(
                    {
                        "field": item.path,
                        "message": f"session {session.number} on {day:%d %b %Y} already has "
                        f"different {item.instrument.short_title} answers",
                    }
                )
                continue
            stored = store_response(
                user, target, session, item.instrument, item.answers, item.authored, "fhir", request
            )
            result.created.append(stored.pk)
        if errors:
            raise FhirImportError(errors)  # leaving the block rolls everything back
        record(
            actor=user,
            action="fhir.import",
            request=request,
            detail={"created": len(result.created), "unchanged": len(result.unchanged)},
        )
    return result
