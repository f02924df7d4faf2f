"""Forgotten password: a one-time link by email, and the same answer whether or not the address exists."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_a_link_that_sets_a_new_password(client, people, mailoutbox):
    response = client.post("/accounts/password/forgotten/", {"email": "therapist@harbour.test"})
    assert response.url == "/accounts/password/forgotten/sent/"
    assert len(mailoutbox) == 1
    link = re.search(r"http://[^/]+(/accounts/password/reset/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new password", "new_password2": "a brand new password"},
    )
    assert done.status_code == 302
    people.therapist.refresh_from_db()
    assert people.therapist.check_password("a brand new password")


def test_it_answers_the_same_for_an_unknown_address(client, people, mailoutbox):
    known = client.post(
        "/accounts/password/forgotten/", {"email": "therapist@harbour.test"}, follow=True
    )
    unknown = client.post(
        "/accounts/password/forgotten/", {"email": "nobody@harbour.test"}, follow=True
    )
    assert known.content == unknown.content
    assert len(mailoutbox) == 1
