"""Adversarial tests of the invitation flow (docs/security.md, "Threat model: account flows").

Each test is an attack by someone who has read the code: an inviter taking over an account they
can already reach by address (16.1), an admin granting themselves a clinical role, a link used twice,
late, from another account, without its CSRF token, or to learn who has an account elsewhere (16.10).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone

from tandem.accounts.actions import invite_person
from tandem.accounts.models import Invitation, User
from tandem.audit.models import AuditEvent
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # every fixture person's password (conftest.make_user)
TAKEOVER = "the attacker's new password"


def path_of(link: str) -> str:
    return re.search(r"(/accounts/invite/[^/]+/)", link).group(1)  # type: ignore[union-attr]


def _try_takeover(path: str) -> Any:
    """What the attacker does with a link to someone else's account: set a password with it."""
    browser = Browser()
    first = browser.get(path)
    attempt = browser.post(path, {"password1": TAKEOVER, "password2": TAKEOVER})
    return browser, first, attempt


def test_an_admin_cannot_take_over_a_colleague_by_inviting_their_address(people: Any) -> None:
    # Replays 16.1 (admin -> colleague): the invitation used to set a new password and sign in.
    sent = invite_person(people.admin, people.practice, people.colleague.email, "supervisor")
    browser, first, attempt = _try_takeover(path_of(sent.link))
    assert first.status_code == attempt.status_code == 302
    assert first.url.startswith("/accounts/login/?next=")  # the holder must sign in themselves
    assert "_auth_user_id" not in browser.session
    people.colleague.refresh_from_db()
    assert people.colleague.check_password(PASSWORD) and not people.colleague.check_password(
        TAKEOVER
    )
    assert not people.colleague.is_supervisor  # nothing changes until the holder accepts


def test_a_therapist_cannot_take_over_their_own_clients_login(people: Any) -> None:
    # Replays 16.1 (therapist -> own client), through the page a therapist uses.
    browser = Browser()
    browser.force_login(people.therapist)
    page = browser.post(
        f"/clients/{people.client.pk}/invite/", {"email": people.client_user.email}, follow=True
    )
    assert b"has a portal login already" in page.content
    assert not Invitation.objects.filter(user=people.client_user).exists()
    # And straight through the action, as code elsewhere might call it: only a role offer, which
    # the client already holds, so nothing at all.
    from tandem.errors import ActionError

    with pytest.raises(ActionError):
        invite_person(people.therapist, people.practice, people.client_user.email, "client")
    people.client_user.refresh_from_db()
    assert people.client_user.check_password(PASSWORD)


def test_an_old_invitation_to_an_account_with_a_password_sets_no_password(people: Any) -> None:
    # An invitation row made before the fix (a password link for an account that has one).
    sent = invite_person(people.admin, people.practice, "fresh@harbour.test", "therapist")
    fresh = User.objects.get(email="fresh@harbour.test")
    fresh.set_password(PASSWORD)
    fresh.is_active = True
    fresh.save()
    browser, _, _ = _try_takeover(path_of(sent.link))
    fresh.refresh_from_db()
    assert fresh.check_password(PASSWORD) and "_auth_user_id" not in browser.session


def test_a_new_role_needs_its_holder_signed_in_and_their_password_and_is_audited(
    people: Any,
) -> None:
    # "An admin can give themselves clinical roles by inviting their own address": now the role
    # is an offer, accepted only with the account's password, and audited.
    sent = invite_person(people.admin, people.practice, people.admin.email, "therapist")
    path = path_of(sent.link)
    people.admin.refresh_from_db()
    assert not people.admin.is_therapist
    browser = Browser()
    browser.force_login(people.admin)
    assert b"Accept the role" in browser.get(path).content
    wrong = browser.post(path, {"password": "not my password"})
    assert b"not your password" in wrong.content
    people.admin.refresh_from_db()
    assert not people.admin.is_therapist
    assert browser.post(path, {"password": PASSWORD}).status_code == 302
    people.admin.refresh_from_db()
    assert people.admin.is_therapist
    event = AuditEvent.objects.get(action="role.add")
    assert event.actor_id == people.admin.pk and event.detail["role"] == "therapist"
    assert event.detail["invited_by"] == people.admin.pk
    assert browser.get(path).status_code == 404  # once only


def test_someone_else_signed_in_cannot_accept_a_role_offer(people: Any) -> None:
    sent = invite_person(people.admin, people.practice, people.colleague.email, "supervisor")
    browser = Browser()
    browser.force_login(people.therapist)
    page = browser.post(path_of(sent.link), {"password": PASSWORD})
    assert page.status_code == 403
    people.colleague.refresh_from_db()
    people.therapist.refresh_from_db()
    assert not people.colleague.is_supervisor and not people.therapist.is_supervisor


