"""What every route module shares: who is calling, paging, the audit record, and the bounds of a
list (so a new router cannot page or audit differently from the first)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Header, Query

from tandem.audit.chain import record, record_per_client

ERR = frozenset({400, 401, 403, 404, 422})
WRITE_ERR = frozenset({400, 401, 403, 404, 409, 422})
MAX_PAGE = 200

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many to return (1 to 200).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="How many to skip.")]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Send the same key again to get the first answer back instead of a second record.",
    ),
]


def paged(queryset: Any, limit: int, offset: int, render: Any) -> dict[str, Any]:
    total = queryset.count()
    rows = queryset[offset : offset + limit]
    return {"count": total, "limit": limit, "offset": offset, "items": [render(r) for r in rows]}


def user_of(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def api_audit(request: HttpRequest, action: str, obj: Any = None, **detail: Any) -> None:
    client_id = detail.pop("client_id", None)
    record(
        actor=user_of(request),
        action=action,
        obj=obj,
        client_id=client_id,
        request=request,
        detail={"via": "api", **detail},
    )


def api_audit_list(request: HttpRequest, action: str, client_ids: Any, **detail: Any) -> None:
    """A list read: one audit record per client on the page (16.4)."""
    record_per_client(
        client_ids,
        actor=user_of(request),
        action=action,
        request=request,
        detail={"via": "api", **detail},
    )
