"""A follow-up check-in's personal link, attacked by someone who has read the code: a
questionnaire the check-in does not ask, a holder signed in as another client, a client given
another login, a leaked link read for what it says, and the admin withdrawing it from a form that
does not say where to go back to."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client as Browser

from tandem.accounts.models import User
from tandem.errors import ActionError
from tandem.followup.models import FollowUp
from tandem.followup.tests.conftest import gad7, phq9
from tandem.followup.tests.test_check_in_by_link import _open, _path_in, links_on, travel
from tandem.links.actions import answer_through_link, find_link
from tandem.links.models import QuestionnaireLink
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

__all__ = ["links_on", "travel"]  # fixtures, imported for pytest to find


@pytest.fixture
def check_in(links_on: Any, travel: Any, django_capture_on_commit_callbacks: Any) -> str:
    """The 1-month check-in open, its email sent with a link; the link's path."""
    _open(django_capture_on_commit_callbacks)
    return _path_in(mail.outbox[0].body)


@pytest.mark.parametrize(
    "instrument", [registry.SESSION_SCALE, "partnership_mirror", "no-such-scale", "phq9x"]
)
def test_a_questionnaire_the_check_in_does_not_ask_cannot_be_answered_through_it(
    links_on: Any, check_in: str, instrument: str
) -> None:
    before = Response.objects.count()
    assert Browser().get(check_in + f"{instrument}/").status_code == 404
    assert Browser().post(check_in + f"{instrument}/", phq9(4)).status_code == 404
    link = QuestionnaireLink.objects.get()
    with pytest.raises(ActionError, match="not waiting"):
        answer_through_link(link, instrument, phq9(4))
    assert Response.objects.count() == before
    assert not FollowUp.objects.get().responses.exists()


def test_a_questionnaire_answered_cannot_be_answered_again_through_the_link(
    links_on: Any, check_in: str
) -> None:
    assert Browser().post(check_in + "phq9/", phq9(4)).status_code == 302
    assert Browser().post(check_in + "phq9/", phq9(20)).status_code == 404
    assert FollowUp.objects.get().responses.get(instrument_id="phq9").total == 4


def test_another_client_signed_in_answers_only_for_the_links_client(
    links_on: Any, check_in: str
) -> None:
    """Ben, signed in, opens Ada's link: the answers are Ada's (her check-in, her episode), Ben's
    own session is untouched, and nothing lands in any record of Ben's."""
    ben = Browser()
    ben.force_login(links_on.other_client_user)
    key = ben.session.session_key
    assert ben.post(check_in + "phq9/", phq9(4)).status_code == 302
    stored = FollowUp.objects.get().responses.get()
    assert stored.episode.client == links_on.client
    assert stored.respondent == links_on.client_user
    assert not Response.objects.filter(respondent=links_on.other_client_user).exists()
    assert not Response.objects.filter(episode__client=links_on.other_client).exists()
    assert ben.session.session_key == key
    assert ben.get("/portal/").status_code == 200  # still Ben, as he was


def test_a_client_given_another_login_is_not_answered_for_by_the_old_link(
    links_on: Any, check_in: str
) -> None:
    client = links_on.client
    client.user = User.objects.create_user(email="ada-new@harbour.test", practice=client.practice)
    client.save(update_fields=["user"])
    assert Browser().get(check_in).status_code == 410
    assert Browser().post(check_in + "phq9/", phq9(4)).status_code == 410
    assert not FollowUp.objects.get().responses.exists()


def test_a_leaked_check_in_link_shows_the_practice_and_how_long_since_and_no_one(
    links_on: Any, check_in: str
) -> None:
    """What a stranger holding the link reads on every page it opens, before and after the
    answers: the practice's name and "1 month after your therapy ended", never a person."""
    stranger = Browser()
    pages = [
        stranger.get(check_in),
        stranger.get(check_in + "phq9/"),
        stranger.get(check_in + "support/"),
    ]
    stranger.post(check_in + "phq9/", phq9(4))
    stranger.post(check_in + "gad7/", gad7(3))
    pages.append(stranger.post(check_in + "talk_again/", {"talk": "1"}, follow=True))
    pages.append(stranger.get(check_in))  # used up: the thank-you page, to anyone after
    therapist = links_on.therapist
    names = [
        "Ada",
        links_on.client_user.email,
        links_on.client_user.full_name,
        therapist.full_name,
        therapist.email,
        "Ben K.",
        "Elsewhere",
    ]
    for page in pages:
        text = plain_spaces(page.content.decode())
        assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
        assert "sessionid" not in page.cookies
        for name in names:
            assert name not in text, name
        # No score and no earlier answer: the episode's PHQ-9 was 16 and then 4.
        for clinical in ("score", "severity", "moderate", "graduated", "Session 2"):
            assert clinical.lower() not in text.lower(), clinical
    assert "Harbour" in pages[0].content.decode()
    assert "1 month after your therapy ended" in pages[0].content.decode()
    assert "sessionid" not in stranger.cookies


def test_withdrawing_a_check_in_link_from_a_form_without_a_way_back_is_no_server_error(
    links_on: Any, check_in: str
) -> None:
    """A check-in's link has no session page to go back to; the withdraw form used to redirect
    there and fail (a 500) unless it said it came from the practice's list."""
    admin = Browser()
    admin.force_login(links_on.admin)
    link = QuestionnaireLink.objects.get()
    response = admin.post(f"/links/{link.pk}/withdraw/")
    assert response.status_code == 302 and response["Location"] == "/practice/links/"
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Browser().get(check_in).status_code == 410


def test_the_link_finds_nothing_from_a_token_too_long_or_strange(
    links_on: Any, check_in: str
) -> None:
    token = check_in.strip("/").rsplit("/", 1)[-1]
    assert find_link(token) is not None
    for wrong in (token + "x", token[:-1], token.upper(), token * 3, "%00" + token):
        assert Browser().get(f"/l/{wrong}/").status_code in (404, 429)
