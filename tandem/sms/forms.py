from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.sms.models import TextNumber, TextPolicy


class NumberForm(forms.Form):
    number = forms.CharField(
        label=_("Your mobile number"),
        max_length=40,
        help_text=_("We text it a code to check it is yours. Nobody at the practice sees it."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "required": _("Please type your mobile number."),
            "max_length": _("That is too long for a phone number."),
        },
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code we texted you"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "class": "short"}
        ),
        error_messages={
            "required": _("Please type the six numbers from the text."),
            "max_length": _("The code is six numbers."),
        },
    )


class ChannelForm(forms.Form):
    reminders_by = forms.ChoiceField(
        label=_("How would you like your reminders?"),
        choices=TextNumber.CHANNELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how you would like your reminders."),
            # Django's own says the value back ("Select a valid choice. pigeon is not …").
            "invalid_choice": _("Please choose how you would like your reminders."),
        },
    )


def _zones() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class TextPolicyForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("The practice's time zone"),
        choices=_zones,
        help_text=TextPolicy._meta.get_field("time_zone").help_text,
        error_messages={"invalid_choice": _("Please choose a time zone from the list.")},
    )

    class Meta:
        model = TextPolicy
        fields = ["active", "quiet_from", "quiet_until", "time_zone"]
        labels = {
            "active": _("Clients may choose reminders by text message"),
            "quiet_from": _("Quiet hours start at"),
            "quiet_until": _("Quiet hours end at"),
        }
        help_texts = {
            # The model's help says the label again; this says what turning it off does.
            "active": _("Off: no texts go out, and every client's reminders come by email."),
            # The time shows as the phone or computer shows times (21:00, or 9:00 PM).
            "quiet_from": _("No reminder text goes out from this time …"),
            "quiet_until": _(
                "… until this time: a reminder that falls due in between waits for it. "
                "The same two times: no quiet hours."
            ),
        }
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            "quiet_from": {
                "invalid": _("Please give a time such as 21:00."),
                "required": _("Please give the time quiet hours start, such as 21:00."),
            },
            "quiet_until": {
                "invalid": _("Please give a time such as 08:00."),
                "required": _("Please give the time quiet hours end, such as 08:00."),
            },
        }
