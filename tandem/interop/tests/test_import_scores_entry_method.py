"""`tandem import-scores` takes an optional ``entry_method`` column: how the client's answers came
in, with the values of ``Response.entry_method``. Empty or absent is ``self``, as before the
column; another value is recorded with the importer as the one who entered them, shown in the
exports and FHIR like answers entered in the app; a wrong value is a problem on its line, and
nothing is stored. The client's scores are theirs with or without a login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode
from tandem.cli import main
from tandem.interop import export, fhir
from tandem.interop.fhir_io import episode_bundle, import_resource
from tandem.interop.import_scores import import_scores
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(text)
    return path


def _run(path: Path, *extra: str) -> Any:
    return CliRunner().invoke(
        main, ["import-scores", str(path), "--as", "therapist@harbour.test", *extra]
    )


def test_the_column_says_how_each_score_came_in(people: Any, tmp_path: Path) -> None:
    e = people.episode.pk
    path = _file(
        tmp_path,
        "episode_id,session,instrument,score,date,entry_method\n"
        f"{e},1,phq9,14,,paper\n"
        f"{e},1,gad7,9,,\n"
        f"{e},2,phq9,9,2026-02-01,Phone\n"
        f"{e},2,gad7,7,2026-02-01,room\n",
    )
    result = _run(path)
    assert result.exit_code == 0, result.output
    got = {
        (r.session.number, r.instrument_id): (r.entry_method, r.entered_by_id)
        for r in Response.objects.select_related("session")
    }
    therapist = people.therapist.pk
    assert got == {
        (1, "phq9"): ("paper", therapist),
        (1, "gad7"): ("self", None),  # an empty cell: as before the column
        (2, "phq9"): ("phone", therapist),
        (2, "gad7"): ("room", therapist),
    }
    records = {
        e.detail["line"]: e.detail.get("method")
        for e in AuditEvent.objects.filter(action="response.import")
    }
    assert records == {2: "paper", 3: None, 4: "phone", 5: "room"}


def test_without_the_column_every_score_is_self_as_before(people: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, f"episode_id,session,instrument,score\n{people.episode.pk},1,phq9,14\n")
    assert _run(path).exit_code == 0
    (response,) = Response.objects.all()
    assert (response.entry_method, response.entered_by) == (Response.SELF, None)


def test_a_wrong_way_is_a_problem_on_its_line_and_nothing_is_stored(
    people: Any, tmp_path: Path
) -> None:
    e = people.episode.pk
    path = _file(
        tmp_path,
        "episode_id,session,instrument,score,entry_method\n"
        f"{e},1,phq9,14,paper\n"
        f"{e},1,gad7,9,fax\n"
        f"{e},1,partnership_mirror,30,paper\n",
    )
    result = _run(path)
    assert result.exit_code == 1
    assert (
        "line 3: entry_method “fax” is not a way answers come in (use one of self, paper, "
        "phone, read_aloud, room, or leave it empty for self)" in result.output
    )
    assert (
        "line 4: entry_method paper is for the client's answers, and partnership_mirror is the "
        "therapist's own questionnaire (leave it empty or write self)" in result.output
    )
    assert not Response.objects.exists()
    dry = _run(path, "--dry-run")
    assert "line 3: entry_method “fax”" in dry.output and not Response.objects.exists()


def test_a_client_without_a_login_gets_their_scores(people: Any, tmp_path: Path) -> None:
    dee = Client.objects.create(
        practice=people.practice, display_name="Dee P.", therapist=people.therapist
    )
    episode = Episode.objects.create(client=dee, therapist=people.therapist, number=1)
    path = _file(
        tmp_path,
        "episode_id,session,instrument,score,date,entry_method\n"
        f"{episode.pk},1,phq9,20,2026-01-05,paper\n",
    )
    report = import_scores(path, people.therapist)
    assert report.responses == 1 and report.sessions == 1
    (response,) = Response.objects.filter(episode=episode)
    assert (response.respondent_id, response.respondent_role) == (None, Response.CLIENT)
    long, scores, _ = export.tables(people.therapist)
    row = long[(long["response_id"] == response.pk)]
    assert list(row["entry_method"]) == ["paper"]
    assert list(row["entered_by"]) == [people.therapist.pk]
    (qr,) = [
        e["resource"]
        for e in episode_bundle(people.therapist, episode)["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert {"url": fhir.ENTRY_METHOD_EXTENSION, "valueCode": "paper"} in qr["extension"]
    assert qr["source"] == {"reference": f"Patient/{dee.pk}"}
    assert qr["author"] == {"reference": f"Practitioner/{people.therapist.pk}"}


def test_the_exported_scores_come_back_with_how_they_came_in(people: Any, tmp_path: Path) -> None:
    e = people.episode.pk
    _run(
        _file(
            tmp_path,
            "episode_id,session,instrument,score,entry_method\n"
            f"{e},1,phq9,14,phone\n"
            f"{e},1,gad7,9,\n",
        )
    )
    out = tmp_path / "out"
    export.write(out, "csv", people.therapist)
    scores = pd.read_csv(out / "scores.csv")
    assert list(scores.columns) == ["episode_id", "session", "instrument", "score", "entry_method"]
    assert dict(zip(scores["instrument"], scores["entry_method"], strict=True)) == {
        "phq9": "phone",
        "gad7": "self",
    }
    Response.objects.all().delete()
    assert _run(out / "scores.csv").exit_code == 0
    back = dict(Response.objects.values_list("instrument_id", "entry_method"))
    assert back == {"phq9": "phone", "gad7": "self"}


def test_room_answers_travel_through_fhir(people: Any) -> None:
    room = submit_response(
        people.therapist,
        people.episode,
        "gad7",
        {f"q{i}": 1 for i in range(1, 8)},
        session=people.session,
        method=Response.ROOM,
    ).response
    (qr,) = [
        e["resource"]
        for e in episode_bundle(people.therapist, people.episode)["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert {"url": fhir.ENTRY_METHOD_EXTENSION, "valueCode": "room"} in qr["extension"]
    assert qr["author"] == {"reference": f"Practitioner/{people.therapist.pk}"}
    assert qr["source"] == {"reference": f"Patient/{people.client.pk}"}
    bundle = episode_bundle(people.therapist, people.episode)
    Response.objects.all().delete()
    assert len(import_resource(people.therapist, bundle).created) == 1
    back = Response.objects.get()
    assert (back.entry_method, back.entered_by, back.total) == (
        Response.ROOM,
        people.therapist,
        room.total,
    )


def test_an_entered_answer_whose_enterer_is_gone_names_no_author(people: Any) -> None:
    # Never the client as author: they did not record these answers.
    submit_response(
        people.therapist,
        people.episode,
        "gad7",
        {f"q{i}": 1 for i in range(1, 8)},
        session=people.session,
        method=Response.PAPER,
    )
    Response.objects.update(entered_by=None)
    (qr,) = [
        e["resource"]
        for e in episode_bundle(people.therapist, people.episode)["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert "author" not in qr and qr["source"] == {"reference": f"Patient/{people.client.pk}"}
