"""A worker killed mid-task loses nothing: another worker takes the task up, and it happens once."""

from __future__ import annotations

import os
import signal

import pytest
from django_tasks_db.models import DBTaskResult

from tandem.accounts.actions import invite_person
from tandem.tasks.models import Delivery
from tandem.tasks.tests.conftest import needs_postgresql, subprocess_env, wait_until
from tandem.tasks.tests.smtp import SMTPServer, body


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_finishes_exactly_once_the_task_of_a_worker_killed_mid_task(people, db_tasks, processes):
    with SMTPServer() as smtp:
        # The mail server keeps the first delivery hanging: the worker is then inside the task.
        smtp.inbox.hold_first = True
        sent = invite_person(people.admin, people.practice, "new.client@harbour.test", "client")
        task = DBTaskResult.objects.get(task_path__endswith="send_invitation_email")
        env = subprocess_env(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            TANDEM_WORKER_STALE_SECONDS="1",
        )

        first = processes.start("worker-1", ["worker", "--interval", "0.2"], env)
        assert smtp.inbox.first_arrived.wait(60), processes.log("worker-1")
        task.refresh_from_db()
        assert task.status == "RUNNING"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        smtp.inbox.release.set()  # the hung delivery is answered "try later", to a dead socket

        processes.start("worker-2", ["worker", "--interval", "0.2"], env)
        wait_until(
            lambda: DBTaskResult.objects.filter(pk=task.pk, status="SUCCESSFUL").exists(),
            timeout=60,
            what="the second worker to finish the task\n" + processes.log("worker-2"),
        )

        [mail] = smtp.inbox.to("new.client@harbour.test")
        assert sent.link in body(mail)
        task.refresh_from_db()
        assert len(task.worker_ids) == 2 and task.worker_ids[0] != task.worker_ids[1]
        assert Delivery.objects.filter(key=f"invitation:{sent.invitation.pk}").count() == 1
        assert "requeued after its worker went silent" in processes.log("worker-2")
