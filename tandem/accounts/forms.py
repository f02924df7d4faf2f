from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tandem.accounts import language as languages
from tandem.accounts.language import writing_to
from tandem.accounts.models import User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        # One message for every failure, so the form does not reveal which addresses exist.
        "invalid_login": _("That email address and password do not match an active account."),
        "inactive": _("That email address and password do not match an active account."),
    }


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # Not required: a form sent without it (an older page, a script) chooses nothing.
    language = forms.ChoiceField(
        label=_("Language"),
        help_text=_("The language Tandem speaks to you in, here and in its emails."),
        required=False,
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any):
        self.user = user
        super().__init__(*args, **kwargs)
        # Offered in the language the page is in: the one the person is reading.
        self.fields["language"].choices = languages.choices()
        self.fields["language"].initial = translation.get_language()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords are not the same."))
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _plain_new_password(form: forms.Form) -> None:
    """The invitation's words for a new password, in place of Django's four-rule list and its
    'New password confirmation … for verification'."""
    form.fields["new_password1"].label = _("New password")
    form.fields["new_password1"].help_text = _("At least 10 characters; not a common password.")
    form.fields["new_password2"].label = _("The same password again")
    form.fields["new_password2"].help_text = ""


class PlainSetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Choosing a new password from a reset link."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _plain_new_password(self)


class PlainPasswordChangeForm(auth_forms.PasswordChangeForm):  # type: ignore[type-arg]
    """Changing one's password while signed in."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _plain_new_password(self)
        self.fields["old_password"].label = _("Your current password")


class LanguageForm(forms.Form):
    """The language a person reads Tandem in (the Account page; a client's portal settings):
    ``LanguageForm.for_person(request.user)``. "browser" is no choice (stored as "")."""

    BROWSER = "browser"
    language = forms.ChoiceField(label=_("Tandem speaks to me in"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (self.BROWSER, _("My browser's language")),
            *languages.choices(),
        ]

    @classmethod
    def for_person(cls, user: User) -> LanguageForm:
        return cls(initial={"language": languages.supported(user.language) or cls.BROWSER})

    def clean_language(self) -> str:
        value: str = self.cleaned_data["language"]
        return "" if value == self.BROWSER else value


class PracticeLanguageForm(forms.Form):
    """The practice's language, for its people who chose none."""

    language = forms.ChoiceField(
        label=_("The practice's language"),
        help_text=_(
            "For everyone in the practice who has not chosen a language and whose browser asks "
            "for none Tandem has, and for their emails."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages.choices()


class ResetEmailForm(auth_forms.PasswordResetForm):
    """Asking for a reset link: the email goes out in the account holder's language (the page's
    language when they chose none: they are the one reading it)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        with writing_to(context["user"], reading=translation.get_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class InviteStaffForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("therapist", _("Therapist")),
            ("supervisor", _("Supervisor")),
            ("admin", _("Practice admin")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a role."),
            "invalid_choice": _("Choose one of the roles offered."),
        },
    )


class AssignForm(forms.Form):
    therapist = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Therapist"),
        error_messages={
            "required": _("Choose a therapist."),
            "invalid_choice": _("Choose a therapist in this practice."),
        },
    )

    def __init__(self, practice_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            practice_id=practice_id, is_therapist=True
        )


class SupervisionForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Supervisor"),
        error_messages={
            "required": _("Choose a supervisor."),
            "invalid_choice": _("Choose a supervisor in this practice."),
        },
    )
    therapist = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Therapist"),
        error_messages={
            "required": _("Choose a therapist."),
            "invalid_choice": _("Choose a therapist in this practice."),
        },
    )

    def __init__(self, practice_id: int, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "supervision-%s")
        super().__init__(*args, **kwargs)
        people = User.objects.filter(practice_id=practice_id)
        self.fields["supervisor"].queryset = people.filter(is_supervisor=True)  # type: ignore[attr-defined]
        self.fields["therapist"].queryset = people.filter(is_therapist=True)  # type: ignore[attr-defined]
