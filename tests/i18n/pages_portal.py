"""The client's portal (tandem/portal, the follow-up check-in), a personal link's pages
(tandem/links) and the staff's pages about links, for the untranslated-string check (listed in
pages.py; see there how a page is written)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from tests.i18n.page import Page, Scene

# --- Portal, personal links (tandem/portal, tandem/links, tandem/followup) ------------------------


def _check_in(scene: Scene) -> Any:
    """Ada's episode ended, with a check-in open (the follow-up pages' scene, in pages.py)."""
    from tests.i18n.pages import _ended_with_a_check_in

    return _ended_with_a_check_in(scene)


def _goal_and_plan(scene: Scene) -> None:
    """A goal Ada and her therapist wrote, and a practice plan between sessions."""
    from tandem.care.models import Goal, PracticePlan

    people = scene.people
    Goal.objects.create(episode=people.episode, text="Sleep through", progress=4)
    PracticePlan.objects.create(
        episode=people.episode, title="Breathing", description="Slowly", how_often="Most days"
    )


def _portal_due(scene: Scene) -> str:
    _goal_and_plan(scene)
    return reverse("portal_home")


def _portal_nothing_due(scene: Scene) -> str:
    """Everything due after session 1 answered."""
    from tandem.measures.actions import submit_response
    from tandem.measures.due import due_for_episodes

    people = scene.people
    for due in due_for_episodes([people.episode], respondent="client")[people.episode.pk].client:
        answers = _calm(due.instrument.id)
        submit_response(
            people.client_user, people.episode, due.instrument.id, answers, session=due.session
        )
    return reverse("portal_home")


def _calm(instrument_id: str) -> dict[str, Any]:
    """Answers to every question: its first choice, its lowest number, or no."""
    from tandem.measures import registry

    instrument = registry.get(instrument_id)
    assert instrument is not None
    answers: dict[str, Any] = {}
    for item in instrument.items:
        if item.kind == "choice":
            answers[item.id] = item.options[0].value
        elif item.kind == "scale":
            answers[item.id] = item.min
        elif item.kind == "boolean":
            answers[item.id] = False
    return answers


def _portal_paused(scene: Scene) -> str:
    from tandem.care.models import Episode

    Episode.objects.filter(pk=scene.people.episode.pk).update(status=Episode.PAUSED)
    return reverse("portal_home")


def _portal_asked_to_pause(scene: Scene) -> str:
    """Ada has just asked to pause: the home page says so, and thanks her."""
    scene.browser.post(reverse("portal_pause"), {"note": "A hard month"})
    return reverse("portal_home")


def _portal_ended(scene: Scene) -> str:
    """Ada graduated, with scores at two sessions, her own words, a goal reached, her last
    questionnaires and a check-in open."""
    from tandem.care.models import Goal
    from tandem.reports.tests.conftest import add_scores, partnership

    people = scene.people
    add_scores(
        people.episode,
        {"phq9": [18, 6], "gad7": [15, 4], "partnership": [partnership(8)] * 2},
        respondent=people.client_user,
    )
    Goal.objects.create(episode=people.episode, text="Sleep through", status=Goal.ACHIEVED)
    _check_in(scene)
    return reverse("portal_home")


def _progress_with_scores(scene: Scene) -> str:
    """Mood better, worry worse, a session rated lower than usual, answers typed in from paper."""
    from tandem.measures.models import Response
    from tandem.reports.tests.conftest import add_scores, partnership

    people = scene.people
    add_scores(
        people.episode,
        {
            "phq9": [18, 14, 9, 7],
            "gad7": [8, 11, 13, 15],
            "partnership": [partnership(8)] * 3 + [partnership(5)],
        },
        respondent=people.client_user,
    )
    Response.objects.filter(episode=people.episode, instrument_id="gad7").update(
        entry_method=Response.PAPER
    )
    return reverse("portal_progress")


def _progress_with_growth(scene: Scene) -> str:
    """Growing and leaning on therapy less: the chart of growth and reliance, and its prompt."""
    from tandem.reports.tests.conftest import add_scores

    people = scene.people
    add_scores(
        people.episode,
        {"phq9": [12, 10, 9, 9], "growth": [1, 2, 3, 3.5], "reliance": [3, 2.5, 1.5, 1]},
        respondent=people.client_user,
    )
    return reverse("portal_progress")


def _first_plan(scene: Scene) -> str:
    from tandem.care.models import PracticePlan

    _goal_and_plan(scene)
    return reverse("portal_log_practice_plan", args=[PracticePlan.objects.get().pk])


def _first_goal(scene: Scene) -> str:
    from tandem.care.models import Goal

    _goal_and_plan(scene)
    return reverse("portal_goal_progress", args=[Goal.objects.get().pk])


def _practice_plan_logged(scene: Scene) -> str:
    """Two days logged: one practised and how it went, one not."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    logged = _first_plan(scene)
    for day, practised, how in ((today, "1", "7"), (today - timedelta(days=1), "0", "")):
        form = {"log_date": day.isoformat(), "practised": practised, "how_it_went": how}
        scene.browser.post(logged, form)
    return reverse("portal_practice_plan")


