"""The practice admin's forms sent with a mistake come back as sent (issue 17.9)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tandem.accounts.actions import invite_person
from tandem.accounts.models import Supervision
from tandem.web.testing import form_page

pytestmark = pytest.mark.django_db


def test_a_supervision_link_without_a_therapist_keeps_the_supervisor(
    client: Any, people: Any
) -> None:
    client.force_login(people.admin)
    response = client.post(
        "/practice/supervision/",
        {"supervisor": people.supervisor.pk, "therapist": "", "active": "1"},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("supervision-supervisor") == str(people.supervisor.pk)
    assert page.error("supervision-therapist") == "Choose a therapist."
    assert page.messages == ["Supervision was not changed. Therapist: Choose a therapist."]
    assert Supervision.objects.count() == 1


def test_a_staff_invitation_without_a_role_says_so_beside_the_roles(
    client: Any, people: Any
) -> None:
    client.force_login(people.admin)
    response = client.post(
        "/practice/invite/", {"full_name": "Robin Vale", "email": "robin@harbour.test"}
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("id_full_name") == "Robin Vale"
    assert page.value("id_email") == "robin@harbour.test"
    assert page.error("id_role") == "Choose a role."
    # Said at the top as well: on a phone the form is far down the page.
    assert "The invitation was not sent. Role: Choose a role." in response.content.decode()


def test_a_password_change_with_the_wrong_current_password(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "not it",
            "new_password1": "a fine long password",
            "new_password2": "a fine long password",
        },
    )
    assert response.status_code == 400
    assert "incorrect" in form_page(response).error("id_old_password")


def test_an_invitation_with_passwords_that_differ(client: Any, people: Any) -> None:
    sent = invite_person(people.admin, people.practice, "new@harbour.test", "therapist")
    token = re.search(r"/accounts/invite/([^/]+)/", sent.link).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/accounts/invite/{token}/",
        {"password1": "a fine long password", "password2": "another long one"},
    )
    assert response.status_code == 400
    assert "not the same" in form_page(response).error("id_password2")


def test_an_api_token_with_a_name_too_long_keeps_it(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    name = "R analysis of the whole caseload, " * 4
    response = client.post("/settings/tokens/", {"name": name, "read_only": "on"})
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("id_name") == name
    assert page.value("id_read_only") is True
    assert "at most 100 characters" in page.error("id_name")
