"""The acknowledgement form inside each risk alert box."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from tandem.policy import can_view_clinical
from tandem.safety.forms import AcknowledgeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def acknowledge_form(context: Any, alert: Any) -> AcknowledgeForm:
    """This alert's form: the one just sent with errors when it is this alert's (the note as
    typed), else an empty one. Ids carry the alert's number, as a page can list several."""
    failed = context.get("failed_acknowledgement")
    if failed is not None and failed.alert_pk == alert.pk:
        return failed  # type: ignore[no-any-return]
    return AcknowledgeForm.for_alert(alert)


@register.simple_tag(takes_context=True)
def alert_client_href(context: Any, alert: Any) -> str:
    """Where the client's name in an alert leads: their record for someone who may read it, the
    admin's page for the client (therapist, audit trail) for a practice admin who may not, and
    nowhere for a supervisor whose supervisee's client has not agreed to share: a link there
    would only end on 'Page not found'."""
    user = context["request"].user
    if can_view_clinical(user, alert.client):
        return reverse("client_detail", args=[alert.client_id])
    if user.is_practice_admin:
        return reverse("practice_client", args=[alert.client_id])
    return ""
