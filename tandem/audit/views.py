"""The audit trail, read: a client sees who viewed their record; a practice admin reads and exports
a client's trail, and the practice log of what admins changed."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.audit.chain import record, seal
from tandem.audit.models import AuditEvent
from tandem.audit.words import (
    ACTION_WORDS,
    ADMIN_CODES,
    ADMIN_KINDS,
    OUTCOME_WORDS,
    ROLE_WORDS,
    details,
    words,
)
from tandem.care.models import Client
from tandem.core.spreadsheet import neutralise_row
from tandem.policy import managed_clients, own_client_record
from tandem.web.paging import paged
from tandem.web.shortcuts import role_required
from tandem.web.words import kept_together

__all__ = ["ACTION_WORDS", "client_audit", "practice_log", "who_viewed"]

PER_PAGE = 50


def _page(request: HttpRequest, events: QuerySet[AuditEvent]) -> Page[AuditEvent]:
    """One page of the trail, newest first."""
    return paged(request, events.order_by("-at", "-id"), PER_PAGE)


def _who(event: AuditEvent) -> str:
    """Who did it, in words (``event.actor`` read with select_related: None once deleted)."""
    if event.actor is not None:
        return str(event.actor.name)
    if event.actor_id is not None:
        # An account since deleted (an erased client's, say): its number stays in the chain.
        if event.actor_label:
            return _("%(label)s (account %(number)s)") % {
                "label": event.actor_label,
                "number": event.actor_id,
            }
        return _("a deleted account (account %(number)s)") % {"number": event.actor_id}
    return event.actor_label if event.actor_label not in ("", "system") else _("Tandem (automatic)")


def _in_chain(event: AuditEvent) -> str:
    if not event.sealed:
        return _("not yet sealed")
    if event.redacted:
        return _("sealed; personal details erased with a client")
    return _("sealed")


@role_required("client")
def who_viewed(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    page = _page(
        request,
        AuditEvent.objects.filter(client_id=client.pk)
        .exclude(actor=request.user)
        .select_related("actor"),
    )
    rows = [
        {
            "at": e.at,
            "who": e.actor.name
            if e.actor
            else (
                _("someone whose account was deleted") if e.actor_id else _("Tandem (automatic)")
            ),
            "role": ", ".join(str(ROLE_WORDS.get(r, r)) for r in e.actor.role_names())
            if e.actor
            else "",
            "what": words(e.action, for_client=True, detail=e.detail),
        }
        for e in page
    ]
    return render(
        request,
        "audit/who_viewed.html",
        {"title": _("Who has seen my record"), "rows": rows, "page": page},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _trail_csv(client: Client, events: QuerySet[AuditEvent]) -> StreamingHttpResponse:
    """The client's whole trail as CSV, oldest first. Its words stay English whatever the
    reader's language, like its column names: a file for spreadsheets and auditors, whose
    columns and values should not change with who downloaded it."""
    writer = csv.writer(_Echo())
    header = [
        "when", "who", "action", "in_words", "object", "object_id", "from", "outcome", "sealed"
    ]  # fmt: skip

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        with translation.override(settings.LANGUAGE_CODE):
            for e in events.order_by("at", "id").iterator(chunk_size=2000):
                yield writer.writerow(
                    neutralise_row(
                        [
                            e.at.isoformat(),
                            e.actor_label,
                            e.action,
                            words(e.action, detail=e.detail),
                            e.object_type,
                            e.object_id,
                            e.ip,
                            e.outcome,
                            ("yes" if e.sealed else "not yet")
                            + ("; personal details erased" if e.redacted else ""),
                        ]
                    )
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="audit-client-{client.pk}.csv"'
    return response


@role_required("admin")
def client_audit(request: HttpRequest, pk: int) -> HttpResponse:
    client = managed_clients(request.user).filter(pk=pk).first()
    if client is None:
        raise Http404("No such client")
    events = AuditEvent.objects.filter(client_id=client.pk).select_related("actor")
    record(
        actor=request.user,
        action="audit.view",
        obj=client,
        client_id=client.pk,
        request=request,
        detail={"format": request.GET.get("format", "html")},
    )
    # Seal what was written up to now (this view included), so the trail shown is the chain's;
    # a record committed meanwhile is marked as not yet sealed.
    seal()
    if request.GET.get("format") == "csv":
        return _trail_csv(client, events)
    page = _page(request, events)
    rows = [
        {
            "at": e.at,
            "who": _who(e),
            "email": e.actor_label if e.actor_label not in ("", "system", "anonymous") else "",
            "what": words(e.action, detail=e.detail),
            "ip": e.ip,
            "outcome": OUTCOME_WORDS.get(e.outcome, e.outcome),
            "in_chain": _in_chain(e),
        }
        for e in page
    ]
    return render(
        request,
        "audit/client_audit.html",
        {
            "title": _("Audit trail: %(name)s") % {"name": client.display_name},
            "client": client,
            "rows": rows,
            "page": page,
        },
    )


@role_required("admin")
def practice_log(request: HttpRequest) -> HttpResponse:
    """What the practice's admins (and Tandem) changed about the practice: collection schedules,
    two-factor, who sees whom, roles, invitations, erasures; filterable by kind."""
    practice_id = request.user.practice_id  # type: ignore[union-attr]
    kind = request.GET.get("kind", "")
    codes = ADMIN_KINDS[kind][1] if kind in ADMIN_KINDS else ADMIN_CODES
    if kind not in ADMIN_KINDS:
        kind = ""
    events = AuditEvent.objects.filter(practice_id=practice_id, action__in=codes).select_related(
        "actor"
    )
    record(actor=request.user, action="practice.log.view", request=request, detail={"kind": kind})
    page = _page(request, events)

    people_ids = {
        e.detail.get(key)
        for e in page
        for key in ("therapist", "supervisor")
        if isinstance(e.detail.get(key), int)
    }
    names = {
        u.pk: kept_together(u.name)
        for u in User.objects.filter(practice_id=practice_id, pk__in=people_ids)
    }
    client_ids = {e.client_id for e in page if e.client_id}
    clients = {
        c.pk: c.display_name
        for c in Client.objects.filter(practice_id=practice_id, pk__in=client_ids)
    }
    rows = [
        {
            "at": e.at,
            "who": _who(e),
            "what": words(e.action, detail=e.detail),
            "detail": details(e.action, e.detail, names),
            "client": clients.get(e.client_id) if e.client_id else None,
            "client_id": e.client_id if e.client_id in clients else None,
            "erased": bool(e.client_id) and e.client_id not in clients,
            "outcome": OUTCOME_WORDS.get(e.outcome, e.outcome),
        }
        for e in page
    ]
    return render(
        request,
        "audit/practice_log.html",
        {
            "title": _("Practice log"),
            "rows": rows,
            "page": page,
            "kinds": [(key, label) for key, (label, _) in ADMIN_KINDS.items()],
            "kind": kind,
            "query": f"kind={kind}&" if kind else "",
        },
    )
