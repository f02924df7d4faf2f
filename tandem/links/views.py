"""The link's own pages (no sign-in: the token in the address is the only key) and the staff's
pages for making and withdrawing links and setting how the practice uses them.

The link's pages show the questionnaires due for its session (or its follow-up check-in, as the
follow-up app describes it: tandem.links.purposes), one form at a time, and the crisis
page after a risk answer: nothing of the record, no names but the practice's, and never a sign-in.
They never touch the session (``request.session``): holding a link signs nobody in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.accounts.language import browser_language, supported
from tandem.audit.chain import client_ip, record_per_client
from tandem.care.models import Session
from tandem.errors import ActionError
from tandem.links import actions, guard
from tandem.links.forms import LinkPolicyForm
from tandem.links.models import QuestionnaireLink
from tandem.links.purposes import purpose_of
from tandem.measures import registry
from tandem.measures.views import fill_instrument
from tandem.policy import can_make_link, links_withdrawable_by
from tandem.safety.actions import crisis_words, practice_safety
from tandem.web import dates
from tandem.web.shortcuts import plain_errors, role_required

LinkView = Callable[..., HttpResponse]


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the address: never indexed. (Nor sent to another site as a referrer: the
    # site-wide same-origin policy sees to that. "no-referrer" would make browsers send the
    # forms with "Origin: null", which Django's CSRF check rightly refuses.)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, status: int, reason: str, link: Any = None) -> HttpResponse:
    purpose = purpose_of(link) if link is not None else None
    context: dict[str, Any] = {
        "title": _("Questionnaire link"),
        "reason": reason,
        "link": link,
        "afterwards": purpose.afterwards if purpose is not None else "",
    }
    if reason == actions.ANSWERED:
        # The page thanks the client and says their answers are saved: the same thanks just
        # above it, from the last answer, would say it twice.
        context["messages"] = [
            m for m in messages.get_messages(request) if m.level != messages.SUCCESS
        ]
    return _private(render(request, "links/closed.html", context, status=status))


def reader_language(request: HttpRequest, link: QuestionnaireLink) -> str:
    """The language of a link's pages: they are the client's, whoever's browser holds the link
    (docs/i18n.md). The language the client chose, else the first their browser asks for that
    Tandem has, else their practice's, else the page's own."""
    return (
        supported(link.user.language)
        or browser_language(request)
        or supported(link.practice.language)
        or translation.get_language()
    )


def held_link(view: LinkView) -> LinkView:
    """Find the link from the address's token, within both limits (tandem.links.guard); the view
    gets the link, whatever its state, and speaks the client's language (``reader_language``)."""

    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        address = client_ip(request) or "unknown"
        if guard.is_paused(address):
            return _refused(request, 429, "paused")
        link = actions.find_link(token)
        if link is None:
            guard.charge_wrong_link(address)
            return _refused(request, 404, "unknown")
        language = reader_language(request, link)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            if not guard.charge_hit(link):
                response = _refused(request, 429, "busy")
            else:
                response = _private(view(request, link, token, *args, **kwargs))
        response.headers["Content-Language"] = language
        return response

    return wrapped


def _about(link: QuestionnaireLink, *, on_the_form: bool = False) -> str:
    """The line that says what the questionnaires are about, in the client's words."""
    purpose = purpose_of(link)
    if purpose is not None:
        return purpose.about(link)
    assert link.session is not None  # the model's constraint: a session, or a purpose
    if on_the_form:
        return _("For your session on %(day)s.") % {"day": dates.day(link.session.date)}
    return _(
        "For your session on %(day)s. They take a few minutes, and your answers help you and "
        "your therapist see how things are going."
    ) % {"day": dates.day(link.session.date, weekday=True)}


@require_GET
@held_link
def open_link(request: HttpRequest, link: QuestionnaireLink, token: str) -> HttpResponse:
    now = actions.state(link)
    if now != actions.OPEN:
        return _refused(request, 410, now, link)
    due = actions.open_link(link, request)
    if not due:
        return _refused(request, 410, actions.ANSWERED, link)
    return render(
        request,
        "links/start.html",
        {
            "title": _("Your questionnaires"),
            "link": link,
            "token": token,
            "due": due,
            "about": _about(link),
        },
    )


