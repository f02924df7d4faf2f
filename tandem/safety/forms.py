from __future__ import annotations

from django import forms

from tandem.safety.models import PracticeSafety, SafetyPlan


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What was done?",
        min_length=3,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: phoned the client, safety plan reviewed, agreed to talk on Thursday.",
        error_messages={
            "required": "Please write a short note of what was done.",
            "min_length": "Please write a short note of what was done.",
        },
    )


class SafetyPlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SafetyPlan
        fields = ["warning_signs", "coping_steps", "people_and_places", "professional_contacts"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


class PracticeSafetyForm(forms.ModelForm):
    class Meta:
        model = PracticeSafety
        fields = ["crisis_text", "crisis_contacts", "escalation_hours"]
        widgets = {
            "crisis_text": forms.Textarea(attrs={"rows": 4}),
            "crisis_contacts": forms.Textarea(attrs={"rows": 3}),
        }
