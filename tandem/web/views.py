"""Entry points that belong to no one area: the home redirect and the health checks."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_therapist:  # type: ignore[union-attr]
        return redirect("caseload")
    if user.is_supervisor:  # type: ignore[union-attr]
        return redirect("supervision")
    if user.is_practice_admin:  # type: ignore[union-attr]
        return redirect("practice_people")
    if user.is_client:  # type: ignore[union-attr]
        return redirect("portal_home")
    return render(request, "web/nothing_here.html", {"title": _("Welcome")})


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


# Building the migration plan reads every migration file: too slow to do on every probe of a load
# balancer. A positive answer is kept this long per process; the database is asked every time.
MIGRATIONS_CHECKED_FOR = 30.0
_migrations_ok_until = 0.0


def readyz(request: HttpRequest) -> HttpResponse:
    global _migrations_ok_until
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if time.monotonic() >= _migrations_ok_until:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                return JsonResponse(
                    {"status": "migrations pending", "pending": len(pending)}, status=503
                )
            _migrations_ok_until = time.monotonic() + MIGRATIONS_CHECKED_FOR
    except Exception as exc:  # noqa: BLE001 — any database failure means "not ready"
        return JsonResponse(
            {"status": "database unavailable", "error": type(exc).__name__}, status=503
        )
    return JsonResponse({"status": "ready"})
