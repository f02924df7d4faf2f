"""Erasing a client takes their personal data out of the audit trail, and the chain still proves
what was done (tandem/audit/redaction.py).

The client leaves traces in the trail every way they can (signing in from their own address, their
own API token, a therapist deleting and correcting their sessions with reasons written about
them, reads not yet sealed when the erasure comes); after the erasure the whole database, every
table and every column, is searched for them. Then someone with database access tries to forge
the erased records, un-erase them, or erase records no erasure touched.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test import Client as Browser

from tandem.api.tests.conftest import Api, token_for
from tandem.audit import chain
from tandem.audit.chain import ERASED_COUNT, personal_digest, seal, verify
from tandem.audit.models import AuditEvent
from tandem.care import actions
from tandem.care.models import Session
from tandem.cli import main

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Ada Quillfeather"
EMAIL = "ada.quillfeather.7731@mail.test"
CLIENT_IP = "203.0.113.77"
REASON = "wrong client: she told me about her sister Philippa"
CORRECTION = "typed the month of her divorce hearing instead"


def everywhere(*needles: str) -> list[str]:
    """Every table and column in the database, read raw (not through the models), whose values
    hold one of ``needles``: on SQLite and PostgreSQL alike."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 — names from the database
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        text = bytes(value).decode("latin-1")
                    elif isinstance(value, dict | list):
                        text = json.dumps(value, ensure_ascii=False)
                    else:
                        text = str(value)
                    found += [f"{table}.{column}: {n}" for n in needles if n in text]
    return found


def leave_traces(people: Any, monkeypatch: Any) -> None:
    """The client and their therapist use Tandem; some of it sealed, the rest not yet."""
    monkeypatch.setattr(chain, "_next_seal_at", float("inf"))  # only the test seals
    people.client_user.email = EMAIL
    people.client_user.save(update_fields=["email"])
    people.client.display_name = NAME
    people.client.save(update_fields=["display_name"])
    browser = Browser(REMOTE_ADDR=CLIENT_IP)
    browser.post("/accounts/login/", {"username": EMAIL, "password": "a-long-test-password"})
    assert browser.get("/portal/", REMOTE_ADDR=CLIENT_IP).status_code == 200
    browser.post(
        f"/portal/sessions/{people.session.pk}/phq9/",
        {f"q{i}": "1" for i in range(1, 10)},
        REMOTE_ADDR=CLIENT_IP,
    )
    Api(token_for(people.client_user)).get(f"/responses?episode={people.episode.pk}")
    extra = Session.objects.create(
        episode=people.episode, number=2, date=people.session.date + timedelta(days=0)
    )
    actions.delete_session(people.therapist, extra.pk, REASON)
    seal()
    # Written after the last seal: still unsealed when the erasure comes.
    actions.correct_session_date(
        people.therapist, people.session.pk, people.session.date - timedelta(days=1), CORRECTION
    )
    staff = Browser(REMOTE_ADDR="198.51.100.9")
    staff.force_login(people.therapist)
    staff.get(f"/clients/{people.client.pk}/")
    assert AuditEvent.objects.filter(seq__isnull=True).exists()
    assert everywhere(EMAIL, REASON, CLIENT_IP, CORRECTION)  # the trail does hold them


def erase(people: Any) -> None:
    admin = Browser(REMOTE_ADDR="198.51.100.1")
    admin.force_login(people.admin)
    page = admin.post(f"/practice/clients/{people.client.pk}/erase/", {"confirm": NAME})
    assert page.status_code == 302
    seal()


@pytest.fixture
def erased(people: Any, monkeypatch: Any) -> Any:
    leave_traces(people, monkeypatch)
    erase(people)
    return people


def test_nothing_of_the_client_is_left_anywhere_and_the_chain_verifies(erased: Any) -> None:
    assert everywhere(EMAIL, NAME, REASON, CORRECTION, CLIENT_IP) == []
    report = verify()
    assert report.ok, report.reason
    assert report.unsealed == 0 and report.checked == AuditEvent.objects.count()
    erasure = AuditEvent.objects.get(action="client.erase")
    redacted = AuditEvent.objects.filter(redacted_by=erasure.pk)
    assert report.redacted == redacted.count() == erasure.detail[ERASED_COUNT] > 5
    # Accountability stays: what was done, when, by which account, to which record.
    deleted = redacted.get(action="session.delete")
    assert deleted.actor_id == erased.therapist.pk and deleted.client_id == erased.client.pk
    assert deleted.detail == {} and deleted.actor_label == "" and deleted.ip == ""
    assert redacted.filter(action="login", actor_id=erased.client_user.pk).exists()
    assert not redacted.exclude(salt="").exists()
    # The erasure's own record holds the client's number and counts, nothing personal about them.
    assert erasure.client_id == erased.client.pk and erasure.redacted_by is None
    assert set(erasure.detail) == {"episodes", ERASED_COUNT}
    # Other clients' records are untouched.
    assert not AuditEvent.objects.filter(
        redacted_by__isnull=False, client_id=erased.other_client.pk
    ).exists()


def test_the_command_line_and_the_practice_log_say_it_in_words(erased: Any) -> None:
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    count = AuditEvent.objects.filter(redacted_by__isnull=False).count()
    assert f"{count} of them had their personal details" in result.output
    admin = Browser()
    admin.force_login(erased.admin)
    page = admin.get("/practice/log/?kind=erasure").content.decode()
    assert f"personal details taken out of {count} audit records" in page


