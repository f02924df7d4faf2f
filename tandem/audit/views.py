"""The audit trail, read: a client sees who viewed their record; a practice admin can export it."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from tandem.audit.chain import record, seal
from tandem.audit.models import AuditEvent
from tandem.core.spreadsheet import neutralise_row
from tandem.policy import managed_clients, own_client_record
from tandem.web.shortcuts import role_required

# Plain words for the actions a client may see in "who has seen my record".
ACTION_WORDS = {
    "client.view": "looked at your record",
    "session.view": "looked at a session",
    "response.create": "saved answers",
    "response.repeat": "sent answers already saved for a session",
    "client.list": "saw your name in a list of clients",
    "episode.list": "read your episodes in a list",
    "session.list": "read your sessions in a list",
    "response.list": "read your answers in a list",
    "session.create": "recorded a session",
    "goal.create": "added a goal",
    "goal.update": "updated a goal",
    "plan.create": "added a practice plan",
    "episode.open": "opened an episode",
    "episode.paused": "paused your therapy",
    "episode.resumed": "resumed your therapy",
    "episode.ended": "ended an episode",
    "risk.acknowledge": "followed up an answer",
    "safety_plan.view": "looked at your safety plan",
    "safety_plan.update": "updated your safety plan",
    "client.assign": "changed who your therapist is",
    "export": "exported data",
}


@role_required("client")
def who_viewed(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    events = (
        AuditEvent.objects.filter(client_id=client.pk)
        .exclude(actor=request.user)
        .select_related("actor")
        .order_by("-at")[:200]
    )
    rows = [
        {
            "at": e.at,
            "who": e.actor.name if e.actor else "Tandem (automatic)",
            "role": ", ".join(e.actor.role_names()) if e.actor else "",
            "what": ACTION_WORDS.get(e.action, e.action.replace(".", " ").replace("_", " ")),
        }
        for e in events
    ]
    return render(
        request, "audit/who_viewed.html", {"title": "Who has seen my record", "rows": rows}
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@role_required("admin")
def client_audit(request: HttpRequest, pk: int) -> HttpResponse:
    client = managed_clients(request.user).filter(pk=pk).first()
    if client is None:
        raise Http404("No such client")
    events = AuditEvent.objects.filter(client_id=client.pk).select_related("actor").order_by("at")
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
        writer = csv.writer(_Echo())
        header = ["when", "who", "action", "object", "object_id", "from", "outcome", "sealed"]
        lines = (
            writer.writerow(
                neutralise_row(
                    [
                        e.at.isoformat(),
                        e.actor_label,
                        e.action,
                        e.object_type,
                        e.object_id,
                        e.ip,
                        e.outcome,
                        "yes" if e.sealed else "not yet",
                    ]
                )
            )
            for e in events.iterator(chunk_size=2000)
        )
        response = StreamingHttpResponse(
            (line for part in ([writer.writerow(header)], lines) for line in part),
            content_type="text/csv",
        )
        response["Content-Disposition"] = f'attachment; filename="audit-client-{client.pk}.csv"'
        return response
    return render(
        request,
        "audit/client_audit.html",
        {"title": f"Audit trail: {client.display_name}", "client": client, "events": events[:500]},
    )
