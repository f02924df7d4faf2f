"""Shared test fixtures: a practice with named people, and another practice next door.

Tests name their people as the house style asks: a therapist, a colleague in the same practice,
an outsider in another practice, a client, another client, a supervisor, an admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

# No time limit per generated example: Hypothesis's default (200 ms) is a timing assertion, and
# on a loaded machine a property test failed on it once (test_therapist_comparison, a full run
# beside other work) though its numbers were right. Speed belongs to `make bench`.
hypothesis_settings.register_profile("tandem", deadline=None)
hypothesis_settings.load_profile("tandem")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Argon2 is deliberately slow; the suite checks it is configured (test_settings) and then
    # uses a fast hasher so hundreds of test users cost nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    # Background tasks run in the test's process as soon as they are queued (TANDEM_TASKS_BACKEND
    # =immediate), so a test sees an email or an analysis without a worker. The worker's own tests
    # switch back to the database backend (tandem/tasks/tests/conftest.py: db_tasks).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _instruments_dir(settings: Any, tmp_path_factory: Any) -> None:
    settings.TANDEM_INSTRUMENTS_DIR = tmp_path_factory.mktemp("no-practice-instruments")


# Fixtures through which a test reaches the database the suite runs on (DATABASE_URL).
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Mark ``any_database`` the tests that run the same whatever DATABASE_URL says, so that the
    PostgreSQL half of `make test` runs only the tests that reach PostgreSQL (README, "Two commands"):
    the pure core (it imports nothing from Django: tests/integrity/test_architecture.py), and the
    browser tests against the demo server, which keeps its own SQLite file
    (tests/browser/demo_server.py). A test that also asks for the database is not marked."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _DATABASE_FIXTURES or item.get_closest_marker("django_db"):
            continue
        path = str(item.fspath)
        if "/tandem/core/" in path or "demo_url" in names:
            item.add_marker(pytest.mark.any_database)


@dataclass
class People:
    practice: Any
    other_practice: Any
    admin: Any
    therapist: Any
    colleague: Any
    supervisor: Any
    outsider: Any
    client_user: Any
    client: Any
    other_client_user: Any
    other_client: Any
    outsider_client_user: Any
    outsider_client: Any
    episode: Any
    session: Any


def make_user(email: str, practice: Any, **flags: Any) -> Any:
    from tandem.accounts.models import User

    return User.objects.create_user(
        email,
        "a-long-test-password",
        practice=practice,
        full_name=email.split("@")[0].title(),
        **flags,
    )


@pytest.fixture
def people(db: Any) -> People:
    from tandem.accounts.models import Practice, Supervision
    from tandem.care.models import Client, Episode, Session
    from tandem.measures.actions import install_default_schedule

    practice = Practice.objects.create(name="Harbour", slug="harbour")
    other_practice = Practice.objects.create(name="Elsewhere", slug="elsewhere")
    install_default_schedule(practice)
    install_default_schedule(other_practice)
    admin = make_user("admin@harbour.test", practice, is_practice_admin=True)
    therapist = make_user("therapist@harbour.test", practice, is_therapist=True)
    colleague = make_user("colleague@harbour.test", practice, is_therapist=True)
    supervisor = make_user("supervisor@harbour.test", practice, is_supervisor=True)
    Supervision.objects.create(practice=practice, supervisor=supervisor, therapist=therapist)
    outsider = make_user("outsider@elsewhere.test", other_practice, is_therapist=True)
    client_user = make_user("client@harbour.test", practice, is_client=True)
    other_client_user = make_user("other-client@harbour.test", practice, is_client=True)
    outsider_client_user = make_user("client@elsewhere.test", other_practice, is_client=True)
    client = Client.objects.create(
        practice=practice, user=client_user, display_name="Ada L.", therapist=therapist
    )
    other_client = Client.objects.create(
        practice=practice, user=other_client_user, display_name="Ben K.", therapist=colleague
    )
    outsider_client = Client.objects.create(
        practice=other_practice, user=outsider_client_user, display_name="Cy O.", therapist=outsider
    )
    # Begun well before any session a test records (sessions cannot predate their episode).
    episode = Episode.objects.create(
        client=client, therapist=therapist, number=1, started_on=date(2025, 1, 6)
    )
    Episode.objects.create(client=other_client, therapist=colleague, number=1)
    Episode.objects.create(client=outsider_client, therapist=outsider, number=1)
    session = Session.objects.create(
        episode=episode, number=1, date=timezone.localdate() - timedelta(days=1)
    )
    return People(
        practice,
        other_practice,
        admin,
        therapist,
        colleague,
        supervisor,
        outsider,
        client_user,
        client,
        other_client_user,
        other_client,
        outsider_client_user,
        outsider_client,
        episode,
        session,
    )


@pytest.fixture(scope="session")
def _pseudo_catalogs(tmp_path_factory: Any) -> Any:
    from tandem.web import pseudo

    directory = tmp_path_factory.mktemp("pseudo-locale")
    pseudo.build(
        directory, pseudo.source_files(pseudo.django_locale_dirs(), pseudo.real_languages())
    )
    return directory


@pytest.fixture
def pseudo_languages(settings: Any, _pseudo_catalogs: Any) -> None:
    """Offer the pseudo-languages en-xa (accented) and ar-xb (right to left), made from the .po
    files (tandem.web.pseudo; docs/i18n.md): a page asked for in one of them is shown in it."""
    from tandem.web import pseudo

    settings.LANGUAGES = [
        *settings.LANGUAGES,
        *((c, i["name_local"]) for c, i in pseudo.LANG_INFO.items()),
    ]
    settings.LOCALE_PATHS = [str(_pseudo_catalogs), *settings.LOCALE_PATHS]
