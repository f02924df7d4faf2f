"""Risk alerts for staff, the practice's crisis settings, and the client's support page and safety plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.audit.chain import record
from tandem.errors import ActionError
from tandem.policy import get_editable_client, own_client_record, risk_alerts_for
from tandem.safety import actions
from tandem.safety.forms import AcknowledgeForm, PracticeSafetyForm, SafetyPlanForm
from tandem.safety.models import SafetyPlan
from tandem.web.shortcuts import plain_errors, role_required


@role_required("therapist", "supervisor", "admin")
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = risk_alerts_for(request.user).filter(pk=pk).first()
    if alert is None:
        raise Http404("No such alert")
    form = AcknowledgeForm.for_alert(alert, request.POST)
    back = request.POST.get("next") or reverse("caseload")
    # Django's own check: browsers read "/\\host" and "/<tab>/host" as another site's address.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = reverse("caseload")
    if not form.is_valid():
        # The alert again with the note as typed and the reason beside it, not a redirect that
        # would lose what was written.
        messages.error(
            request, _("The alert is still open. %(problems)s") % {"problems": plain_errors(form)}
        )
        return render(
            request,
            "safety/acknowledge.html",
            {
                "title": _("Acknowledge a risk alert"),
                "alert": alert,
                "back": back,
                "failed_acknowledgement": form,
            },
            status=400,
        )
    try:
        actions.acknowledge(request.user, alert, form.cleaned_data["note"], request)  # type: ignore[arg-type]
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Alert acknowledged. Your note is kept with it."))
    return redirect(back)


@role_required("therapist")
def therapist_safety_plan(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_editable_client(request.user, pk)
    plan, _created = SafetyPlan.objects.get_or_create(client=client)
    return _edit_plan(
        request, client, plan, reverse("client_detail", args=[client.pk]), "safety/plan_edit.html"
    )


def _edit_plan(request, client, plan, done_url, template):  # type: ignore[no-untyped-def]
    form = SafetyPlanForm(request.POST or None, instance=plan, initial={"version": plan.version})
    typed: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_safety_plan(
                request.user, client, form.cleaned_data, form.cleaned_data["version"], request
            )
        except actions.PlanConflict as error:
            # The newer version in the form, and what this person typed beside each part it
            # differs in: nothing typed is lost.
            messages.error(request, str(error))
            plan.refresh_from_db()
            typed = {
                name: form.cleaned_data[name].strip()
                for name in actions.PLAN_FIELDS
                if form.cleaned_data[name].strip() != getattr(plan, name).strip()
            }
            form = SafetyPlanForm(instance=plan, initial={"version": plan.version})
        except ActionError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        else:
            messages.success(request, _("The safety plan is saved."))
            return redirect(done_url)
    if form.errors:
        messages.error(
            request,
            _("The safety plan was not saved. %(problems)s") % {"problems": plain_errors(form)},
        )
    if request.method == "GET":
        record(
            actor=request.user,
            action="safety_plan.view",
            obj=plan,
            client_id=client.pk,
            practice_id=client.practice_id,
            request=request,
        )
    return render(
        request,
        template,
        {
            "title": _("Safety plan"),
            "form": form,
            "client": client,
            "plan": plan,
            "rows": [(field, typed.get(field.name)) for field in form.visible_fields()],
            "typed": typed,
        },
        status=400 if form.errors else 200,
    )


@role_required("admin", "supervisor")
def practice_risk(request: HttpRequest) -> HttpResponse:
    alerts = list(
        risk_alerts_for(request.user).select_related("client", "therapist", "acknowledged_by")[:500]
    )
    record(actor=request.user, action="practice.risk.view", request=request)
    return render(
        request,
        "safety/practice_risk.html",
        {
            "title": _("Risk alerts"),
            "open_alerts": [a for a in alerts if a.is_open],
            "closed_alerts": [a for a in alerts if not a.is_open],
        },
    )


@role_required("admin")
def practice_safety_settings(request: HttpRequest) -> HttpResponse:
    safety = actions.practice_safety(request.user.practice_id)  # type: ignore[union-attr]
    form = PracticeSafetyForm(request.POST or None, instance=safety)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_practice_safety(
                request.user,
                form.cleaned_data["crisis_text"],  # type: ignore[arg-type]
                form.cleaned_data["crisis_contacts"],
                form.cleaned_data["escalation_hours"],
                request,
            )
        except ActionError as error:
            form.add_error("escalation_hours", str(error))
        else:
            messages.success(request, _("Crisis information saved. Clients see it straight away."))
            return redirect("practice_safety")
    return render(
        request,
        "safety/practice_safety.html",
        {
            "title": _("Crisis information"),
            "form": form,
            "default_text": actions.DEFAULT_CRISIS_TEXT,
        },
        status=400 if form.errors else 200,
    )


@role_required("client")
def support(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    safety = actions.practice_safety(client.practice_id)
    plan = SafetyPlan.objects.filter(client=client).first()
    record(actor=request.user, action="portal.support.view", client_id=client.pk, request=request)
    return render(
        request,
        "safety/support.html",
        {
            "title": _("Support now"),
            **actions.crisis_words(safety),
            "plan": plan if plan and not plan.is_empty else None,
            "therapist": client.therapist,
            # Reached straight after a risk answer (the questionnaire sends the client here), or
            # from a "What to do in a crisis" link, where there is nothing to thank them for.
            "answered": request.GET.get("after") == "answers",
        },
    )


@role_required("client")
def client_safety_plan(request: HttpRequest) -> HttpResponse:
    client = own_client_record(request.user)
    plan, _created = SafetyPlan.objects.get_or_create(client=client)
    return _edit_plan(
        request, client, plan, reverse("portal_safety_plan"), "safety/plan_portal.html"
    )