def _language_chosen(scene: Scene) -> str:
    """Ada chose the pseudo-language in her settings: the page she comes back to says so."""
    back = reverse("portal_settings")
    scene.browser.post(reverse("account_language"), {"language": "en-xa", "next": back})
    return back


def _check_in_answer(scene: Scene) -> str:
    return reverse("followup_answer", args=[_check_in(scene).pk, "phq9"])


def _link(scene: Scene) -> str:
    """A personal link the therapist made for session 1 (its questionnaires due)."""
    from tandem.links.actions import create_link

    made = create_link(scene.people.therapist, scene.people.session, via="therapist")
    return urlsplit(made.url).path


def _link_question(scene: Scene) -> str:
    return _link(scene) + "phq9/"


def _link_used_up(scene: Scene) -> str:
    """Everything the link opened is answered through it, one questionnaire at a time."""
    from tandem.links.actions import waiting
    from tandem.links.models import QuestionnaireLink

    path = _link(scene)
    for instrument in waiting(QuestionnaireLink.objects.get()):
        form = {k: str(v).lower() for k, v in _calm(instrument.id).items()}
        scene.browser.post(f"{path}{instrument.id}/", form)
    return path


def _link_withdrawn(scene: Scene) -> str:
    from tandem.links.actions import revoke_link
    from tandem.links.models import QuestionnaireLink

    path = _link(scene)
    revoke_link(scene.people.therapist, QuestionnaireLink.objects.get())
    return path


def _link_withdrawn_for(why: str) -> Callable[[Scene], str]:
    """A link Tandem withdrew, for ``why`` ("": before reasons were kept)."""

    def withdrawn(scene: Scene) -> str:
        from django.utils import timezone

        from tandem.links.models import QuestionnaireLink

        path = _link(scene)
        QuestionnaireLink.objects.update(revoked_at=timezone.now(), revoked_reason=why)
        return path

    return withdrawn


def _link_expired(scene: Scene) -> str:
    from datetime import timedelta

    from django.utils import timezone

    from tandem.links.models import QuestionnaireLink

    path = _link(scene)
    QuestionnaireLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    return path


def _link_closed(scene: Scene) -> str:
    """The therapy was paused after the link was made: it no longer opens anything."""
    path = _link(scene)
    _portal_paused(scene)
    return path


def _link_tried_too_often(scene: Scene) -> str:
    """Wrong links from one address up to the limit: the next is answered by the pause page."""
    from django.conf import settings

    for n in range(settings.AXES_FAILURE_LIMIT):
        scene.browser.get(f"/l/not-a-link-{n}/")
    return "/l/not-a-link/"


def _check_in_link(scene: Scene) -> str:
    """The link in a follow-up check-in's email."""
    from tandem.links.actions import create_follow_up_link

    made = create_follow_up_link(None, _check_in(scene), via="reminder")
    return urlsplit(made.url).path


