"""The settings page where a person makes and revokes their personal access tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.accounts.models import User
from tandem.api.actions import create_token, revoke_token
from tandem.api.models import AccessToken
from tandem.web.shortcuts import role_required


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("What is this token for?"),
        help_text=gettext_lazy("For example “R analysis” or “clinic record sync”."),
    )
    read_only = forms.BooleanField(
        required=False,
        label=gettext_lazy("Read only"),
        help_text=gettext_lazy("The token can read what you can see but cannot change anything."),
    )
    # A token outlives the session it was made in: asking for the password again means a
    # signed-in browser left open cannot be turned into lasting access.
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label=gettext_lazy("Your password"),
        help_text=gettext_lazy("Asked again because a token keeps working after you sign out."),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password, so no token was made."))
        return password


# A developer page, for staff: a client's portal has no use for it, and the menu does not offer it
# to them (issue 17.8). Anyone else gets the policy's 404, as for any page that is not theirs.
STAFF = ("admin", "therapist", "supervisor")


@role_required(*STAFF)
def tokens(request: HttpRequest) -> HttpResponse:
    new_secret = None
    form = TokenForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_secret = create_token(
            request.user,
            request.user,
            form.cleaned_data["name"],
            form.cleaned_data["read_only"],
            request=request,
        )
        form = TokenForm(request.user)
    rows = AccessToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request,
        "api/tokens.html",
        {"title": _("API tokens"), "form": form, "tokens": rows, "new_secret": new_secret},
        status=400 if form.errors else 200,
    )


@role_required(*STAFF)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = AccessToken.objects.filter(pk=pk, user=request.user).first()  # type: ignore[misc]
    if token is None:
        raise Http404("No such token")
    revoke_token(request.user, token, request=request)
    return redirect("api_tokens")
