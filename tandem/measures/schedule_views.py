"""The practice admin's page of instruments and when each is collected (named timepoints,
``tandem.core.schedule``), under /practice/instruments/: turning one off that other things rely
on (risk screening, outcome figures) asks first and says what stops."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tandem.errors import ActionError
from tandem.measures import registry, wording
from tandem.measures.actions import set_schedule
from tandem.measures.display import when_collected
from tandem.measures.models import Schedule
from tandem.web.shortcuts import role_required

# Who answers an instrument, as the page says it (the instrument file says "client" or "therapist").
ANSWERED_BY = {"client": gettext_lazy("Client"), "therapist": gettext_lazy("Therapist")}


@role_required("admin")
@require_http_methods(["GET", "POST"])
def practice_schedules(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        instrument_id = request.POST.get("instrument_id", "")
        instrument = registry.get(instrument_id)
        timepoints = request.POST.getlist("timepoints")
        every_n_raw = request.POST.get("every_n", "").strip()
        active = request.POST.get("active") == "on"
        failed: dict[str, Any] = {
            "instrument_id": instrument_id,
            "timepoints": timepoints,
            "every_n": every_n_raw,
            "active": active,
        }
        try:
            every_n = int(every_n_raw) if every_n_raw else None
        except ValueError:
            return _schedules_page(
                request, failed | {"error": _("The number of sessions must be a whole number.")}
            )
        current = Schedule.objects.filter(
            practice_id=user.practice_id,  # type: ignore[union-attr]
            instrument_id=instrument_id,
        ).first()
        was_active = current is None or current.active
        stops = registry.what_stops(instrument) if instrument is not None else []
        if was_active and not active and stops and request.POST.get("confirm") != "yes":
            # Turning off PHQ-9 silently stopped risk screening and outcome figures: say what
            # stops and ask first (issue 17.10).
            return render(
                request,
                "measures/practice_schedule_confirm.html",
                {
                    "title": _("Stop collecting %(measure)s?")
                    % {"measure": instrument.short_title},  # type: ignore[union-attr]
                    "instrument": instrument,
                    "stops": stops,
                    "timepoints": timepoints,
                    "every_n": every_n_raw,
                },
            )
        try:
            schedule = set_schedule(
                user,
                instrument_id,
                timepoints,
                every_n,
                active,
                request,  # type: ignore[arg-type]
            )
        except ActionError as error:
            return _schedules_page(request, failed | {"error": str(error)})
        else:
            assert instrument is not None  # set_schedule refuses an unknown instrument
            messages.success(
                request,
                _("Collection schedule saved: %(measure)s is collected %(when)s.")
                % {"measure": instrument.short_title, "when": when_collected(schedule)}
                if active
                else _("Collection schedule saved: %(measure)s is not collected.")
                % {"measure": instrument.short_title},
            )
        return redirect("practice_schedules")
    return _schedules_page(request)


def _schedules_page(request: HttpRequest, failed: dict[str, Any] | None = None) -> HttpResponse:
    """The instruments A to Z by name (in the reader's language), each with its schedule; a row sent with a mistake comes
    back as it was sent, the reason beside its number of sessions (not a redirect that would put
    the old choice back and the reason only at the top)."""
    practice_id = request.user.practice_id  # type: ignore[union-attr]
    schedules = {s.instrument_id: s for s in Schedule.objects.filter(practice_id=practice_id)}
    rows = []
    for instrument in sorted(registry.registry().values(), key=lambda i: wording.title(i).lower()):
        schedule = schedules.get(instrument.id)
        row: dict[str, Any] = {
            "instrument": instrument,
            "schedule": schedule,
            "chosen": list(schedule.timepoints) if schedule is not None else [],
            "title": wording.title(instrument),
            "answered_by": ANSWERED_BY.get(instrument.respondent, instrument.respondent),
        }
        if failed is not None and failed["instrument_id"] == instrument.id:
            row["failed"] = failed
            row["chosen"] = failed["timepoints"]
        rows.append(row)
    if failed is not None:
        instrument = registry.get(failed["instrument_id"])
        if instrument is not None:
            said = _("The schedule for %(measure)s was not saved. %(reason)s") % {
                "measure": instrument.short_title,
                "reason": failed["error"],
            }
        else:
            said = _("The schedule for the instrument was not saved. %(reason)s") % {
                "reason": failed["error"]
            }
        messages.error(request, said)
    return render(
        request,
        "measures/practice_schedules.html",
        {
            "title": _("Instruments"),
            "rows": rows,
            # Short enough to read whole on a 375 px phone (issue 17.10).
            "timepoints": Schedule.TIMEPOINT_LABELS,
            "load_errors": registry.registry().errors,
        },
        status=400 if failed is not None else 200,
    )
