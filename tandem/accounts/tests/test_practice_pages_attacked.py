"""The practice admin's forms under attack, read in Spanish: another practice's ids, choices that
were never offered, garbled or forged posts. Each is refused with nothing changed, and what the
admin is told is in their language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tandem.accounts.actions import invite_person
from tandem.accounts.models import Invitation, Supervision
from tandem.api.actions import create_token
from tandem.api.models import AccessToken
from tandem.care.models import Client as CareClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people: Any) -> Client:
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(people.admin)
    return browser


def _said(response: Any) -> str:
    """The page's messages and field errors, as one line of text."""
    html = response.content.decode()
    found = re.findall(r'<li[^>]*class="[^"]*(?:error|success|info)[^"]*"[^>]*>(.*?)</li>', html)
    found += re.findall(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', html)
    return " ".join(found)


def test_another_practices_invitation_cannot_be_sent_again_or_withdrawn(
    admin: Client, people: Any
) -> None:
    theirs = invite_person(people.outsider, people.other_practice, "new@elsewhere.test", "client")
    staff = invite_person(
        people.outsider, people.other_practice, "colleague@elsewhere.test", "therapist"
    )
    for sent in (theirs, staff):
        pk = sent.invitation.pk
        assert admin.post(f"/practice/invitations/{pk}/resend/").status_code == 404
        assert admin.post(f"/practice/invitations/{pk}/withdraw/").status_code == 404
    assert Invitation.objects.filter(practice=people.other_practice, revoked_at=None).count() == 2


def test_a_clients_invitation_is_not_the_staff_pages_to_withdraw(
    admin: Client, people: Any
) -> None:
    sent = invite_person(people.therapist, people.practice, "new-client@harbour.test", "client")
    assert admin.post(f"/practice/invitations/{sent.invitation.pk}/withdraw/").status_code == 404
    sent.invitation.refresh_from_db()
    assert sent.invitation.revoked_at is None


@pytest.mark.parametrize("role", ["client", "owner", "", "admin "])
def test_a_staff_invitation_offers_only_the_staff_roles(
    admin: Client, people: Any, role: str
) -> None:
    sent = admin.post(
        "/practice/invite/", {"full_name": "Noa", "email": "noa@harbour.test", "role": role}
    )
    assert sent.status_code == 400
    assert "La invitación no se envió. Rol:" in _said(sent)
    assert not Invitation.objects.filter(email="noa@harbour.test").exists()


def test_inviting_someone_who_has_the_role_says_so_in_spanish(admin: Client, people: Any) -> None:
    sent = admin.post(
        "/practice/invite/",
        {"full_name": "Therapist", "email": people.therapist.email, "role": "therapist"},
    )
    assert sent.status_code == 400
    assert "ya tiene este rol." in _said(sent)


@pytest.mark.parametrize("who", ["outsider", "therapist"])  # another practice's; not a supervisor
def test_supervision_links_only_this_practices_supervisors_and_therapists(
    admin: Client, people: Any, who: str
) -> None:
    sent = admin.post(
        "/practice/supervision/",
        {"supervisor": getattr(people, who).pk, "therapist": people.colleague.pk, "active": "1"},
    )
    assert sent.status_code == 400
    assert "Supervisor: Elige un supervisor de este centro." in _said(sent)
    sent = admin.post(
        "/practice/supervision/",
        {"supervisor": people.supervisor.pk, "therapist": people.outsider.pk, "active": "1"},
    )
    assert sent.status_code == 400
    assert "Terapeuta: Elige un terapeuta de este centro." in _said(sent)
    assert Supervision.objects.count() == 1


@pytest.mark.parametrize("active", ["2", "yes", "", "0 "])
def test_a_garbled_supervision_post_changes_nothing(
    admin: Client, people: Any, active: str
) -> None:
    # Only the two buttons' values mean something: anything else must not remove the link.
    sent = admin.post(
        "/practice/supervision/",
        {"supervisor": people.supervisor.pk, "therapist": people.therapist.pk, "active": active},
    )
    assert sent.status_code == 400
    assert Supervision.objects.filter(
        supervisor=people.supervisor, therapist=people.therapist
    ).exists()


@pytest.mark.parametrize("require", ["", "2", "true", "on", "1 "])
def test_a_garbled_two_factor_post_leaves_the_requirement_as_it_was(
    admin: Client, people: Any, require: str
) -> None:
    from tandem.accounts import twofactor

    twofactor.set_required(people.admin, True)
    sent = admin.post("/practice/two-factor/", {"require": require, "confirm": "yes"})
    assert sent.status_code == 400
    people.practice.refresh_from_db()
    assert people.practice.require_two_factor


def test_requiring_two_factor_asks_first_and_changes_nothing_until_confirmed(
    admin: Client, people: Any
) -> None:
    asked = admin.post("/practice/two-factor/", {"require": "1", "confirm": "no"})
    assert asked.status_code == 200
    assert "¿Exigir el acceso en dos pasos a todo el equipo?" in asked.content.decode()
    people.practice.refresh_from_db()
    assert not people.practice.require_two_factor
    done = admin.post("/practice/two-factor/", {"require": "1", "confirm": "yes"}, follow=True)
    assert "Ahora el equipo tiene que usar el acceso en dos pasos." in _said(done)


def test_a_two_factor_change_from_another_site_is_refused(people: Any) -> None:
    browser = Client(enforce_csrf_checks=True, headers={"accept-language": "es"})
    browser.force_login(people.admin)
    assert (
        browser.post("/practice/two-factor/", {"require": "1", "confirm": "yes"}).status_code == 403
    )
    people.practice.refresh_from_db()
    assert not people.practice.require_two_factor


@pytest.mark.parametrize(
    "who", ["outsider", "supervisor", "admin"]
)  # not this practice's therapists
def test_a_client_moves_only_to_a_therapist_of_this_practice(
    admin: Client, people: Any, who: str
) -> None:
    moved = admin.post(
        f"/practice/clients/{people.client.pk}/assign/",
        {"therapist": getattr(people, who).pk},
        follow=True,
    )
    assert "Elige un terapeuta de este centro." in _said(moved)
    people.client.refresh_from_db()
    assert people.client.therapist == people.therapist


def test_a_client_not_moved_says_so(admin: Client, people: Any) -> None:
    same = admin.post(
        f"/practice/clients/{people.client.pk}/assign/",
        {"therapist": people.therapist.pk},
        follow=True,
    )
    assert "Ada\u00a0L. ya está con Therapist: no ha cambiado nada." in _said(same)
    moved = admin.post(
        f"/practice/clients/{people.client.pk}/assign/",
        {"therapist": people.colleague.pk},
        follow=True,
    )
    assert "Ahora Ada\u00a0L. está con Colleague." in _said(moved)


@pytest.mark.parametrize("typed", ["Ada l.", "Ben K.", "Ada", "", "Cy O."])
def test_erasing_needs_this_clients_name_exactly(admin: Client, people: Any, typed: str) -> None:
    refused = admin.post(f"/practice/clients/{people.client.pk}/erase/", {"confirm": typed})
    assert refused.status_code == 400
    assert "Escribe el nombre del cliente tal como aparece para confirmar." in _said(refused)
    assert CareClient.objects.filter(pk=people.client.pk).exists()


def test_another_practices_client_cannot_be_seen_counted_or_erased(
    admin: Client, people: Any
) -> None:
    pk = people.outsider_client.pk
    assert admin.get(f"/practice/clients/{pk}/").status_code == 404
    assert admin.get(f"/practice/clients/{pk}/erase/?format=json").status_code == 404
    assert admin.post(f"/practice/clients/{pk}/erase/", {"confirm": "Cy O."}).status_code == 404
    assert CareClient.objects.filter(pk=pk).exists()


def test_erasing_says_it_is_done_in_spanish(admin: Client, people: Any) -> None:
    done = admin.post(
        f"/practice/clients/{people.client.pk}/erase/", {"confirm": " Ada L. "}, follow=True
    )
    assert "Se han borrado los datos del cliente." in _said(done)
    assert not CareClient.objects.filter(pk=people.client.pk).exists()


def test_a_search_for_html_is_shown_as_typed(admin: Client, people: Any) -> None:
    page = admin.get("/practice/clients/", {"q": "<b>Ada</b>"}).content.decode()
    assert "Ningún cliente coincide con «&lt;b&gt;Ada&lt;/b&gt;»." in page
    assert "<b>Ada</b>" not in page


def test_a_token_named_with_html_is_shown_as_typed_and_its_owner_only_revokes_it(
    people: Any,
) -> None:
    token, _secret = create_token(people.colleague, people.colleague, "<i>sync</i>")
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(people.colleague)
    page = browser.get("/settings/tokens/").content.decode()
    assert "&lt;i&gt;sync&lt;/i&gt;" in page and "<i>sync</i>" not in page
    assert 'aria-label="Revocar el token &lt;i&gt;sync&lt;/i&gt;"' in page
    browser.force_login(people.therapist)
    assert browser.post(f"/settings/tokens/{token.pk}/revoke").status_code == 404
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None
    wrong = browser.post("/settings/tokens/", {"name": "x", "password": "not-it"})
    assert wrong.status_code == 400
    assert "Esa no es tu contraseña, así que no se ha creado ningún token." in _said(wrong)