def test_accepting_a_role_needs_the_csrf_token(people: Any) -> None:
    sent = invite_person(people.admin, people.practice, people.colleague.email, "supervisor")
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(people.colleague)
    assert browser.post(path_of(sent.link), {"password": PASSWORD}).status_code == 403
    people.colleague.refresh_from_db()
    assert not people.colleague.is_supervisor


def test_setting_a_password_by_invitation_needs_the_csrf_token(people: Any) -> None:
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    browser = Browser(enforce_csrf_checks=True)
    page = browser.post(path_of(sent.link), {"password1": TAKEOVER, "password2": TAKEOVER})
    assert page.status_code == 403
    assert not User.objects.get(email="new@harbour.test").is_active


def test_a_link_works_once_and_not_after_it_expires_or_is_withdrawn(people: Any) -> None:
    used = invite_person(people.admin, people.practice, "one@harbour.test", "therapist")
    Browser().post(path_of(used.link), {"password1": TAKEOVER, "password2": TAKEOVER})
    assert User.objects.get(email="one@harbour.test").is_active
    again = Browser().post(path_of(used.link), {"password1": "x" * 12, "password2": "x" * 12})
    assert again.status_code == 404

    late = invite_person(people.admin, people.practice, "two@harbour.test", "therapist")
    Invitation.objects.filter(pk=late.invitation.pk).update(  # type: ignore[union-attr]
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert Browser().get(path_of(late.link)).status_code == 404

    withdrawn = invite_person(people.admin, people.practice, "three@harbour.test", "therapist")
    admin = Browser()
    admin.force_login(people.admin)
    admin.post(f"/practice/invitations/{withdrawn.invitation.pk}/withdraw/")  # type: ignore[union-attr]
    assert Browser().get(path_of(withdrawn.link)).status_code == 404
    assert AuditEvent.objects.filter(action="invitation.withdraw").count() == 1


def test_another_practices_admin_cannot_withdraw_or_resend_our_invitation(people: Any) -> None:
    sent = invite_person(people.admin, people.practice, "ours@harbour.test", "therapist")
    people.outsider.is_practice_admin = True
    people.outsider.save()
    browser = Browser()
    browser.force_login(people.outsider)
    pk = sent.invitation.pk  # type: ignore[union-attr]
    assert browser.post(f"/practice/invitations/{pk}/withdraw/").status_code == 404
    assert browser.post(f"/practice/invitations/{pk}/resend/").status_code == 404
    assert Invitation.objects.get(pk=pk).is_usable


def test_accepting_gives_a_new_session_and_signs_out_whoever_was_there(people: Any) -> None:
    # Session fixation: a session the attacker planted (here, their own signed-in one) does not
    # become the new account's.
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    browser = Browser()
    browser.force_login(people.outsider)
    planted = browser.session.session_key
    browser.post(path_of(sent.link), {"password1": TAKEOVER, "password2": TAKEOVER})
    assert browser.session.session_key != planted
    assert int(browser.session["_auth_user_id"]) == User.objects.get(email="new@harbour.test").pk


def test_an_invitation_never_signs_in_past_the_second_factor(people: Any) -> None:
    from tandem.accounts.models import TwoFactor

    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    new = User.objects.get(email="new@harbour.test")
    # However it came to have one (e.g. an admin's fixture), a second factor is honoured.
    TwoFactor.objects.create(
        user=new, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", confirmed_at=timezone.now()
    )
    browser = Browser()
    done = browser.post(path_of(sent.link), {"password1": TAKEOVER, "password2": TAKEOVER})
    assert done.url == "/accounts/two-factor/verify/"
    assert "_auth_user_id" not in browser.session
    assert browser.get("/caseload/").status_code == 302


def test_a_role_offer_to_a_two_factor_account_signs_in_through_the_second_factor(
    people: Any,
) -> None:
    from tandem.accounts.models import TwoFactor

    TwoFactor.objects.create(
        user=people.colleague,
        secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        confirmed_at=timezone.now(),
    )
    sent = invite_person(people.admin, people.practice, people.colleague.email, "supervisor")
    browser = Browser()
    to_login = browser.get(path_of(sent.link))
    signed = browser.post(to_login.url, {"username": people.colleague.email, "password": PASSWORD})
    assert signed.url == "/accounts/two-factor/verify/"
    assert "_auth_user_id" not in browser.session


# --- 16.10: who is a client elsewhere does not leak ----------------------------------------------


def _add_client(browser: Browser, name: str, email: str) -> str:
    page = browser.post("/clients/new/", {"display_name": name, "email": email}, follow=True)
    assert page.status_code == 200
    text = plain_spaces(page.content.decode())
    # What differs legitimately between two runs: the name, the address, ids and the link.
    for varying in (name, email):
        text = text.replace(varying, "…")
    text = re.sub(r"/accounts/invite/[^/\s\"<]+/", "/accounts/invite/TOKEN/", text)
    text = re.sub(r"/(clients|episodes|sessions)/\d+/", r"/\1/N/", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r"(episode|pk|id)[=-]\d+", r"\1=N", text)


def test_the_add_client_form_answers_the_same_for_a_client_elsewhere_and_a_new_address(
    people: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    browser = Browser()
    browser.force_login(people.therapist)
    with django_capture_on_commit_callbacks(execute=True):
        unknown = _add_client(browser, "Dee N.", "nobody-yet@example.test")
        elsewhere = _add_client(browser, "Eve M.", people.outsider_client_user.email)
    assert unknown == elsewhere
    assert "Not signed up to the portal yet." in elsewhere
    # Nothing about the other practice's client changed, and they learn why no invitation came.
    people.outsider_client_user.refresh_from_db()
    assert people.outsider_client_user.practice == people.other_practice
    assert people.outsider_client_user.check_password(PASSWORD)
    notes = [m for m in mailoutbox if m.to == [people.outsider_client_user.email]]
    assert len(notes) == 1 and "already used for a Tandem account" in notes[0].body
    assert people.other_practice.name not in notes[0].body


def test_the_same_answer_for_another_client_of_this_practice_and_for_staff(people: Any) -> None:
    # A therapist does not see a colleague's clients, so their addresses must not leak either.
    browser = Browser()
    browser.force_login(people.therapist)
    unknown = _add_client(browser, "Dee N.", "nobody-yet@example.test")
    for taken in (people.other_client_user.email, people.supervisor.email):
        assert _add_client(browser, "Dee N.", taken) == unknown
    people.other_client.refresh_from_db()
    assert people.other_client.user == people.other_client_user


def test_the_staff_invitation_answers_the_same_for_an_account_elsewhere(people: Any) -> None:
    browser = Browser()
    browser.force_login(people.admin)

    def invite(email: str) -> str:
        page = browser.post(
            "/practice/invite/",
            {"full_name": "Sam Reed", "email": email, "role": "therapist"},
            follow=True,
        )
        text = page.content.decode().replace(email, "…")
        text = re.sub(r"/accounts/invite/[^/\s\"<]+/", "/accounts/invite/TOKEN/", text)
        text = re.sub(r"/invitations/\d+/", "/invitations/N/", text)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    first = invite("sam@elsewhere-unknown.test")
    Invitation.objects.update(revoked_at=timezone.now())
    second = invite(people.outsider_client_user.email)
    assert first == second


# --- 17.2: links point where Tandem is served; the staff form keeps what was typed ---------------


def test_the_link_is_built_from_the_site_url_or_the_request(people: Any, settings: Any) -> None:
    settings.TANDEM_SITE_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    browser = Browser(HTTP_HOST="localhost:8123")
    browser.force_login(people.admin)
    page = browser.post(
        "/practice/invite/",
        {"full_name": "Sam Reed", "email": "sam@harbour.test", "role": "therapist"},
        follow=True,
    )
    assert b"http://localhost:8123/accounts/invite/" in page.content
    assert b"Email is printed to the console" in page.content
    # A read-only field to copy from (the button appears with JavaScript: accounts/copy.js).
    assert re.search(
        rb'id="invitation-link" type="text" readonly value="http://localhost:8123/', page.content
    )
    assert b'data-copy-from="invitation-link"' in page.content
    settings.TANDEM_SITE_URL = "https://tandem.example.org"
    page = browser.post(
        "/practice/invite/",
        {"full_name": "Sam Reed", "email": "sam@harbour.test", "role": "therapist"},
        follow=True,
    )
    assert b"https://tandem.example.org/accounts/invite/" in page.content


def test_the_staff_form_keeps_what_was_typed_with_the_error_by_its_field(people: Any) -> None:
    browser = Browser()
    browser.force_login(people.admin)
    page = browser.post(
        "/practice/invite/", {"full_name": "Sam Reed", "email": "not-an-address", "role": ""}
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert 'value="Sam Reed"' in text and 'value="not-an-address"' in text
    assert re.search(r'id="id_email".*?class="errorlist"', text, re.S)
