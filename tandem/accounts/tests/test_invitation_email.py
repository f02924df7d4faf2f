"""An invitation's email is a task: queued with the invitation, sent by the worker over SMTP."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from tandem.accounts.actions import invite_person
from tandem.tasks.models import Delivery
from tandem.tasks.tests.smtp import body


def test_it_queues_the_email_with_the_invitation_and_the_worker_sends_it(
    people, db_tasks, smtp, run_worker
):
    sent = invite_person(people.therapist, people.practice, "new.client@harbour.test", "client")
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("send_invitation_email")
    assert smtp.messages == []

    assert run_worker() == 1

    [mail] = smtp.to("new.client@harbour.test")
    assert "Harbour" in mail["Subject"]
    assert sent.link in body(mail)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    # The one-time link does not stay behind in the queue table.
    assert sent.link not in str(queued.args_kwargs)


def test_it_does_not_send_the_same_invitation_twice(people, db_tasks, smtp, run_worker):
    invite_person(people.therapist, people.practice, "new.client@harbour.test", "client")
    run_worker()
    # The same task run again (a worker that was slow, not dead, and was taken over).
    DBTaskResult.objects.update(status="READY")
    run_worker()
    assert len(smtp.to("new.client@harbour.test")) == 1
    assert Delivery.objects.filter(key__startswith="invitation:").count() == 1


def test_it_sends_nothing_for_an_invitation_withdrawn_before_the_worker_ran(
    people, db_tasks, smtp, run_worker
):
    invite_person(people.therapist, people.practice, "new.client@harbour.test", "client")
    # Inviting again revokes the first invitation: only the second link is worth sending.
    second = invite_person(people.therapist, people.practice, "new.client@harbour.test", "client")
    run_worker()
    [mail] = smtp.to("new.client@harbour.test")
    assert second.link in body(mail)


def test_the_worker_writes_it_in_the_invited_person_s_language(people, db_tasks, smtp, run_worker):
    # Nobody has chosen yet: the practice's language (docs/i18n.md).
    people.practice.language = "es"
    people.practice.save()
    sent = invite_person(people.admin, people.practice, "nueva@harbour.test", "therapist")
    # A role offered to someone who chose English, in the same Spanish practice.
    people.colleague.language = "en-gb"
    people.colleague.save()
    invite_person(people.admin, people.practice, people.colleague.email, "supervisor")
    assert run_worker() == 2

    [spanish] = smtp.to("nueva@harbour.test")
    assert spanish["Subject"] == "Harbour te invita a Tandem"
    text = body(spanish)
    assert "Harbour te ha invitado a Tandem" in text and sent.link in text
    assert "El enlace sirve una sola vez" in text
    [english] = smtp.to(people.colleague.email)
    assert english["Subject"] == "You are invited to Harbour on Tandem"
    assert "invites you to take on a new role" in body(english)
