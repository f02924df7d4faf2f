from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.care.actions import check_session_date
from tandem.care.models import PROBLEM_CHOICES, Episode, Goal, Session
from tandem.errors import ActionError
from tandem.web.widgets import DateInput


class OwnIds:
    """For the forms that share the client's page: each form's ids start with its own prefix,
    so that no two fields on the page have the same id (a label would name the wrong one)."""

    ids = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.ids}-%s")
        super().__init__(*args, **kwargs)


class AddClientForm(forms.Form):
    display_name = forms.CharField(
        label=_("Client's name"),
        max_length=200,
        help_text=_(
            "As you and the client would like it shown. A first name or initials is enough."
        ),
    )
    email = forms.EmailField(
        label=_("Client's email address"),
        required=False,
        help_text=_("To send the client a link to their private portal. You can add it later."),
    )


class InviteClientForm(OwnIds, forms.Form):
    ids = "invite"
    email = forms.EmailField(label=_("Client's email address"))


class SessionForm(OwnIds, forms.Form):
    ids = "session"
    date = forms.DateField(label=_("Date"), widget=DateInput())
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=Session.ATTENDANCE_CHOICES,
        widget=forms.RadioSelect,
        initial=Session.ATTENDED,
    )

    def __init__(self, *args: Any, episode: Episode | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.episode = episode

    def clean_date(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The session date cannot be in the future."))
        if self.episode is not None:
            try:
                check_session_date(self.episode, value)
            except ActionError as error:
                raise forms.ValidationError(str(error)) from None
        return value


class CorrectSessionDateForm(forms.Form):
    date = forms.DateField(label=_("The right date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Why is it being corrected?"),
        max_length=500,
        help_text=_("For the record, for example: “typed the wrong day”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeleteSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it being deleted?"),
        max_length=500,
        help_text=_("For the record, for example: “recorded for the wrong client”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, delete this session and the answers listed above"),
        error_messages={"required": _("Tick the box to confirm: the deletion cannot be undone.")},
    )


class EndEpisodeForm(OwnIds, forms.Form):
    ids = "end"
    reason = forms.ChoiceField(
        label=_("How did it end?"),
        choices=Episode.END_REASONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the episode ended."),
            "invalid_choice": _("Choose how the episode ended."),
        },
    )
    note = forms.CharField(
        label=_("A note for the record"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProblemForm(OwnIds, forms.Form):
    ids = "problem"
    problem = forms.ChoiceField(
        label=_("Main problem"),
        choices=PROBLEM_CHOICES,
        help_text=_(
            "Decides which anxiety measure is paired with the PHQ-9 in the outcome figures "
            "(NHS Talking Therapies): for example the SPIN for social anxiety, the GAD-7 otherwise."
        ),
    )


class GoalForm(OwnIds, forms.Form):
    ids = "new-goal"
    text = forms.CharField(label=_("Goal, in the client's words"), max_length=500)


class GoalEditForm(forms.Form):
    goal_pk: int | None = None
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form came without its version: open the page again and retry."),
            "invalid": _("The form came without its version: open the page again and retry."),
        },
    )
    text = forms.CharField(label=_("Goal"), max_length=500)
    status = forms.ChoiceField(label=_("Status"), choices=Goal.STATUS_CHOICES)
    progress = forms.IntegerField(
        label=_("Progress (0–10)"),
        min_value=0,
        max_value=10,
        required=False,
        error_messages={
            "invalid": _("Choose a number from 0 to 10."),
            "min_value": _("Choose a number from 0 to 10."),
            "max_value": _("Choose a number from 0 to 10."),
        },
    )

    @classmethod
    def for_goal(cls, goal: Goal, data: Any = None) -> GoalEditForm:
        """The form for one goal, with ids of its own: a page lists every goal's form."""
        form = cls(
            data,
            initial={
                "version": goal.version,
                "text": goal.text,
                "status": goal.status,
                "progress": goal.progress,
            },
            auto_id=f"goal-{goal.pk}-%s",
        )
        form.goal_pk = goal.pk
        return form


class PlanForm(OwnIds, forms.Form):
    ids = "new-plan"
    title = forms.CharField(label=_("What to practise"), max_length=200)
    description = forms.CharField(
        label=_("How, in a sentence or two"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    how_often = forms.CharField(
        label=_("How often"),
        max_length=100,
        required=False,
        help_text=_("For example: most days, twice a week"),
    )
