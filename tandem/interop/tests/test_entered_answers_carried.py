"""Who entered answers and how (issue 19.5) travels with them: in the CSV and Parquet exports, in
FHIR (``source`` the client, ``author`` who recorded them, the way in an extension), in the API's
output, and back in through a FHIR import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.utils import timezone

from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS, token_for
from tandem.care.models import Session
from tandem.interop import export, fhir
from tandem.interop.fhir_io import FhirImportError, episode_bundle, import_resource
from tandem.measures import registry
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

GAD7 = {f"q{i}": 2 for i in range(1, 8)}


def _answers(people: Any) -> tuple[Response, Response, Response]:
    """PHQ-9 from paper (entered by the therapist), GAD-7 typed in by the client herself, and the
    therapist's own mirror."""
    paper = submit_response(
        people.therapist,
        people.episode,
        "phq9",
        PHQ9_ANSWERS,
        session=people.session,
        method=Response.PAPER,
    ).response
    own = submit_response(
        people.client_user, people.episode, "gad7", GAD7, session=people.session
    ).response
    mirror = submit_response(
        people.therapist,
        people.episode,
        "partnership_mirror",
        MIRROR_ANSWERS,
        session=people.session,
    ).response
    return paper, own, mirror


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_export_says_how_each_answer_came_in(people: Any, tmp_path: Path, fmt: str) -> None:
    paper, own, _ = _answers(people)
    export.write(tmp_path, fmt, people.therapist)
    answers = (
        pd.read_csv(tmp_path / "answers.csv")
        if fmt == "csv"
        else pd.read_parquet(tmp_path / "answers.parquet")
    )
    assert list(answers.columns) == export.ANSWER_COLUMNS
    by_response = answers.groupby("response_id")
    entered = by_response.get_group(paper.pk)
    assert set(entered["entry_method"]) == {"paper"}
    assert set(entered["entered_by"]) == {people.therapist.pk}
    assert set(entered["respondent_role"]) == {"client"}
    typed = by_response.get_group(own.pk)
    assert set(typed["entry_method"]) == {"self"} and typed["entered_by"].isna().all()


def test_fhir_names_the_client_as_source_and_the_therapist_as_author(people: Any) -> None:
    paper, own, mirror = _answers(people)
    bundle = episode_bundle(people.therapist, people.episode)
    resources = {
        int(e["resource"]["id"]): e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }
    patient = f"Patient/{people.client.pk}"
    entered = resources[paper.pk]
    assert entered["source"] == {"reference": patient}
    assert entered["author"] == {"reference": f"Practitioner/{people.therapist.pk}"}
    assert {"url": fhir.ENTRY_METHOD_EXTENSION, "valueCode": "paper"} in entered["extension"]
    typed = resources[own.pk]
    assert typed["source"] == typed["author"] == {"reference": patient}
    assert all(x["url"] != fhir.ENTRY_METHOD_EXTENSION for x in typed["extension"])
    therapists = resources[mirror.pk]
    practitioner = {"reference": f"Practitioner/{people.therapist.pk}"}
    assert therapists["source"] == therapists["author"] == practitioner


def test_a_fhir_import_brings_back_how_the_answers_came_in(people: Any) -> None:
    paper, _, _ = _answers(people)
    bundle = episode_bundle(people.therapist, people.episode)
    Response.objects.all().delete()
    result = import_resource(people.therapist, bundle)
    assert len(result.created) == 3
    back = Response.objects.get(instrument_id="phq9")
    assert (back.entry_method, back.entered_by, back.respondent) == (
        Response.PAPER,
        people.therapist,
        people.client_user,
    )
    assert back.total == paper.total and back.session_id == people.session.pk
    gad7 = Response.objects.get(instrument_id="gad7")
    assert (gad7.entry_method, gad7.entered_by) == (Response.SELF, None)


def test_the_importer_is_who_entered_them_whatever_author_the_file_names(people: Any) -> None:
    _answers(people)
    bundle = episode_bundle(people.therapist, people.episode)
    for entry in bundle["entry"]:
        if "author" in entry["resource"]:
            entry["resource"]["author"] = {"reference": f"Practitioner/{people.colleague.pk}"}
    Response.objects.all().delete()
    import_resource(people.therapist, bundle)
    assert Response.objects.get(instrument_id="phq9").entered_by == people.therapist


def _one(people: Any, instrument: str = "phq9", **extension: Any) -> dict[str, Any]:
    """One QuestionnaireResponse about Ada's session, with an entry-method extension."""
    resource = fhir.questionnaire_response(
        fhir.ResponseFacts(
            id="1",
            instrument=registry.get(instrument),  # type: ignore[arg-type]
            answers=MIRROR_ANSWERS if instrument == "partnership_mirror" else PHQ9_ANSWERS,
            total=None,
            complete=True,
            authored=timezone.now(),
            client_id=people.client.pk,
            episode_id=people.episode.pk,
            session_id=None,
            session_date=people.session.date,
        )
    )
    resource["extension"].append({"url": fhir.ENTRY_METHOD_EXTENSION, **extension})
    return resource


def test_an_unknown_way_in_is_refused_with_its_path(people: Any) -> None:
    with pytest.raises(FhirImportError) as refused:
        import_resource(people.therapist, _one(people, valueCode="fax"))
    (error,) = refused.value.errors
    assert error["field"] == "QuestionnaireResponse.extension[2].valueCode"
    assert "“fax” is not a way answers are entered" in error["message"]
    assert not Response.objects.exists()


def test_the_therapists_own_answers_are_never_entered_for_someone(people: Any) -> None:
    resource = _one(people, instrument="partnership_mirror", valueCode="phone")
    with pytest.raises(FhirImportError) as refused:
        import_resource(people.therapist, resource)
    (error,) = refused.value.errors
    assert "never entered for someone" in error["message"]
    assert not Response.objects.exists()


def test_the_api_says_who_entered_the_answers_and_how(client: Any, people: Any) -> None:
    paper, own, _ = _answers(people)
    headers = {"Authorization": f"Bearer {token_for(people.therapist)}"}
    body = client.get(f"/api/v1/responses/{paper.pk}", headers=headers).json()
    assert (body["respondent_role"], body["entry_method"], body["entered_by_id"]) == (
        "client",
        "paper",
        people.therapist.pk,
    )
    body = client.get(f"/api/v1/responses/{own.pk}", headers=headers).json()
    assert (body["entry_method"], body["entered_by_id"]) == ("self", None)
    # The client reads her own answers through the API too, entered ones among them.
    mine = {"Authorization": f"Bearer {token_for(people.client_user)}"}
    listed = client.get("/api/v1/responses", headers=mine).json()["items"]
    assert {(r["instrument"], r["entry_method"]) for r in listed} == {
        ("phq9", "paper"),
        ("gad7", "self"),
    }


def test_answers_read_aloud_in_a_later_session_are_carried_the_same_way(people: Any) -> None:
    later = Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    done = submit_response(
        people.therapist,
        people.episode,
        "gad7",
        GAD7,
        session=later,
        method=Response.READ_ALOUD,
    ).response
    resource = next(
        e["resource"]
        for e in episode_bundle(people.therapist, people.episode)["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
        and e["resource"]["id"] == str(done.pk)
    )
    assert {"url": fhir.ENTRY_METHOD_EXTENSION, "valueCode": "read_aloud"} in resource["extension"]
    assert resource["encounter"] == {"reference": f"Encounter/{later.pk}"}
