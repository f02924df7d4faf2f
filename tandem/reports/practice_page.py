"""The practice report page: its context from the latest snapshot, and its body rendered once
per snapshot and language in each process and then kept in the cache."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tandem.accounts.models import User
from tandem.reports.practice_context import report_context
from tandem.reports.practice_freshness import current_snapshot, snapshot_status

# A rendered report is kept at most this long (a renamed therapist shows by then at the latest).
CACHE_SECONDS = 60 * 60


def practice_report_data(user: User, today: date | None = None) -> dict[str, Any]:
    """The report as plain data, from the practice's latest snapshot, with its ``status``."""
    today = today or timezone.localdate()
    snapshot, updating = current_snapshot(user.practice_id, today)
    context = report_context(snapshot.payload, user.practice_id)
    context["status"] = snapshot_status(snapshot, updating, today)
    return context


def practice_report_page(user: User, today: date | None = None) -> dict[str, Any]:
    """The page's context: the status line and the report's body, rendered once per snapshot in
    each process and language, and then kept (a practice of 1,000 therapists makes a long table
    and chart, and rendering them costs more than anything else on the page)."""
    today = today or timezone.localdate()
    snapshot, updating = current_snapshot(user.practice_id, today)
    key = (
        f"tandem:practice-report:{snapshot.pk}:{snapshot.computed_at.timestamp()}:{get_language()}"
    )
    kept = cache.get(key)
    if kept is None:
        context = report_context(snapshot.payload, user.practice_id)
        kept = {
            "body": render_to_string("reports/practice_report_body.html", context),
            "episodes": context["episodes"],
        }
        cache.set(key, kept, CACHE_SECONDS)
    return {
        "body": mark_safe(kept["body"]),  # noqa: S308 - our own template's output
        "episodes": kept["episodes"],
        "status": snapshot_status(snapshot, updating, today),
    }
