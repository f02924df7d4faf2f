"""The message at the top of a page names each field with an error (issue 17.9)."""

from __future__ import annotations

from django import forms

from tandem.web.shortcuts import plain_errors


class Form(forms.Form):
    email = forms.EmailField(label="Client's email address")
    practised = forms.ChoiceField(label="Did you practise?", choices=[("1", "Yes")])
    version = forms.IntegerField(widget=forms.HiddenInput)


def test_it_names_each_field_before_its_error() -> None:
    form = Form({"email": "nope", "version": "x"})
    assert plain_errors(form) == (
        "Client's email address: Enter a valid email address. "
        "Did you practise? This field is required. "
        "Enter a whole number."
    )
