"""One error body for every failure the API gives: ``{"detail": ..., "errors": [{field, message}]}``.

``detail`` is a sentence a clinician can read; ``errors`` names each field that needs another
look (empty when the problem is not about one field). Ninja's own validation, authentication and
404 answers are replaced so no endpoint answers in a different shape.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tandem.errors import ActionError


class ApiError(Exception):
    def __init__(
        self, status: int, detail: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


# Pydantic's messages are written for programmers; these say the same in plain words.
_PLAIN = {
    "missing": "This is required.",
    "int_parsing": "Give a whole number.",
    "int_type": "Give a whole number.",
    "float_parsing": "Give a number.",
    "date_from_datetime_parsing": "Give a date as YYYY-MM-DD.",
    "date_parsing": "Give a date as YYYY-MM-DD.",
    "date_type": "Give a date as YYYY-MM-DD.",
    "string_type": "Give text.",
    "json_invalid": "The request body is not valid JSON.",
    "model_attributes_type": "The request body must be a JSON object.",
    "model_type": "The request body must be a JSON object.",
    "dict_type": "Give a JSON object (for answers: item id → answer).",
    "extra_forbidden": "This field is not expected here.",
    "string_pattern_mismatch": "This is not in the expected form (or contains a character that "
    "cannot be stored).",
    "string_too_long": "This is too long.",
    "string_too_short": "This cannot be empty.",
    "literal_error": "This is not one of the allowed values.",
}

# Ninja prefixes locations with where the value came from; a person wants the field name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_name(loc: Any) -> str:
    parts = [str(part) for part in (loc or [])]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # The body parameter's own name (e.g. "payload") is ninja's, not the client's.
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _bounds(error: dict[str, Any]) -> str | None:
    ctx = error.get("ctx") or {}
    kind = str(error.get("type", ""))
    if kind == "greater_than_equal":
        return f"Give {ctx.get('ge')} or more."
    if kind == "less_than_equal":
        return f"Give {ctx.get('le')} or less."
    return None


def validation_errors(raw: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for error in raw:
        kind = str(error.get("type", ""))
        message = _PLAIN.get(kind) or _bounds(error) or str(error.get("msg", "This is not valid."))
        out.append({"field": field_name(error.get("loc")), "message": message})
    return out


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, payload: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, payload, status=status)

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, body(exc.detail, exc.errors))

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(
            request,
            422,
            body("Some of what was sent needs another look.", validation_errors(exc.errors)),
        )

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request,
            401,
            body(
                "Sign in first: send a personal access token as “Authorization: Bearer …”, "
                "or use the app while signed in."
            ),
        )

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ApiError):
            # Ninja wraps whatever the body parser raises as "Cannot parse request body"; a
            # refusal of ours (a body nested too deep, 16.7) keeps its own words and status.
            return on_api_error(request, exc.__cause__)
        if exc.status_code == 400 and str(exc) == "Cannot parse request body":
            return respond(
                request,
                400,
                body(
                    "The request body is not valid JSON.",
                    [{"field": "body", "message": "Send a JSON object."}],
                ),
            )
        return respond(request, exc.status_code, body(str(exc)))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(
            request, 404, body("There is nothing here, or you do not have access to it.")
        )

    def on_action(request: HttpRequest, exc: ActionError) -> HttpResponse:
        return respond(request, 400, body(str(exc)))

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(ActionError, on_action)
