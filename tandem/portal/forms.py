from __future__ import annotations

from django import forms
from django.utils import timezone


class PracticeLogForm(forms.Form):
    log_date = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
    practised = forms.ChoiceField(
        label="Did you practise?",
        choices=[("1", "Yes"), ("0", "Not this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose yes or not this time."},
    )
    how_it_went = forms.IntegerField(
        label="How did it go? (0 = badly, 10 = very well)",
        min_value=0,
        max_value=10,
        required=False,
    )
    note = forms.CharField(
        label="What happened?",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_log_date(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["log_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value


class SettingsForm(forms.Form):
    share_with_supervisor = forms.BooleanField(
        label="My therapist's supervisor may see my record",
        required=False,
        help_text="Supervisors help therapists do their best work. Saying no changes nothing about your care.",
    )
    reminders = forms.BooleanField(
        label="Send me email reminders when a questionnaire is due",
        required=False,
        help_text="Reminders contain no details of your therapy, only a link.",
    )
