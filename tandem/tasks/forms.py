from django import forms

from tandem.tasks.models import ReminderPolicy


class ReminderPolicyForm(forms.ModelForm):
    first_after_hours = forms.IntegerField(
        label="First reminder, hours after the session is recorded",
        min_value=0,
        max_value=336,
        help_text=ReminderPolicy._meta.get_field("first_after_hours").help_text,
    )
    repeat_every_days = forms.IntegerField(
        label="Then every … days",
        min_value=1,
        max_value=30,
        help_text=ReminderPolicy._meta.get_field("repeat_every_days").help_text,
    )
    max_reminders = forms.IntegerField(
        label="At most … reminders per session",
        min_value=1,
        max_value=5,
        help_text=ReminderPolicy._meta.get_field("max_reminders").help_text,
    )

    class Meta:
        model = ReminderPolicy
        fields = ["active", "first_after_hours", "repeat_every_days", "max_reminders"]
        labels = {"active": "Send email reminders to clients"}