def _practice_links(scene: Scene) -> str:
    """Two links that still work: a session's (opened) and a check-in's."""
    from tandem.links.actions import create_follow_up_link, create_link

    people = scene.people
    made = create_link(people.therapist, people.session, via="therapist")
    scene.browser.get(urlsplit(made.url).path)
    other = people.other_client.episodes.get()
    session = other.sessions.create(number=1, date=people.session.date)
    create_link(people.colleague, session, via="reminder")
    create_follow_up_link(None, _check_in(scene), via="reminder")
    return reverse("practice_links")


PORTAL_AND_LINKS = [
    Page("portal: home, questionnaires due", _portal_due, who="client_user"),
    Page("portal: home, nothing due", _portal_nothing_due, who="client_user"),
    Page("portal: home, paused", _portal_paused, who="client_user"),
    Page("portal: home, asked to pause", _portal_asked_to_pause, who="client_user"),
    Page("portal: home, after the ending", _portal_ended, who="client_user"),
    Page("portal: progress, no scores yet", "portal_progress", who="client_user"),
    Page("portal: progress, with scores", _progress_with_scores, who="client_user"),
    Page("portal: progress, growing", _progress_with_growth, who="client_user"),
    Page(
        "portal: a questionnaire",
        lambda s: reverse("portal_respond", args=[s.people.session.pk, "phq9"]),
        who="client_user",
    ),
    Page(
        "portal: a questionnaire with a mistake",
        lambda s: reverse("portal_respond", args=[s.people.session.pk, "phq9"]),
        who="client_user",
        post={"q1": "7"},
        status=400,
    ),
    Page(
        "portal: the session scale",
        lambda s: reverse("portal_respond", args=[s.people.session.pk, "partnership"]),
        who="client_user",
    ),
    Page(
        "portal: goal progress, a mistake",
        _first_goal,
        who="client_user",
        post={"version": "1", "progress": "11"},
        status=400,
    ),
    Page("portal: practice plan", _practice_plan_logged, who="client_user"),
    Page(
        "portal: practice plan, a mistake",
        _first_plan,
        who="client_user",
        post={"log_date": "2999-01-01", "practised": "", "how_it_went": "x"},
        status=400,
    ),
    Page("portal: settings", "portal_settings", who="client_user"),
    Page("portal: settings, a language chosen", _language_chosen, who="client_user"),
    Page("portal: support", "portal_support", who="client_user"),
    Page(
        "portal: support, after a risk answer",
        lambda s: reverse("portal_support") + "?after=answers",
        who="client_user",
    ),
    Page("portal: safety plan", "portal_safety_plan", who="client_user"),
    Page("portal: a check-in's questionnaire", _check_in_answer, who="client_user"),
    Page("link: start", _link),
    Page("link: a questionnaire", _link_question),
    Page("link: a questionnaire with a mistake", _link_question, post={"q1": "7"}, status=400),
    Page("link: support", lambda s: _link(s) + "support/"),
    Page("link: support, after a risk answer", lambda s: _link(s) + "support/?after=answers"),
    Page("link: used up", _link_used_up, status=410),
    Page("link: withdrawn", _link_withdrawn, status=410),
    Page("link: replaced by an email", _link_withdrawn_for("sent by email"), status=410),
    Page("link: its message not sent", _link_withdrawn_for("not sent"), status=410),
    Page("link: withdrawn, no reason kept", _link_withdrawn_for(""), status=410),
    Page("link: expired", _link_expired, status=410),
    Page("link: closed", _link_closed, status=410),
    Page("link: unknown", "/l/not-a-link/", status=404),
    Page("link: tried too often", _link_tried_too_often, status=429),
    Page("link: a check-in's start", _check_in_link),
    Page("link: a check-in's questionnaire", lambda s: _check_in_link(s) + "phq9/"),
    Page(
        "link: made, by the therapist",
        lambda s: reverse("make_link", args=[s.people.session.pk]),
        who="therapist",
        post={},
        status=201,
    ),
    Page("links: the practice's", _practice_links, who="admin"),
    Page(
        "links: the practice's, a mistake",
        "practice_links",
        who="admin",
        post={"valid_days": "99"},
        status=400,
    ),
]
