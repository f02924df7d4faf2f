"""Someone tries to break a link: expired, reused, guessed, withdrawn, another practice's, a
client erased or given another login, a link holder reaching for the rest of the portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client as Browser
from django.utils import timezone

from tandem.care.erasure import erase_client
from tandem.links import guard
from tandem.links.actions import create_link, due_through, revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.links.tests.conftest import calm_answers, path_of
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def _nothing_opens(browser: Browser, made) -> None:
    for suffix in ("", "gad7/"):
        page = browser.get(path_of(made) + suffix)
        assert page.status_code == 410, (suffix, page.status_code)
    before = Response.objects.count()
    sent = browser.post(path_of(made) + "gad7/", calm_answers("gad7"))
    assert sent.status_code == 410
    assert Response.objects.count() == before


def test_an_expired_link_opens_nothing(people, made):
    QuestionnaireLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _nothing_opens(Browser(), made)
    assert "no longer works" in Browser().get(path_of(made)).content.decode()


def test_a_withdrawn_link_opens_nothing(people, made):
    assert revoke_link(people.therapist, made.link)
    _nothing_opens(Browser(), made)


def test_a_link_withdrawn_between_opening_and_sending_saves_nothing(people, made):
    browser = Browser()
    assert browser.get(path_of(made) + "gad7/").status_code == 200
    revoke_link(people.therapist, made.link)
    assert browser.post(path_of(made) + "gad7/", calm_answers("gad7")).status_code == 410
    assert not Response.objects.exists()


def test_a_used_link_cannot_be_used_again(people, made):
    browser = Browser()
    for instrument_id in [d.instrument.id for d in due_through(made.link)]:
        browser.post(path_of(made) + f"{instrument_id}/", calm_answers(instrument_id))
    assert QuestionnaireLink.objects.get().completed_at is not None
    _nothing_opens(browser, made)


def test_a_wrong_token_finds_nothing(people, made):
    token = path_of(made).split("/")[2]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    page = Browser().get(f"/l/{wrong}/")
    assert page.status_code == 404
    assert "Harbour" not in page.content.decode()
    assert Browser().get(f"/l/{'x' * 500}/").status_code == 404


def test_guessing_is_paused_even_for_a_right_token(people, made):
    browser = Browser()
    for n in range(settings.AXES_FAILURE_LIMIT):
        assert browser.get(f"/l/guess-{n}/").status_code == 404
    assert browser.get("/l/one-more-guess/").status_code == 429
    # Guessing cannot go on in the background: the right token waits too, from that address.
    assert browser.get(path_of(made)).status_code == 429
    # Another address is not held up by this one.
    assert Browser(REMOTE_ADDR="10.0.0.9").get(path_of(made)).status_code == 200


def test_the_pause_ends_after_the_cooloff(people, made):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guard.charge_wrong_link("127.0.0.1")
    assert guard.is_paused("127.0.0.1")
    from tandem.links.models import LinkGuess

    LinkGuess.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert Browser().get(path_of(made)).status_code == 200


def test_hammering_one_link_is_limited(people, made):
    browser = Browser()
    QuestionnaireLink.objects.update(hits=guard.HITS_PER_HOUR - 1)
    assert browser.get(path_of(made)).status_code == 200
    assert browser.get(path_of(made)).status_code == 429
    assert browser.post(path_of(made) + "gad7/", calm_answers("gad7")).status_code == 429
    assert not Response.objects.exists()
    QuestionnaireLink.objects.update(hits_since=timezone.now() - timedelta(hours=1, seconds=1))
    assert browser.get(path_of(made)).status_code == 200


def test_another_practices_therapist_cannot_make_or_withdraw_one(people, made):
    outsider = Browser()
    outsider.force_login(people.outsider)
    assert outsider.post(f"/sessions/{people.session.pk}/links/").status_code == 404
    assert outsider.post(f"/links/{made.link.pk}/withdraw/").status_code == 404
    assert QuestionnaireLink.objects.count() == 1
    assert QuestionnaireLink.objects.get().revoked_at is None


def test_a_colleague_cannot_make_or_withdraw_one_either(people, made):
    colleague = Browser()
    colleague.force_login(people.colleague)
    assert colleague.post(f"/sessions/{people.session.pk}/links/").status_code == 404
    assert colleague.post(f"/links/{made.link.pk}/withdraw/").status_code == 404
    assert QuestionnaireLink.objects.get().revoked_at is None


def test_erasing_the_client_erases_their_links(people, made):
    erase_client(people.admin, people.client, people.client.display_name)
    assert not QuestionnaireLink.objects.exists()
    assert Browser().get(path_of(made)).status_code == 404


def test_a_client_given_another_login_is_not_answered_for_by_the_old_link(people, made):
    from tandem.care.actions import invite_client

    people.client_user.set_unusable_password()
    people.client_user.save()
    invite_client(people.therapist, people.client, "ada.new@harbour.test")
    _nothing_opens(Browser(), made)


def test_a_reassigned_client_keeps_their_link_and_the_new_therapist_holds_it(people, made):
    from tandem.care.actions import assign_client

    assign_client(people.admin, people.client, people.colleague)
    browser = Browser()
    assert browser.get(path_of(made)).status_code == 200
    assert browser.post(path_of(made) + "gad7/", calm_answers("gad7")).status_code == 302
    # The page names no therapist, old or new.
    text = browser.get(path_of(made)).content.decode()
    assert "Therapist" not in text and "Colleague" not in text
    before = Browser()
    before.force_login(people.therapist)  # no longer Ada's therapist
    assert before.post(f"/links/{made.link.pk}/withdraw/").status_code == 404
    colleague = Browser()
    colleague.force_login(people.colleague)
    assert colleague.post(f"/links/{made.link.pk}/withdraw/").status_code == 302
    assert QuestionnaireLink.objects.get().revoked_at is not None


def test_a_link_holder_is_not_signed_in_anywhere_else(people, made):
    browser = Browser()
    assert browser.get(path_of(made)).status_code == 200
    browser.post(path_of(made) + "gad7/", calm_answers("gad7"))
    for page in (
        "/portal/",
        "/portal/progress/",
        "/portal/settings/",
        "/portal/settings/my-record/",
        "/portal/support/",
        "/portal/safety-plan/",
        f"/portal/sessions/{people.session.pk}/phq9/",
        "/caseload/",
        f"/sessions/{people.session.pk}/",
    ):
        response = browser.get(page)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), page
    assert "_auth_user_id" not in browser.session


def test_the_link_sets_no_session_cookie(people, made):
    browser = Browser()
    cookies: set[str] = set()
    for response in (
        browser.get(path_of(made)),
        browser.get(path_of(made) + "phq9/"),
        browser.post(path_of(made) + "phq9/", calm_answers("phq9", q9=2)),
        browser.get(path_of(made) + "support/?after=answers"),
        browser.post(path_of(made) + "gad7/", calm_answers("gad7")),
    ):
        assert response.status_code < 400
        cookies |= set(response.cookies)
    assert settings.SESSION_COOKIE_NAME not in cookies
    # What a cookie may carry: the form's CSRF token and a thank-you message, nothing of the link.
    assert cookies <= {settings.CSRF_COOKIE_NAME, "messages"}
    token = path_of(made).split("/")[2]
    assert all(token not in str(browser.cookies[name].value) for name in browser.cookies)


def test_a_signed_in_person_opening_a_link_keeps_their_own_session_unchanged(people, made):
    browser = Browser()
    browser.force_login(people.other_client_user)
    key = browser.session.session_key
    assert browser.get(path_of(made)).status_code == 200
    assert browser.post(path_of(made) + "gad7/", calm_answers("gad7")).status_code == 302
    assert browser.session.session_key == key
    assert int(browser.session["_auth_user_id"]) == people.other_client_user.pk
    # The answers are Ada's (the link's), not the signed-in person's.
    assert Response.objects.get(instrument_id="gad7").respondent == people.client_user


def test_a_link_made_for_one_session_answers_for_no_other(people, made):
    from tandem.care.models import Session

    Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    # A later session was recorded: what was due for session 1 is no longer waiting.
    assert Browser().get(path_of(made)).status_code == 410
    later = create_link(people.therapist, Session.objects.get(number=2), via="therapist")
    assert Browser().get(path_of(later)).status_code == 200


def test_addresses_that_guessed_are_forgotten_once_they_no_longer_count(people):
    from tandem.links.models import LinkGuess
    from tandem.links.tasks import forget_wrong_link_addresses

    guard.charge_wrong_link("10.0.0.1")
    guard.charge_wrong_link("10.0.0.2")
    LinkGuess.objects.filter(address="10.0.0.1").update(
        since=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    forget_wrong_link_addresses.call()
    assert list(LinkGuess.objects.values_list("address", flat=True)) == ["10.0.0.2"]
