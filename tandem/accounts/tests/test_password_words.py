"""A new password is asked for in the same plain words everywhere (the invitation's): no list of
Django's four rules, no 'New password confirmation … for verification', and a client is not told
about API tokens they never had."""

import re

import pytest

pytestmark = pytest.mark.django_db

PLAIN = (
    "New password",
    "At least 10 characters; not a common password.",
    "The same password again",
)
DJANGO = ("New password confirmation", "for verification", "can’t be entirely numeric")


def test_changing_a_password_says_it_plainly(client, people):
    client.force_login(people.client_user)
    html = client.get("/accounts/password/").content.decode()
    assert all(words in html for words in PLAIN) and "Your current password" in html
    assert not any(words in html for words in DJANGO)
    done = client.post(
        "/accounts/password/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "a brand new password",
            "new_password2": "a brand new password",
        },
        follow=True,
    )
    page = done.content.decode()
    assert "Your password is changed." in page and "API tokens" not in page


def test_a_therapist_still_hears_about_api_tokens(client, people):
    client.force_login(people.therapist)
    done = client.post(
        "/accounts/password/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "a brand new password",
            "new_password2": "a brand new password",
        },
        follow=True,
    )
    assert "your API tokens no longer work" in done.content.decode()


def test_a_reset_link_asks_in_the_same_words(client, people, mailoutbox):
    client.post("/accounts/password/forgotten/", {"email": "client@harbour.test"})
    link = re.search(r"http://[^/]+(/accounts/password/reset/\S+)", mailoutbox[0].body).group(1)
    html = client.get(link, follow=True).content.decode()
    assert all(words in html for words in PLAIN)
    assert not any(words in html for words in DJANGO)
