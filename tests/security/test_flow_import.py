"""Adversarial tests of importing answers (docs/security.md, "Threat model: data flows"): FHIR
over the API (``POST /fhir/Bundle``) and score files on the command line (``tandem
import-scores``). Each import is all or nothing, goes only where the importer may write, and
stores answers under the person the questionnaire belongs to."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS, Api, token_for
from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode
from tandem.interop.fhir_io import response_resource
from tandem.interop.import_scores import ImportProblems, import_scores
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def _exported(people: Any, instrument: str, answers: dict[str, Any], by: Any) -> dict[str, Any]:
    """A QuestionnaireResponse as Tandem exports it, its original deleted (ready to import)."""
    stored = submit_response(by, people.episode, instrument, answers, session=people.session)
    resource = response_resource(stored.response)
    assert resource is not None
    stored.response.delete()
    return resource


def _post(user: Any, resource: Any, episode: int | None = None, read_only: bool = False) -> Any:
    query = f"?episode={episode}" if episode else ""
    return Api(token_for(user, read_only)).post(f"/fhir/Bundle{query}", resource)


def test_answers_go_only_to_an_episode_the_importer_holds(people: Any) -> None:
    resource = _exported(people, "phq9", PHQ9_ANSWERS, people.client_user)
    other = Episode.objects.get(client=people.outsider_client)
    colleagues = Episode.objects.get(client=people.other_client)
    assert _post(people.outsider, resource).status_code == 422  # the extension names ours
    assert _post(people.therapist, resource, other.pk).status_code == 404
    assert _post(people.therapist, resource, colleagues.pk).status_code == 404
    for someone in (people.colleague, people.supervisor, people.admin):
        assert _post(someone, resource).status_code in (403, 404, 422), someone
    assert not Response.objects.exists()


def test_a_subject_that_is_not_the_episodes_client_is_refused(people: Any) -> None:
    resource = _exported(people, "phq9", PHQ9_ANSWERS, people.client_user)
    resource["subject"] = {"reference": f"Patient/{people.other_client.pk}"}
    got = _post(people.therapist, resource)
    assert got.status_code == 422 and "subject" in got.content.decode()
    assert not Response.objects.exists()


def test_clients_and_read_only_tokens_import_nothing(people: Any) -> None:
    resource = _exported(people, "phq9", PHQ9_ANSWERS, people.client_user)
    assert _post(people.client_user, resource).status_code == 403
    assert _post(people.therapist, resource, read_only=True).status_code == 403
    assert not Response.objects.exists()


def test_one_bad_entry_stores_nothing_and_a_forged_total_is_ignored(people: Any) -> None:
    good = _exported(people, "phq9", PHQ9_ANSWERS, people.client_user)
    for item in good["item"]:
        if item["linkId"] == "total":
            item["answer"] = [{"valueDecimal": 0}]
    bad = copy.deepcopy(good)
    bad["item"][0]["answer"] = [{"valueInteger": 99}]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": good}, {"resource": bad}],
    }
    assert _post(people.therapist, bundle).status_code == 422
    assert not Response.objects.exists()
    assert _post(people.therapist, good).status_code == 201
    assert Response.objects.get().total == 9  # the core's score, not the file's 0
    assert AuditEvent.objects.filter(action="response.import", actor=people.therapist).exists()


def _a_colleague_holds_the_client_now(people: Any) -> None:
    # Episode 1 stays the therapist's; the client is now the colleague's, who may write to it.
    Client.objects.filter(pk=people.client.pk).update(therapist=people.colleague)


def test_nobody_imports_a_therapists_answers_under_a_colleagues_name(people: Any) -> None:
    # The answers a therapist gives about a session are theirs: an import stored them under the
    # episode's therapist, whoever sent them, so a colleague could write in their name.
    resource = _exported(people, "partnership_mirror", MIRROR_ANSWERS, people.therapist)
    _a_colleague_holds_the_client_now(people)
    got = _post(people.colleague, resource)
    assert got.status_code == 422
    assert not Response.objects.filter(respondent=people.therapist).exists()
    assert _post(people.therapist, resource).status_code == 201
    assert Response.objects.get().respondent == people.therapist


def test_nor_a_score_file_in_a_colleagues_name(people: Any, tmp_path: Path) -> None:
    _a_colleague_holds_the_client_now(people)
    scores = tmp_path / "scores.csv"
    scores.write_text(f"episode_id,session,instrument,score\n{people.episode.pk},1,selfcare,3\n")
    with pytest.raises(ImportProblems):
        import_scores(scores, people.colleague)
    assert not Response.objects.exists()
    scores.write_text(f"episode_id,session,instrument,score\n{people.episode.pk},1,phq9,12\n")
    assert import_scores(scores, people.colleague).responses == 1
    assert Response.objects.get().respondent == people.client_user


def test_an_import_cannot_date_a_session_in_the_future(people: Any, tmp_path: Path) -> None:
    # A session dated 2099 became the episode's latest: what is due, the reminders and the
    # outcome all read the latest session, so one such import quietly stopped them.
    resource = _exported(people, "phq9", PHQ9_ANSWERS, people.client_user)
    resource["extension"] = [
        e for e in resource["extension"] if not e["url"].endswith("session-date")
    ] + [{"url": "urn:tandem:fhir:session-date", "valueDate": "2099-01-01"}]
    got = _post(people.therapist, resource)
    assert got.status_code == 422 and "future" in got.content.decode()
    assert not people.episode.sessions.filter(date__year=2099).exists()
    scores = tmp_path / "scores.csv"
    scores.write_text(
        f"episode_id,session,instrument,score,date\n{people.episode.pk},7,phq9,12,2099-01-01\n"
    )
    with pytest.raises(ImportProblems):
        import_scores(scores, people.therapist)
    assert not people.episode.sessions.filter(date__year=2099).exists()