@require_http_methods(["GET", "POST"])
@held_link
def respond(
    request: HttpRequest, link: QuestionnaireLink, token: str, instrument_id: str
) -> HttpResponse:
    now = actions.state(link)
    if now != actions.OPEN:
        return _refused(request, 410, now, link)
    instrument = registry.get(instrument_id)
    if instrument is None or instrument_id not in {i.id for i in actions.waiting(link)}:
        raise Http404("Nothing to answer here")
    is_session_scale = instrument.id == registry.SESSION_SCALE and link.session is not None
    return fill_instrument(
        request,
        instrument,
        lambda answers: actions.answer_through_link(link, instrument.id, answers, request),
        done_url=reverse("link_open", args=[token]),
        support_url=f"{reverse('link_support', args=[token])}?after=answers",
        context={
            "context_line": (
                _(
                    "About your session on %(day)s. Your answers help you and your therapist "
                    "make the next one better."
                )
                % {"day": dates.day(link.session.date, weekday=True)}
                if is_session_scale and link.session is not None
                else _about(link, on_the_form=True)
            ),
        },
    )


@require_GET
@held_link
def support(request: HttpRequest, link: QuestionnaireLink, token: str) -> HttpResponse:
    """The practice's crisis information, reached after a risk answer through the link. It shows
    what the practice shows everyone (no safety plan, no therapist's name), so it opens for any
    link that exists, even one just used up by that very answer."""
    safety = practice_safety(link.practice_id)
    actions.saw_support(link, request)
    return render(
        request,
        "links/support.html",
        {
            "title": _("Support now"),
            "link": link,
            "token": token,
            **crisis_words(safety),
            "answered": request.GET.get("after") == "answers",
        },
    )


# -- staff -----------------------------------------------------------------------------------


@role_required("therapist")
@require_POST
def make_link(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("episode__client__user").filter(pk=pk).first()
    if session is None or not can_make_link(request.user, session):  # type: ignore[arg-type]
        raise Http404("No such session")
    try:
        made = actions.create_link(
            request.user,  # type: ignore[arg-type]
            session,
            via=QuestionnaireLink.THERAPIST,
            request=request,
        )
    except ActionError as error:
        messages.error(request, str(error))
        return redirect("session_detail", session.pk)
    # Shown here, once, and never again: only the token's hash is kept.
    return render(
        request,
        "links/made.html",
        {
            "title": _("A questionnaire link"),
            "session": session,
            "client": session.episode.client,
            "url": made.url,
            "link": made.link,
        },
        status=201,
    )


@role_required("therapist", "admin")
@require_POST
def withdraw_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = (
        links_withdrawable_by(request.user)  # type: ignore[arg-type]
        .select_related("session")
        .filter(pk=pk)
        .first()
    )
    if link is None:
        raise Http404("No such link")
    if actions.revoke_link(request.user, link, request):  # type: ignore[arg-type]
        messages.success(request, _("The link is withdrawn: it no longer opens anything."))
    else:
        messages.info(request, _("This link had already stopped working."))
    if request.POST.get("back") == "practice" or link.session_id is None:
        # A check-in's link has no session page to go back to: it is listed on the practice's.
        return redirect("practice_links")
    return redirect("session_detail", link.session_id)


@role_required("admin")
def practice_links(request: HttpRequest) -> HttpResponse:
    practice_id = request.user.practice_id  # type: ignore[union-attr]
    form = LinkPolicyForm(request.POST or None, instance=actions.policy_for(practice_id))
    if request.method == "POST" and form.is_valid():
        actions.save_link_policy(request.user, form.cleaned_data, request)  # type: ignore[arg-type]
        messages.success(request, _("Questionnaire link settings saved."))
        return redirect("practice_links")
    if form.errors:
        messages.error(
            request,
            _("The link settings were not saved. %(problems)s") % {"problems": plain_errors(form)},
        )
    open_links = list(
        actions.open_links(
            links_withdrawable_by(request.user)  # type: ignore[arg-type]
        ).select_related("client", "session", "follow_up")[:200]
    )
    # The admin reads client names in a list: one record per client named (16.4).
    record_per_client(
        {link.client_id for link in open_links},
        actor=request.user,
        action="client.list",
        request=request,
        detail={"page": "questionnaire links"},
    )
    return render(
        request,
        "links/practice_links.html",
        {"title": _("Questionnaire links"), "form": form, "open_links": open_links},
        status=400 if form.errors else 200,
    )
