"""People join by invitation: a one-time link to set a password."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.actions import invite_person
from tandem.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db


def token_of(link):
    return re.search(r"/accounts/invite/([^/]+)/", link).group(1)


def test_it_stores_only_a_hash_of_the_token(people):
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    token = token_of(sent.link)
    assert token not in sent.invitation.token_hash
    assert len(sent.invitation.token_hash) == 64


def test_it_sets_the_password_once_and_signs_in(client, people):
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    url = f"/accounts/invite/{token_of(sent.link)}/"
    response = client.post(
        url, {"password1": "a fine long password", "password2": "a fine long password"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@harbour.test")
    assert user.is_active and user.is_therapist and user.check_password("a fine long password")
    assert client.get("/caseload/").status_code == 200
    client.logout()
    assert client.get(url).status_code == 404  # used


def test_it_explains_a_weak_or_mismatched_password(client, people):
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    url = f"/accounts/invite/{token_of(sent.link)}/"
    page = client.post(url, {"password1": "short", "password2": "short"})
    assert b"too short" in page.content
    page = client.post(url, {"password1": "a fine long password", "password2": "another long one"})
    assert b"not the same" in page.content
    assert not User.objects.get(email="new@harbour.test").is_active


def test_it_refuses_an_expired_link(client, people):
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"/accounts/invite/{token_of(sent.link)}/").status_code == 404


def test_it_replaces_an_older_invitation_when_a_new_one_is_sent(client, people):
    first = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    assert client.get(f"/accounts/invite/{token_of(first.link)}/").status_code == 404


def test_it_will_not_invite_someone_from_another_practice(client, people):
    # The inviter is answered as for any address (16.10), but the link can never be used.
    sent = invite_person(people.admin, people.practice, people.outsider.email, "therapist")
    assert client.get(f"/accounts/invite/{token_of(sent.link)}/").status_code == 404
    people.outsider.refresh_from_db()
    assert (
        not people.outsider.is_practice_admin and people.outsider.practice == people.other_practice
    )


def test_the_admin_invites_a_colleague_from_the_practice_page(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            "/practice/invite/",
            {"full_name": "Sam Reed", "email": "sam@harbour.test", "role": "supervisor"},
            follow=True,
        )
    assert b"sam@harbour.test" in page.content
    assert User.objects.get(email="sam@harbour.test").is_supervisor
    assert len(mailoutbox) == 1
    # The email carries no clinical detail: only who invites and the link.
    assert "Harbour" in mailoutbox[0].subject
