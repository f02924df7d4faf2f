"""The pages of text messages: the client's own (their number, its code, how they are reminded)
and the practice admin's (quiet hours, and how many texts went out, as counts)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.errors import ActionError
from tandem.policy import own_client_record
from tandem.sms import actions
from tandem.sms.display import COUNT_DAYS, emailed_instead_count, last_failure, practice_counts
from tandem.sms.forms import ChannelForm, CodeForm, NumberForm, TextPolicyForm
from tandem.sms.models import TextNumber
from tandem.sms.numbers import looks_like
from tandem.sms.quiet import policy_for
from tandem.sms.words import CODE_MINUTES
from tandem.web.shortcuts import plain_errors, role_required

CHECKED_WORDS = {
    actions.Checked.WRONG: gettext_lazy(
        "That is not the code we sent. Please check the text and try again."
    ),
    actions.Checked.USED_UP: gettext_lazy(
        "That code has stopped working after too many tries. Please ask for a new one."
    ),
    actions.Checked.EXPIRED: gettext_lazy("That code has run out. Please ask for a new one."),
}


@role_required("client")
def portal_texts(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    number = TextNumber.objects.filter(client=client).first()
    step = request.POST.get("step", "") if request.method == "POST" else ""
    number_form = NumberForm(request.POST if step == "number" else None)
    code_form = CodeForm(request.POST if step == "code" else None)
    channel_form = ChannelForm(
        request.POST if step == "channel" else None,
        initial={"reminders_by": number.reminders_by if number else TextNumber.EMAIL},
    )
    user = request.user
    if request.method == "POST":
        try:
            if step == "number" and number_form.is_valid():
                added = actions.add_number(
                    user, client, number_form.cleaned_data["number"], request
                )  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("We have texted a code to %(number)s.")
                    % {"number": looks_like(added.number)},
                )
                return redirect("portal_texts")
            if step == "again" and number is not None:
                actions.add_number(user, client, number.given, request)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("We have texted a code to %(number)s.")
                    % {"number": looks_like(number.number)},
                )
                return redirect("portal_texts")
            if step == "resend":
                actions.send_new_code(user, client, request)  # type: ignore[arg-type]
                messages.success(request, _("We have texted you a new code."))
                return redirect("portal_texts")
            if step == "code" and code_form.is_valid():
                checked = actions.check_code(user, client, code_form.cleaned_data["code"], request)  # type: ignore[arg-type]
                if checked is actions.Checked.VERIFIED:
                    messages.success(
                        request,
                        _("Your number is confirmed. Choose below whether reminders come by text."),
                    )
                    return redirect("portal_texts")
                code_form.add_error("code", CHECKED_WORDS[checked])
            if step == "channel" and channel_form.is_valid():
                actions.set_reminders_by(
                    user, client, channel_form.cleaned_data["reminders_by"], request
                )  # type: ignore[arg-type]
                messages.success(request, _("Your choice is saved."))
                return redirect("portal_texts")
            if step == "remove":
                if actions.remove_number(user, client, request):  # type: ignore[arg-type]
                    messages.success(request, _("Your number is removed. Reminders come by email."))
                return redirect("portal_texts")
        except ActionError as error:
            form = number_form if step == "number" else code_form
            if step in ("number", "code"):
                form.add_error(None if step == "code" else "number", str(error))
            else:
                messages.error(request, str(error))
                return redirect("portal_texts")
        for form in (number_form, code_form, channel_form):
            if form.errors:
                messages.error(request, plain_errors(form))
    number = TextNumber.objects.filter(client=client).first()
    return render(
        request,
        "sms/portal_texts.html",
        {
            "title": _("Text messages"),
            "offered": actions.texts_offered(client),
            "number": number,
            "shown": looks_like(number.number) if number else "",
            "number_form": number_form,
            "code_form": code_form,
            "channel_form": channel_form,
            "code_minutes": CODE_MINUTES,
            "reminders_on": client.reminders,
            "failure": last_failure(client, number),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("admin")
def practice_texts(request: HttpRequest) -> HttpResponse:
    practice_id = request.user.practice_id  # type: ignore[union-attr]
    form = TextPolicyForm(request.POST or None, instance=policy_for(practice_id))
    if request.method == "POST" and form.is_valid():
        actions.save_text_policy(request.user, form.cleaned_data, request)  # type: ignore[arg-type]
        messages.success(request, _("Text message settings saved."))
        return redirect("practice_texts")
    if form.errors:
        messages.error(
            request,
            _("The settings were not saved. %(problems)s") % {"problems": plain_errors(form)},
        )
    return render(
        request,
        "sms/practice_texts.html",
        {
            "title": _("Text messages"),
            "form": form,
            "counts": practice_counts(practice_id),
            "emailed_instead": emailed_instead_count(practice_id),
            "days": COUNT_DAYS,
            "texts_on": actions.texts_on(),
        },
        status=400 if form.errors else 200,
    )
