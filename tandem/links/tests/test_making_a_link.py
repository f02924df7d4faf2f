"""Making a link: the token is shown once and only its hash is kept; the checks every way of
making one shares (the session page, the command line, the API and reminders call the same
action)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care.models import Episode
from tandem.errors import ActionError
from tandem.links.actions import create_link, save_link_policy
from tandem.links.models import QuestionnaireLink
from tandem.links.tests.conftest import path_of

pytestmark = pytest.mark.django_db


def test_it_keeps_only_the_hash_of_the_token(people, made):
    token = path_of(made).split("/")[2]
    assert len(token) >= 43  # 256 bits
    link = QuestionnaireLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in QuestionnaireLink.objects.values().get().values()]
    assert not any(token in value for value in stored)
    assert link.client == people.client and link.session == people.session


def test_it_audits_the_making(people, made):
    event = AuditEvent.objects.get(action="link.create")
    assert event.actor == people.therapist
    assert event.client_id == people.client.pk
    assert event.detail == {"session": people.session.pk, "via": "therapist"}
    assert path_of(made).split("/")[2] not in str(event.detail)


def test_it_expires_after_the_practices_number_of_days(people):
    save_link_policy(people.admin, {"valid_days": 3, "in_reminders": False})
    made = create_link(people.therapist, people.session, via="therapist")
    expected = timezone.now() + timedelta(days=3)
    assert abs(made.link.expires_at - expected) < timedelta(minutes=1)


def test_it_lasts_a_week_until_the_practice_says_otherwise(people, made):
    expected = timezone.now() + timedelta(days=7)
    assert abs(made.link.expires_at - expected) < timedelta(minutes=1)


def test_it_refuses_a_therapist_of_another_practice(people):
    with pytest.raises(ActionError, match="another practice"):
        create_link(people.outsider, people.session, via="therapist")
    assert not QuestionnaireLink.objects.exists()


def test_it_refuses_a_client_without_a_login(people):
    people.client.user = None
    people.client.save()
    with pytest.raises(ActionError, match="invite them"):
        create_link(people.therapist, people.session, via="therapist")


def test_it_refuses_when_the_therapy_is_not_active(people):
    Episode.objects.filter(pk=people.episode.pk).update(status=Episode.PAUSED)
    people.session.refresh_from_db()
    with pytest.raises(ActionError, match="not active"):
        create_link(people.therapist, people.session, via="therapist")


def test_it_refuses_when_nothing_is_waiting(people):
    from tandem.care.models import Session

    Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    with pytest.raises(ActionError, match="Nothing is waiting"):
        create_link(people.therapist, people.session, via="therapist")


def test_a_client_who_never_chose_a_password_can_still_have_one(people):
    user = people.client_user
    user.set_unusable_password()
    user.is_active = False
    user.save()
    assert create_link(people.therapist, people.session, via="therapist").url


def test_a_switched_off_login_cannot(people):
    people.client_user.is_active = False
    people.client_user.save()
    with pytest.raises(ActionError, match="switched off"):
        create_link(people.therapist, people.session, via="therapist")