def break_(pk: int, **fields: Any) -> None:
    """Change a record straight in the database, as someone with database access would."""
    AuditEvent.objects.filter(pk=pk).update(**fields)


@pytest.mark.parametrize(
    "field, value",
    [
        ("action", "client.view"),
        ("client_id", 999),
        ("actor_id", None),
        ("object_id", "1"),
        ("outcome", "denied"),
        ("personal_digest", "0" * 64),
    ],
)
def test_an_accountable_field_of_an_erased_record_is_still_checked(
    erased: Any, field: str, value: Any
) -> None:
    target = AuditEvent.objects.filter(action="session.delete").get()
    assert target.redacted
    break_(target.pk, **{field: value})
    report = verify()
    assert not report.ok and report.broken_at == target.pk


def test_moving_an_erased_record_in_time_is_caught(erased: Any) -> None:
    target = AuditEvent.objects.filter(action="session.delete").get()
    break_(target.pk, at=target.at - timedelta(days=30))
    assert verify().broken_at == target.pk


@pytest.mark.parametrize(
    "field, value",
    [("actor_label", "someone-else@harbour.test"), ("ip", "10.0.0.1"), ("detail", {"a": 1})],
)
def test_a_personal_field_of_a_record_not_erased_is_still_checked(
    erased: Any, field: str, value: Any
) -> None:
    target = AuditEvent.objects.filter(
        redacted_by__isnull=True, actor=erased.admin, action="client.erase"
    ).get()
    break_(target.pk, **{field: value})
    report = verify()
    assert not report.ok and report.broken_at == target.pk
    assert report.reason == "this record's personal details were altered"


def test_an_erased_record_cannot_be_filled_in_again_with_invented_values(erased: Any) -> None:
    target = AuditEvent.objects.filter(action="session.delete").get()
    invented = {"actor_label": "therapist@harbour.test", "detail": {"reason": "routine"}}
    # As it is, with no salt: an erased record must have empty personal fields.
    break_(target.pk, **invented)
    assert verify().broken_at == target.pk
    # With a salt of one's own and the erasure's mark removed: the digest does not match.
    break_(target.pk, salt="ab" * 32, redacted_by=None)
    assert verify().broken_at == target.pk
    # And a digest made to match: then the record's hash does not.
    event = AuditEvent.objects.get(pk=target.pk)
    break_(target.pk, personal_digest=personal_digest(event))
    report = verify()
    assert report.broken_at == target.pk and report.reason == "this record was altered"


def test_records_no_erasure_touched_cannot_be_passed_off_as_erased(erased: Any) -> None:
    erasure = AuditEvent.objects.get(action="client.erase")
    other = AuditEvent.objects.filter(redacted_by__isnull=True).exclude(pk=erasure.pk).first()
    assert other is not None
    blank = {"actor_label": "", "ip": "", "detail": {}, "salt": ""}
    # Blanked with no erasure named.
    break_(other.pk, **blank)
    assert verify().broken_at == other.pk
    # Naming the real erasure: it erased one record fewer than now say so.
    break_(other.pk, redacted_by=erasure.pk)
    report = verify()
    assert report.broken_at == erasure.pk and "a different number" in report.reason
    # Raising the erasure's own count: its detail is checked like any other.
    count = erasure.detail[ERASED_COUNT]
    break_(erasure.pk, detail={**erasure.detail, ERASED_COUNT: count + 1})
    assert verify().broken_at == erasure.pk
    # Erasing the erasure's own record, so that its count can no longer be read: refused too.
    break_(erasure.pk, redacted_by=erasure.pk, **blank)
    assert verify().broken_at == erasure.pk
    # Naming a record that is no erasure at all.
    original = {f: getattr(erasure, f) for f in ("actor_label", "ip", "detail", "salt")}
    break_(erasure.pk, redacted_by=None, **original)
    assert verify().broken_at == erasure.pk  # (as it was: one record too many names it)
    break_(other.pk, redacted_by=other.pk)
    report = verify()
    assert not report.ok and report.broken_at == other.pk


def test_the_digest_of_an_erased_record_cannot_be_tested_against_guesses(erased: Any) -> None:
    # Anyone can hash a guessed address; without the record's salt, which went with the erasure,
    # the guess cannot be told from any other.
    login = AuditEvent.objects.filter(action="login", actor_id=erased.client_user.pk).first()
    assert login is not None and login.salt == ""
    guess = AuditEvent(actor_label=EMAIL, ip=CLIENT_IP, detail={}, salt="")
    assert personal_digest(guess) != login.personal_digest


def test_a_failed_erasure_erases_nothing_from_the_trail(people: Any, monkeypatch: Any) -> None:
    leave_traces(people, monkeypatch)
    before = list(AuditEvent.objects.order_by("pk").values())

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("tandem.care.models.Client.delete", fail)
    with pytest.raises(RuntimeError):
        from tandem.care.erasure import erase_client

        erase_client(people.admin, people.client, NAME)
    assert list(AuditEvent.objects.order_by("pk").values()) == before
    seal()
    assert verify().ok and verify().redacted == 0
