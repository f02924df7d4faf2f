"""Two app processes and one worker on one PostgreSQL database carry a client's journey end to end.

Invite → the worker emails the link → the client sets a password on the other app process →
the therapist records a session → the client answers with a risk answer → the therapist is
emailed and sees the alert → the reminder for what is still due reaches the client. Each person
switches between the two processes, which share nothing but the database.
"""

from __future__ import annotations

import re
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Practice, User
from tandem.care.models import Client, Session
from tandem.measures.actions import install_default_schedule
from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.safety.models import RiskAlert
from tandem.tasks.models import PeriodicJob
from tandem.tasks.tests.browser import Browser
from tandem.tasks.tests.conftest import needs_postgresql, subprocess_env, wait_until
from tandem.tasks.tests.smtp import SMTPServer, body, free_port

PASSWORD = "a-long-test-password"


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/readyz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_carries_a_client_from_invitation_to_reminder_across_two_app_processes_and_a_worker(
    settings, db_tasks, processes
):
    # The app processes hash passwords with Argon2, so the therapist's must be one they can read.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    practice = Practice.objects.create(name="Harbour", slug="harbour")
    install_default_schedule(practice)
    ReminderPolicy.objects.create(practice=practice, first_after_hours=0)
    User.objects.create_user(
        "therapist@harbour.test", PASSWORD, practice=practice, full_name="Tess", is_therapist=True
    )
    ports = [free_port(), free_port()]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)

    with SMTPServer() as smtp:
        env = subprocess_env(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            TANDEM_BASE_URL=b,
            TANDEM_WORKER_STALE_SECONDS="2",
        )
        for name, port in zip(["app-a", "app-b"], ports, strict=True):
            serve = ["serve", "--no-migrate", "--port", str(port), "--workers", "1"]
            processes.start(name, [*serve, "--threads", "2"], env)
        processes.start("worker", ["worker", "--interval", "0.2"], env)
        for base, name in [(a, "app-a"), (b, "app-b")]:
            wait_until(lambda base=base: healthy(base), 60, f"{name}\n{processes.log(name)}")

        therapist, client = Browser(), Browser()
        page = therapist.post(
            a + "/accounts/login/", {"username": "therapist@harbour.test", "password": PASSWORD}
        )
        assert page.url.endswith("/caseload/"), page.text[:500]

        # Invite, on app A.
        page = therapist.post(
            a + "/clients/new/", {"display_name": "Dee P.", "email": "dee@harbour.test"}
        )
        assert page.status == 200 and "Dee P." in page.text
        [invitation] = smtp.inbox.wait_for("dee@harbour.test", 1, timeout=30)
        link = re.search(r"http://\S+/accounts/invite/\S+", body(invitation)).group(0)
        assert link.startswith(b)

        # The client accepts on app B.
        page = client.post(link, {"password1": PASSWORD + "-dee", "password2": PASSWORD + "-dee"})
        assert page.url.endswith("/portal/"), page.text[:500]

        # The therapist records a session on app B (their session cookie was made by app A).
        dee = Client.objects.get(display_name="Dee P.")
        episode = dee.episodes.get()
        page = therapist.post(
            b + f"/episodes/{episode.pk}/sessions/new/",
            {"date": timezone.localdate().isoformat(), "attendance": "attended"},
            form_url=b + f"/clients/{dee.pk}/",
        )
        assert page.status == 200, page.text[:500]
        session = Session.objects.get(episode=episode)

        # The client answers the PHQ-9 on app A with a risk answer.
        answers = {f"q{i}": "1" for i in range(1, 9)} | {"q9": "2"}
        page = client.post(a + f"/portal/sessions/{session.pk}/phq9/", answers)
        assert page.url.endswith("/portal/support/?after=answers"), page.text[:500]
        assert RiskAlert.objects.filter(client=dee).count() == 1
        notice = smtp.inbox.wait_for("therapist@harbour.test", 1, timeout=30)[0]
        assert "dee" not in body(notice).lower()
        assert "Risk to review" in therapist.get(b + "/caseload/").text

        # Time passes: the reminders job comes round, and the session scale is still waiting.
        PeriodicJob.objects.filter(name="reminders").update(
            next_run_at=timezone.now() - timedelta(seconds=1)
        )
        [reminder] = smtp.inbox.wait_for("dee@harbour.test", 2, timeout=30)[1:]
        assert f"{b}/portal/" in body(reminder)
        wait_until(
            lambda: Reminder.objects.filter(client=dee, sent_at__isnull=False).exists(),
            timeout=30,
            what="the reminder to be recorded as sent",
        )
        for name in ["app-a", "app-b", "worker"]:
            assert "Traceback" not in processes.log(name), processes.log(name)
