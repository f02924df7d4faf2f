from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.safety.models import PracticeSafety, SafetyPlan


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What was done?"),
        min_length=3,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: phoned the client, safety plan reviewed, agreed to talk on Thursday."
        ),
        error_messages={
            "required": _("Please write a short note of what was done."),
            "min_length": _("Please write a short note of what was done."),
        },
    )
    alert_pk: int | None = None

    @classmethod
    def for_alert(cls, alert: Any, data: Any = None) -> AcknowledgeForm:
        form = cls(data, auto_id=f"ack-{alert.pk}-%s")
        form.alert_pk = alert.pk
        return form


class SafetyPlanForm(forms.ModelForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form came without its version: open the page again and retry."),
            "invalid": _("The form came without its version: open the page again and retry."),
        },
    )

    class Meta:
        model = SafetyPlan
        fields = ["warning_signs", "coping_steps", "people_and_places", "professional_contacts"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


class PracticeSafetyForm(forms.ModelForm):
    class Meta:
        model = PracticeSafety
        fields = ["crisis_text", "crisis_contacts", "escalation_hours"]
        labels = {
            "crisis_text": _("Crisis text"),
            "crisis_contacts": _("Crisis contacts"),
            "escalation_hours": _("Escalation hours"),
        }
        widgets = {
            "crisis_text": forms.Textarea(attrs={"rows": 4}),
            "crisis_contacts": forms.Textarea(attrs={"rows": 3}),
        }
