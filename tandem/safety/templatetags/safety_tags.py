"""The acknowledgement form inside each risk alert box."""

from __future__ import annotations

from typing import Any

from django import template

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
