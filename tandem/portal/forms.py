from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.care.models import Goal, PracticePlan


class PracticePlanLogForm(forms.Form):
    # A date picker wants the ISO form whatever the language; today is filled in, as most logs
    # are of the day they are written.
    log_date = forms.DateField(
        label=_("When"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    practised = forms.ChoiceField(
        label=_("Did you practise?"),
        choices=[("1", _("Yes")), ("0", _("Not this time"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose yes or not this time.")},
    )
    how_it_went = forms.IntegerField(
        label=_("How did it go? (0 = badly, 10 = very well)"),
        min_value=0,
        max_value=10,
        required=False,
        error_messages={
            "invalid": _("Please choose a number from 0 to 10."),
            "min_value": _("Please choose a number from 0 to 10."),
            "max_value": _("Please choose a number from 0 to 10."),
        },
    )
    note = forms.CharField(
        label=_("What happened?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_log_date(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["log_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
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
            "required": _("The form came without its version: open the page again and retry."),
            "invalid": _("The form came without its version: open the page again and retry."),
        },
    )
    progress = forms.IntegerField(
        label=_("How far along are you? (0–10)"),
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"class": "short"}),
        error_messages={
            "required": _("Please choose a number from 0 to 10."),
            "invalid": _("Please choose a number from 0 to 10."),
            "min_value": _("Please choose a number from 0 to 10."),
            "max_value": _("Please choose a number from 0 to 10."),
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
        label=_("My therapist's supervisor may see my record"),
        required=False,
        help_text=_(
            "Supervisors help therapists do their best work. Saying no changes nothing about your care."
        ),
    )
    reminders = forms.BooleanField(
        label=_("Send me reminders when a questionnaire is due"),
        required=False,
        help_text=_(
            "By email, or by text message if you choose below. Reminders contain no "
            "details of your therapy, only a link."
        ),
    )
