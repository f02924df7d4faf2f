from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.links.models import LinkPolicy


class LinkPolicyForm(forms.ModelForm):
    valid_days = forms.IntegerField(
        label=_("A link works for … days"),
        min_value=1,
        max_value=30,
        help_text=LinkPolicy._meta.get_field("valid_days").help_text,
        error_messages={
            key: _("Choose a whole number of days from 1 to 30.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )

    class Meta:
        model = LinkPolicy
        fields = ["valid_days", "in_reminders"]
        labels = {"in_reminders": _("Reminder emails carry a personal link")}
