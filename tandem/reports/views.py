"""The printable progress report (HTML and PDF) and the practice report.

Views are thin: authorise through tandem.policy, build plain data, audit the read, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Episode
from tandem.care.picture import client_picture
from tandem.measures import registry
from tandem.policy import can_view_practice_report, clinical_clients, risk_alerts_for
from tandem.reports import pdf
from tandem.reports.alert_replay import alert_replay_page
from tandem.reports.picture import picture_charts
from tandem.reports.practice_page import practice_report_page
from tandem.web.shortcuts import role_required


def _episode_in_reach(user: User, pk: int) -> Episode:
    episode = (
        Episode.objects.select_related("client", "therapist")
        .filter(pk=pk, client__in=clinical_clients(user))
        .first()
    )
    if episode is None or (user.is_client and not user.is_staff_member):
        raise Http404("No such episode")
    return episode


def _report_context(request: HttpRequest, episode: Episode) -> dict[str, Any]:
    client = episode.client
    context = picture_charts(request.user, episode, client.display_name)
    # Every session with its date and the scores that may be shared (never a private answer).
    picture = client_picture(request.user, client, episode.pk)
    shared = [
        i
        for i, column in enumerate(picture["columns"])
        if not getattr(registry.get(column["id"]), "private", False)
    ]
    context.update(
        {
            "session_columns": [picture["columns"][i] for i in shared],
            "session_rows": [
                {"session": row["session"], "cells": [row["cells"][i] for i in shared]}
                for row in picture["sessions"]
            ],
            "latest_risk": risk_alerts_for(request.user)
            .filter(episode=episode)
            .select_related("acknowledged_by")
            .order_by("-raised_at")
            .first(),
        }
    )
    context.update(
        {
            "title": _("Progress report: %(name)s") % {"name": client.display_name},
            "client": client,
            "episode": episode,
            "sessions": episode.sessions.filter(attendance="attended").count(),
            "goals": list(episode.goals.all()),
            "today": timezone.localdate(),
            "author": request.user,
            "tables_open": True,
        }
    )
    return context


@role_required("therapist", "supervisor")
def progress_report(request: HttpRequest, pk: int) -> HttpResponse:
    episode = _episode_in_reach(request.user, pk)
    record(
        actor=request.user,
        action="report.progress.view",
        obj=episode,
        client_id=episode.client_id,
        request=request,
    )
    return render(request, "reports/progress_report.html", _report_context(request, episode))


@role_required("therapist", "supervisor")
def progress_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    episode = _episode_in_reach(request.user, pk)
    context = _report_context(request, episode)
    context["page_margins"] = pdf.page_margins()
    html = render_to_string("reports/progress_report_pdf.html", context, request=request)
    record(
        actor=request.user,
        action="report.progress.pdf",
        obj=episode,
        client_id=episode.client_id,
        request=request,
    )
    response = HttpResponse(pdf.html_to_pdf(html), content_type="application/pdf")
    name = f"tandem-progress-{episode.client_id}-{episode.number}-{context['today']:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def alert_replay(request: HttpRequest) -> HttpResponse:
    """How well do our alerts work? The replay over the practice's own ended episodes."""
    if not can_view_practice_report(request.user):
        raise Http404("Not found")
    context = alert_replay_page(request.user.practice_id)
    record(
        actor=request.user,
        action="report.alert_replay.view",
        request=request,
        detail={"episodes": context["validation"].get("episodes", 0)},
    )
    context["title"] = _("How well do our alerts work?")
    return render(request, "reports/alert_replay.html", context)


@login_required
def practice_report(request: HttpRequest) -> HttpResponse:
    if not can_view_practice_report(request.user):
        raise Http404("Not found")
    context = practice_report_page(request.user)
    record(
        actor=request.user,
        action="report.practice.view",
        request=request,
        detail={"episodes": context["episodes"]},
    )
    context["title"] = _("Practice report")
    return render(request, "reports/practice_report.html", context)
