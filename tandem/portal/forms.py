from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tandem.care.models import Goal, PracticePlan


class PracticePlanLogForm(forms.Form):
    # A date picker wants the ISO form whatever the language; today is filled in, as most logs
    # are of the day they are written.
    log_date = forms.DateField(
        label="When", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
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
        error_messages={
            "invalid": "Please choose a number from 0 to 10.",
            "min_value": "Please choose a number from 0 to 10.",
            "max_value": "Please choose a number from 0 to 10.",
        },
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

    plan_pk: int | None = None

    @classmethod
    def for_plan(cls, plan: PracticePlan, data: Any = None) -> PracticePlanLogForm:
        """One plan's form, with ids of its own: the page has a form for each plan."""
        today = timezone.localdate()
        form = cls(data, auto_id=f"plan-{plan.pk}-%s", initial={"log_date": today})
        form.fields["log_date"].widget.attrs["max"] = today.isoformat()
        form.plan_pk = plan.pk
        return form


class GoalProgressForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "The form came without its version: open the page again and retry.",
            "invalid": "The form came without its version: open the page again and retry.",
        },
    )
    progress = forms.IntegerField(
        label="How far along are you? (0–10)",
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"class": "short"}),
        error_messages={
            "required": "Please choose a number from 0 to 10.",
            "invalid": "Please choose a number from 0 to 10.",
            "min_value": "Please choose a number from 0 to 10.",
            "max_value": "Please choose a number from 0 to 10.",
        },
    )
    goal_pk: int | None = None

    @classmethod
    def for_goal(cls, goal: Goal, data: Any = None) -> GoalProgressForm:
        form = cls(
            data,
            initial={"version": goal.version, "progress": goal.progress},
            auto_id=f"goal-{goal.pk}-%s",
        )
        form.goal_pk = goal.pk
        return form


class SettingsForm(forms.Form):
    share_with_supervisor = forms.BooleanField(
        label="My therapist's supervisor may see my record",
        required=False,
        help_text="Supervisors help therapists do their best work. Saying no changes nothing about your care.",
    )
    reminders = forms.BooleanField(
        label="Send me reminders when a questionnaire is due",
        required=False,
        help_text="By email, or by text message if you choose below. Reminders contain no "
        "details of your therapy, only a link.",
    )
