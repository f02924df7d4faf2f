"""/readyz: the database is asked on every probe; the migration plan is rebuilt at most every 30 s."""

from __future__ import annotations

import pytest

from tandem.web import views

pytestmark = pytest.mark.django_db


class _CountingExecutor(views.MigrationExecutor):
    built = 0

    def __init__(self, *args, **kwargs):
        type(self).built += 1
        super().__init__(*args, **kwargs)


@pytest.fixture
def counting(monkeypatch):
    _CountingExecutor.built = 0
    monkeypatch.setattr(views, "MigrationExecutor", _CountingExecutor)
    monkeypatch.setattr(views, "_migrations_ok_until", 0.0)
    return _CountingExecutor


def test_it_checks_migrations_once_and_then_trusts_the_answer_for_a_while(client, counting):
    for _ in range(3):
        assert client.get("/readyz").json() == {"status": "ready"}
    assert counting.built == 1


def test_it_checks_migrations_again_once_the_answer_is_old(client, counting, monkeypatch):
    client.get("/readyz")
    monkeypatch.setattr(views, "_migrations_ok_until", 0.0)  # as if 30 s had passed
    client.get("/readyz")
    assert counting.built == 2


def test_it_asks_the_database_every_time(client, counting, monkeypatch):
    assert client.get("/readyz").status_code == 200

    def unavailable(*args, **kwargs):
        raise OSError("database went away")

    monkeypatch.setattr(views.connection, "cursor", unavailable)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "database unavailable"


def test_pending_migrations_are_never_cached_as_ready(client, counting, monkeypatch):
    monkeypatch.setattr(
        views.MigrationExecutor, "migration_plan", lambda self, targets: [("app", False)]
    )
    for _ in range(2):
        answer = client.get("/readyz")
        assert answer.status_code == 503 and answer.json()["status"] == "migrations pending"
    assert counting.built == 2
