"""The practice admin's forms sent with a mistake come back as sent (issue 17.9)."""

from __future__ import annotations

from typing import Any

import pytest

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
    assert page.error("id_role") == "This field is required."
