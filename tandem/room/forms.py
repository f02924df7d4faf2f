from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.room.models import RoomSettings


class UnlockForm(forms.Form):
    secret = forms.CharField(
        label=_("Therapist's password or practice PIN"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
        error_messages={"required": _("Type the password or the PIN to unlock.")},
    )


class RoomSettingsForm(forms.Form):
    idle_minutes = forms.IntegerField(
        label=_("Lock a handed-over device after … minutes without a tap"),
        min_value=1,
        max_value=30,
        help_text=RoomSettings._meta.get_field("idle_minutes").help_text,
        error_messages={
            key: _("Choose a whole number of minutes from 1 to 30.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )
    new_pin = forms.CharField(
        label=_("New practice PIN"),
        required=False,
        min_length=4,
        max_length=8,
        help_text=_(
            "4 to 8 digits. Any of the practice's staff can then unlock a handed-over "
            "device with it, as well as with the therapist's password. Leave empty to keep the "
            "current PIN."
        ),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
        error_messages={
            "min_length": _("A PIN is 4 to 8 digits."),
            "max_length": _("A PIN is 4 to 8 digits."),
        },
    )
    new_pin_again = forms.CharField(
        label=_("The new PIN again"),
        required=False,
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    remove_pin = forms.BooleanField(
        label=_("Remove the PIN (only the therapist's password unlocks)"), required=False
    )

    def clean_new_pin(self) -> str:
        pin: str = self.cleaned_data.get("new_pin", "")
        if pin and not pin.isdigit():
            raise forms.ValidationError(_("A PIN is 4 to 8 digits."))
        return pin

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_pin") and data.get("new_pin") != data.get("new_pin_again"):
            self.add_error("new_pin_again", _("The two PINs are not the same."))
        if data.get("new_pin") and data.get("remove_pin"):
            self.add_error("remove_pin", _("Either set a new PIN or remove it, not both."))
        return data
