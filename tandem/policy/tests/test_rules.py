"""The one permission policy: who sees which client's record."""

import pytest

from tandem.policy import can_edit_clinical, can_view_clinical, clinical_clients, managed_clients

pytestmark = pytest.mark.django_db


def test_it_lets_the_therapist_see_and_edit_their_own_client(people):
    assert can_view_clinical(people.therapist, people.client)
    assert can_edit_clinical(people.therapist, people.client)


def test_it_hides_a_colleagues_client_from_the_therapist(people):
    assert not can_view_clinical(people.therapist, people.other_client)
    assert not can_edit_clinical(people.therapist, people.other_client)


def test_it_never_crosses_practices(people):
    assert not can_view_clinical(people.outsider, people.client)
    assert list(clinical_clients(people.outsider)) == [people.outsider_client]
    assert people.client not in managed_clients(people.outsider)


def test_it_shows_a_supervisor_only_consented_clients_of_supervisees(people):
    assert not can_view_clinical(people.supervisor, people.client)
    people.client.share_with_supervisor = True
    people.client.save()
    assert can_view_clinical(people.supervisor, people.client)
    assert not can_edit_clinical(people.supervisor, people.client)
    people.other_client.share_with_supervisor = True
    people.other_client.save()
    # The colleague is not supervised by this supervisor.
    assert not can_view_clinical(people.supervisor, people.other_client)


def test_it_gives_the_admin_people_but_not_clinical_answers(people):
    assert people.client in managed_clients(people.admin)
    assert not can_view_clinical(people.admin, people.client)


def test_it_shows_a_client_only_themselves(people):
    assert list(clinical_clients(people.client_user)) == [people.client]
    assert not can_view_clinical(people.client_user, people.other_client)
