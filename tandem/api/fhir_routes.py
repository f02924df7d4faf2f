"""FHIR R4 endpoints under ``/api/v1/fhir/``: Questionnaire, QuestionnaireResponse, Bundle."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Body, Query, Router, Status

from tandem.api.auth import require_write
from tandem.api.errors import ApiError
from tandem.api.schemas import ErrorOut, FhirId, FhirImportOut, Id, InstrumentId
from tandem.audit.chain import record_per_client
from tandem.interop import fhir
from tandem.interop.fhir_io import FhirImportError, import_resource, responses_bundle
from tandem.measures import registry
from tandem.policy import querysets

router = Router(tags=["fhir"])

ERR = frozenset({400, 401, 403, 404, 422})


@router.get("/Questionnaire/{instrument_id}", response={200: dict[str, Any], ERR: ErrorOut})
def get_questionnaire(request: HttpRequest, instrument_id: FhirId) -> Any:
    """An instrument as a FHIR R4 Questionnaire (e.g. ``/fhir/Questionnaire/phq9``)."""
    instrument = registry.get(instrument_id.replace("-", "_"))
    if instrument is None:
        raise ApiError(404, f"There is no instrument called “{instrument_id}”.")
    return fhir.questionnaire(instrument)


@router.get("/QuestionnaireResponse", response={200: dict[str, Any], ERR: ErrorOut})
def search_responses(
    request: HttpRequest,
    subject: Annotated[
        Id | None, Query(description="A client id: only that client's responses.")
    ] = None,
    episode: Annotated[Id | None, Query()] = None,
    questionnaire: Annotated[
        InstrumentId | None, Query(description="An instrument id, e.g. phq9.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> Any:
    """The responses the caller may see, as a FHIR searchset Bundle."""
    user = request.auth  # type: ignore[attr-defined]
    rows = (
        querysets.responses(user).filter(episode__isnull=False).select_related("episode", "session")
    )
    if subject is not None:
        rows = rows.filter(episode__client_id=subject)
    if episode is not None:
        rows = rows.filter(episode_id=episode)
    if questionnaire:
        rows = rows.filter(instrument_id=questionnaire)
    total = rows.count()
    page = list(rows.order_by("submitted_at", "id")[offset : offset + limit])
    # one audit record per client whose answers were read (16.4)
    record_per_client(
        (r.episode.client_id for r in page),
        actor=user,
        action="response.list",
        request=request,
        detail={"via": "api-fhir", "count": len(page)},
    )
    result = responses_bundle(page, "searchset")
    result["total"] = total
    return result


@router.post(
    "/Bundle",
    response={201: FhirImportOut, frozenset({400, 401, 403, 404, 409, 422}): ErrorOut},
)
def import_bundle(
    request: HttpRequest,
    resource: Annotated[
        dict[str, Any], Body(description="A FHIR Bundle or QuestionnaireResponse.")
    ],
    episode: Annotated[Id | None, Query(description="Put every response in this episode.")] = None,
) -> Any:
    """Import answers from another system: all or nothing; every problem names its element."""
    require_write(request)
    user = request.auth  # type: ignore[attr-defined]
    if querysets.is_client_only(user):
        raise ApiError(403, "Only the therapist imports answers.")
    target = querysets.editable_episode(user, episode) if episode is not None else None
    try:
        result = import_resource(user, resource, target, request=request)
    except FhirImportError as exc:
        raise ApiError(422, str(exc), exc.errors) from None
    return Status(
        201,
        {"created": result.created, "unchanged": result.unchanged, "ignored": result.ignored},
    )
