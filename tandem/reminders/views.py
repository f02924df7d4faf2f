from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.core.schedule import LAST_SESSION_OPEN_DAYS
from tandem.reminders.actions import save_reminder_policy
from tandem.reminders.due import policy_for
from tandem.reminders.forms import ReminderPolicyForm
from tandem.reminders.models import Reminder
from tandem.web.shortcuts import plain_errors, role_required


@role_required("admin")
def practice_reminders(request: HttpRequest) -> HttpResponse:
    practice_id = request.user.practice_id  # type: ignore[union-attr]
    form = ReminderPolicyForm(request.POST or None, instance=policy_for(practice_id))
    if request.method == "POST" and form.is_valid():
        save_reminder_policy(request.user, form.cleaned_data, request)  # type: ignore[arg-type]
        messages.success(request, _("Reminder settings saved."))
        return redirect("practice_reminders")
    if form.errors:
        messages.error(
            request,
            _("The reminder settings were not saved. %(problems)s")
            % {"problems": plain_errors(form)},
        )
    sent = Reminder.objects.filter(client__practice_id=practice_id, sent_at__isnull=False)
    return render(
        request,
        "reminders/practice_reminders.html",
        {
            "title": _("Reminders"),
            "form": form,
            "sent_count": sent.count(),
            "open_days": LAST_SESSION_OPEN_DAYS,
        },
        status=400 if form.errors else 200,
    )
