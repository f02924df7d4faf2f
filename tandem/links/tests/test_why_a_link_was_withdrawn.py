"""A withdrawn link keeps why it was withdrawn, and its page tells the client the truth: withdrawn
by the practice, replaced by a newer link sent to their email (the text it came in did not reach
them), or withdrawn because the message carrying it could not be sent. Tandem itself must say
why; a staff member need not. The reason outlives the staff member's account, and the trail
says the same as the page, to staff and to the client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.audit.models import AuditEvent
from tandem.audit.words import words
from tandem.care.erasure import erase_client
from tandem.links.actions import MadeLink, revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.links.tests.conftest import path_of

PRACTICE = "It was withdrawn by the practice."
REPLACED = "This link has been replaced"
TO_EMAIL = "we sent a newer link to your email instead"
NOT_SENT = "the message it came in seemed not to have been sent"
GENERAL = "It has been withdrawn."


def _page(made: MadeLink, language: str = "en") -> str:
    page = Client(headers={"accept-language": language}).get(path_of(made))
    assert page.status_code == 410
    return page.content.decode().split("<main", 1)[1]


def test_staff_withdrawing_a_link_is_kept_as_such_and_the_page_names_the_practice(
    people: Any, made: MadeLink
) -> None:
    therapist = Client()
    therapist.force_login(people.therapist)
    therapist.post(f"/links/{made.link.pk}/withdraw/")
    link = QuestionnaireLink.objects.get()
    assert link.revoked_reason == QuestionnaireLink.BY_STAFF
    html = _page(made)
    assert PRACTICE in html and REPLACED not in html and "email" not in html
    event = AuditEvent.objects.get(action="link.revoke")
    assert event.detail["why"] == "by staff"
    assert words("link.revoke", detail=event.detail) == "withdrew the client's questionnaire link"


def test_the_reason_outlives_the_account_of_the_staff_member_who_withdrew_it(
    people: Any, made: MadeLink
) -> None:
    """``revoked_by`` empties when the account goes; the page must not then blame Tandem, nor
    say anything else."""
    admin = Client()
    admin.force_login(people.admin)
    admin.post(f"/links/{made.link.pk}/withdraw/", {"back": "practice"})
    people.admin.delete()
    link = QuestionnaireLink.objects.get()
    assert link.revoked_by is None and link.revoked_reason == QuestionnaireLink.BY_STAFF
    assert PRACTICE in _page(made)


def test_a_link_replaced_by_an_email_says_where_the_newer_one_went(
    people: Any, made: MadeLink
) -> None:
    assert revoke_link(None, made.link, why=QuestionnaireLink.SENT_BY_EMAIL)
    html = _page(made)
    assert f"<h1>{REPLACED}</h1>" in html and TO_EMAIL in html
    assert PRACTICE not in html and "no longer works" not in html
    people.client_user.language = "es"
    people.client_user.save(update_fields=["language"])
    html = _page(made, "en")
    assert "<h1>Este enlace se ha sustituido</h1>" in html
    assert "te enviamos un enlace más nuevo a tu correo electrónico" in html
    assert "El centro lo retiró" not in html


def test_a_link_whose_message_could_not_be_sent_says_so(people: Any, made: MadeLink) -> None:
    revoke_link(None, made.link, why=QuestionnaireLink.NOT_SENT, reason="the text was not sent")
    html = _page(made)
    assert NOT_SENT in html and PRACTICE not in html and REPLACED not in html
    event = AuditEvent.objects.get(action="link.revoke")
    assert event.detail == {
        "session": people.session.pk,
        "why": "not sent",
        "reason": "the text was not sent",
    }
    spanish = _page(made, "es")
    assert "parecía que el mensaje en el que venía no se había enviado" in spanish


def test_a_link_withdrawn_before_reasons_were_kept_says_only_that_it_was_withdrawn(
    people: Any, made: MadeLink
) -> None:
    from django.utils import timezone

    QuestionnaireLink.objects.update(revoked_at=timezone.now())
    html = _page(made)
    assert GENERAL in html and PRACTICE not in html and REPLACED not in html
    assert "Se ha retirado." in _page(made, "es")


@pytest.mark.parametrize("why", ["", "by the cat", "staff"])
def test_tandem_must_say_why_it_withdraws_a_link(people: Any, made: MadeLink, why: str) -> None:
    with pytest.raises(ValueError):
        revoke_link(None, made.link, why=why)
    link = QuestionnaireLink.objects.get()
    assert link.revoked_at is None and link.revoked_reason == ""
    assert not AuditEvent.objects.filter(action="link.revoke").exists()


def test_a_second_withdrawal_does_not_change_the_first_ones_reason(
    people: Any, made: MadeLink
) -> None:
    """A text's failure withdraws the link, then the therapist presses Withdraw on a stale page
    (or the other way round): the first reason stands, and is what the client reads."""
    assert revoke_link(None, made.link, why=QuestionnaireLink.SENT_BY_EMAIL)
    assert not revoke_link(people.therapist, made.link)
    link = QuestionnaireLink.objects.get()
    assert link.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL and link.revoked_by is None
    assert REPLACED in _page(made)


def test_the_trail_says_why_to_staff_and_to_the_client(people: Any, made: MadeLink) -> None:
    revoke_link(None, made.link, why=QuestionnaireLink.SENT_BY_EMAIL)
    admin = Client()
    admin.force_login(people.admin)
    staff_page = admin.get(f"/practice/clients/{people.client.pk}/audit/").content.decode()
    assert (
        "withdrew the client&#x27;s questionnaire link from a text that did not get through, "
        "because the same was emailed with a newer link"
    ) in staff_page
    ada = Client()
    ada.force_login(people.client_user)
    own = ada.get("/portal/who-has-seen-my-record/").content.decode()
    assert (
        "withdrew your questionnaire link from a text that did not get through, because the "
        "same was emailed to you with a newer link"
    ) in own
    # The CSV stays English, with the same words.
    csv = b"".join(
        admin.get(f"/practice/clients/{people.client.pk}/audit/?format=csv").streaming_content
    ).decode()
    assert "because the same was emailed with a newer link" in csv


def test_a_withdrawn_link_of_an_erased_client_is_gone_and_says_nothing_of_them(
    people: Any, made: MadeLink
) -> None:
    revoke_link(None, made.link, why=QuestionnaireLink.SENT_BY_EMAIL)
    erase_client(people.admin, people.client, "Ada L.")
    assert not QuestionnaireLink.objects.exists()
    page = Client().get(path_of(made))
    html = page.content.decode()
    assert page.status_code == 404 and "This link does not work" in html
    assert "Harbour" not in html and "email" not in html.split("<main", 1)[1]
    # The trail keeps that a link was withdrawn, and why, once the personal details are gone.
    event = AuditEvent.objects.get(action="link.revoke")
    assert words("link.revoke", detail=event.detail) in (
        "withdrew the client's questionnaire link",
        str(words("link.revoke", detail={"why": "sent by email"})),
    )
