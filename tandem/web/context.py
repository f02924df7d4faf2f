"""Navigation for the signed-in person: what they see depends on their roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tandem.policy import can_view_practice_report


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, str]] = []
    if user.is_therapist:
        items.append((_("Caseload"), reverse("caseload")))
        items.append((_("Self-care"), reverse("selfcare")))
    if user.is_supervisor:
        items.append((_("Supervision"), reverse("supervision")))
    if user.is_practice_admin:
        items.append(
            (
                pgettext("the menu: the practice's administration", "Practice"),
                reverse("practice_people"),
            )
        )
        items.append((_("Practice log"), reverse("practice_log")))
    if user.is_practice_admin or user.is_supervisor:
        items.append((_("Risk alerts"), reverse("practice_risk")))
    if can_view_practice_report(user):
        items.append((_("Practice report"), reverse("practice_report")))
        # The alert replay over the practice's own ended episodes (same audience, issue 15.3).
        items.append((_("Alert check"), reverse("alert_replay")))
    if user.is_client and not user.is_staff_member:
        items.append((_("My therapy"), reverse("portal_home")))
        items.append((_("My progress"), reverse("portal_progress")))
        items.append((_("Practice plan"), reverse("portal_practice_plan")))
        items.append((_("Settings"), reverse("portal_settings")))
    if user.is_staff_member:
        # a developer page: not in a client's menu, and not open to them (issue 17.8)
        items.append((_("API tokens"), reverse("api_tokens")))
    items.append((_("Account"), reverse("signed_in_sessions")))
    path = request.path
    # Who has seen my record is reached from, and belongs to, the client's settings.
    if path.startswith(reverse("portal_who_viewed")):
        path = reverse("portal_settings")
    # The most specific match is current (/portal/progress/ is "My progress", not "My therapy").
    best = max((url for _, url in items if path.startswith(url)), key=len, default=None)
    return {
        "nav_items": [{"label": label, "url": url, "current": url == best} for label, url in items]
    }
