"""Adversarial tests of the ways clinical data leaves Tandem as a file (docs/security.md,
"Threat model: data flows"): the client's and the therapist's download of the record, the
research and FHIR export, and backups."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test import Client as Browser

from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS
from tandem.audit.models import AuditEvent
from tandem.cli import main
from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db

SECRET_NOTE = "heron-private-note-4411"


@pytest.fixture
def shared_umask() -> Iterator[None]:
    # The usual umask of a shell: files anyone on the machine can read unless Tandem says otherwise.
    before = os.umask(0o022)
    yield
    os.umask(before)


def _answers(people: Any) -> None:
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    submit_response(
        people.therapist,
        people.episode,
        "partnership_mirror",
        MIRROR_ANSWERS,
        session=people.session,
    )
    from tandem.api.tests.test_permissions import _complete_answers

    reflection = {**_complete_answers("reflection"), "learned": SECRET_NOTE}
    submit_response(
        people.therapist, people.episode, "reflection", reflection, session=people.session
    )


def _owner_only(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_my_record_is_mine_only_and_leaves_out_the_therapists_private_notes(
    people: Any,
) -> None:
    _answers(people)
    browser = Browser()
    browser.force_login(people.client_user)
    mine = browser.get("/portal/settings/my-record/")
    assert mine["Content-Disposition"].startswith("attachment")
    data = json.loads(mine.content)
    assert data["client"]["name"] == "Ada L."
    assert SECRET_NOTE not in mine.content.decode()
    assert AuditEvent.objects.filter(action="export", actor=people.client_user).exists()
    # the portal finds the record from the login: there is no id to change
    browser.force_login(people.other_client_user)
    theirs = json.loads(browser.get("/portal/settings/my-record/").content)
    assert theirs["client"]["name"] == "Ben K." and theirs["responses"] == []


def test_only_the_clients_own_therapist_downloads_the_record(people: Any) -> None:
    _answers(people)
    url = f"/clients/{people.client.pk}/record/"
    browser = Browser()
    for someone in (
        people.colleague,
        people.supervisor,
        people.admin,
        people.outsider,
        people.client_user,
    ):
        browser.force_login(someone)
        assert browser.get(url).status_code in (302, 404), someone
    browser.force_login(people.therapist)
    got = browser.get(url)
    assert got.status_code == 200 and SECRET_NOTE not in got.content.decode()
    assert AuditEvent.objects.filter(
        action="export", actor=people.therapist, client_id=people.client.pk
    ).exists()
    browser.force_login(people.outsider)
    assert browser.get(f"/clients/{people.outsider_client.pk}/record/").status_code == 200


def test_the_whole_instance_export_leaves_out_private_answers(people: Any, tmp_path: Path) -> None:
    _answers(people)
    for fmt in ("csv", "fhir"):
        result = CliRunner().invoke(main, ["export", "--format", fmt, str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
        text = "".join(p.read_text() for p in (tmp_path / fmt).iterdir())
        assert "heard" in text or "partnership" in text
        assert SECRET_NOTE not in text


def test_an_export_as_a_person_holds_only_what_they_may_see(people: Any, tmp_path: Path) -> None:
    _answers(people)
    result = CliRunner().invoke(
        main, ["export", "--format", "csv", str(tmp_path), "--as", people.outsider.email]
    )
    assert result.exit_code == 0, result.output
    answers = (tmp_path / "answers.csv").read_text()
    assert str(people.episode.pk) not in {line.split(",")[1] for line in answers.splitlines()[1:]}
    assert "phq9" not in answers


def test_export_files_are_readable_by_their_owner_only(
    people: Any, tmp_path: Path, shared_umask: None
) -> None:
    # Health data written with the shell's umask could be read by every account on the machine.
    _answers(people)
    folder = tmp_path / "out"
    assert CliRunner().invoke(main, ["export", "--format", "csv", str(folder)]).exit_code == 0
    written = list(folder.iterdir())
    assert written and all(_owner_only(p) for p in written)
    assert _owner_only(folder)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(
    people: Any, tmp_path: Path, shared_umask: None
) -> None:
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    target = tmp_path / ("tandem.sqlite3" if connection.vendor == "sqlite" else "tandem.dump")
    made = CliRunner().invoke(main, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.stat().st_size > 0 and _owner_only(target)


TRANSCRIPT = (
    "T: What brings you here today?\n"
    "C: My sister Wilhelmina says I drink too much.\n"
    "T: She is worried, and you are not sure she is right.\n"
    "C: Maybe she is.\n"
)


def test_a_session_transcript_read_over_the_api_follows_the_record(people: Any) -> None:
    # The analysis of a transcript attached to a session holds every utterance: it is part of
    # the client's record. Its uploader used to keep reading it over the API after the client
    # moved to a colleague, and the read was not shown on the client's "who has seen my record".
    from tandem.api.tests.conftest import Api, token_for
    from tandem.care.actions import assign_client
    from tandem.transcripts.models import TranscriptAnalysis

    browser = Browser()
    browser.force_login(people.therapist)
    browser.post(
        f"/sessions/{people.session.pk}/transcript/",
        {"text": TRANSCRIPT, "format": "auto", "speakers": ""},
    )
    analysis = TranscriptAnalysis.objects.get(session=people.session)
    api = Api(token_for(people.therapist))
    assert "Wilhelmina" in api.get(f"/transcripts/{analysis.pk}").content.decode()
    assert AuditEvent.objects.filter(
        action="transcript.view", actor=people.therapist, client_id=people.client.pk
    ).exists()
    assign_client(people.admin, people.client, people.colleague)
    assert api.get(f"/transcripts/{analysis.pk}").status_code == 404
