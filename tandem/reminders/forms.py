from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.reminders.models import ReminderPolicy


def _words(message: Promise) -> dict[str, Promise]:
    """One plain sentence for every way a number can be wrong, instead of Django's 'Ensure this
    value is less than or equal to 336.'"""
    return {key: message for key in ("required", "invalid", "min_value", "max_value")}


class ReminderPolicyForm(forms.ModelForm):
    first_after_hours = forms.IntegerField(
        label=_("First reminder, hours after the session is recorded"),
        min_value=0,
        max_value=336,
        help_text=ReminderPolicy._meta.get_field("first_after_hours").help_text,
        error_messages=_words(_("Choose a whole number of hours from 0 to 336.")),
    )
    repeat_every_days = forms.IntegerField(
        label=_("Then every … days"),
        min_value=1,
        max_value=30,
        help_text=ReminderPolicy._meta.get_field("repeat_every_days").help_text,
        error_messages=_words(_("Choose a whole number of days from 1 to 30.")),
    )
    max_reminders = forms.IntegerField(
        label=_("At most … reminders per session"),
        min_value=1,
        max_value=5,
        help_text=ReminderPolicy._meta.get_field("max_reminders").help_text,
        error_messages=_words(_("Choose a whole number of reminders from 1 to 5.")),
    )

    class Meta:
        model = ReminderPolicy
        fields = ["active", "first_after_hours", "repeat_every_days", "max_reminders"]
        labels = {
            "active": _("Send reminders to clients (by email, or by text where they chose it)")
        }
