"""FHIR: instruments as Questionnaires, answers as QuestionnaireResponses, episodes as Bundles;
import from another system, all or nothing, with every problem named by its element path."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.care.models import Episode, Session
from tandem.interop.fhir_io import episode_bundle
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

GAD7 = {f"q{i}": 2 for i in range(1, 8)}


def _history(people: Any) -> None:
    second = Session.objects.create(episode=people.episode, number=2, date=date(2026, 2, 9))
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    submit_response(people.client_user, people.episode, "gad7", GAD7, session=people.session)
    submit_response(
        people.client_user,
        people.episode,
        "phq9",
        PHQ9_ANSWERS | {"q1": 0, "q2": 0},
        session=second,
    )


def _scores(episode: Episode) -> list[tuple[int, str, float | None]]:
    rows = Response.objects.filter(episode=episode).order_by("session__date", "instrument_id")
    return [(r.session.number, r.instrument_id, r.total) for r in rows]


def test_it_serves_phq9_as_a_questionnaire_with_loinc_codes(people: Any, api_as: Any) -> None:
    body = api_as(people.therapist).get("/fhir/Questionnaire/phq9").json()
    Questionnaire.model_validate(body)
    assert body["id"] == "phq9"
    assert body["code"][0] == {"system": "http://loinc.org", "code": "44249-1"}
    first = body["item"][0]
    assert first["code"][0]["code"] == "44250-9"
    ordinal = first["answerOption"][3]["valueCoding"]["extension"][0]
    assert ordinal["valueDecimal"] == 3
    assert body["item"][-1]["code"][0]["code"] == "44261-6"


def test_a_follow_up_question_carries_its_enable_when(people: Any, api_as: Any) -> None:
    body = api_as(people.therapist).get("/fhir/Questionnaire/reflection").json()
    Questionnaire.model_validate(body)
    benefit = next(i for i in body["item"] if i["linkId"] == "disclosure_benefit")
    assert benefit["enableWhen"] == [
        {"question": "disclosed", "operator": "=", "answerBoolean": True}
    ]
    assert all("enableWhen" not in i for i in body["item"] if i["linkId"] != "disclosure_benefit")


def test_it_lists_a_clients_responses_as_a_searchset(people: Any, api_as: Any) -> None:
    _history(people)
    body = (
        api_as(people.therapist).get("/fhir/QuestionnaireResponse", subject=people.client.pk).json()
    )
    assert body["type"] == "searchset"
    assert body["total"] == 3
    resource = body["entry"][0]["resource"]
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == "urn:tandem:questionnaire:phq9|1"
    assert (
        api_as(people.outsider)
        .get("/fhir/QuestionnaireResponse", subject=people.client.pk)
        .json()["total"]
        == 0
    )


def test_export_then_import_gives_identical_scores(people: Any, api_as: Any) -> None:
    _history(people)
    exported = episode_bundle(people.therapist, people.episode)
    before = _scores(people.episode)
    fresh = Episode.objects.create(client=people.client, therapist=people.therapist, number=2)
    response = api_as(people.therapist).post(f"/fhir/Bundle?episode={fresh.pk}", exported)
    assert response.status_code == 201, response.json()
    assert len(response.json()["created"]) == 3
    assert response.json()["ignored"] == 1  # the EpisodeOfCare
    assert _scores(fresh) == before


def test_importing_the_same_bundle_again_changes_nothing(people: Any, api_as: Any) -> None:
    _history(people)
    exported = episode_bundle(people.therapist, people.episode)
    response = api_as(people.therapist).post("/fhir/Bundle", exported)
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == []
    assert len(response.json()["unchanged"]) == 3


def test_one_bad_answer_stores_nothing_and_names_the_element(people: Any, api_as: Any) -> None:
    _history(people)
    exported = episode_bundle(people.therapist, people.episode)
    fresh = Episode.objects.create(client=people.client, therapist=people.therapist, number=2)
    broken = copy.deepcopy(exported)
    broken["entry"][3]["resource"]["item"][2]["answer"][0]["valueCoding"]["code"] = "7"
    response = api_as(people.therapist).post(f"/fhir/Bundle?episode={fresh.pk}", broken)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "Bundle.entry[3].resource.item[2].answer[0].valueCoding.code"
    assert "“7” is not one of the answers to q3" in error["message"]
    assert Response.objects.filter(episode=fresh).count() == 0
    assert fresh.sessions.count() == 0


def test_an_invalid_status_is_refused(people: Any, api_as: Any) -> None:
    _history(people)
    resource = episode_bundle(people.therapist, people.episode)["entry"][1]["resource"]
    resource["status"] = "bogus"
    response = api_as(people.therapist).post("/fhir/Bundle", resource)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "QuestionnaireResponse.status"


def test_a_response_from_another_system_is_read_by_loinc_codes(people: Any, api_as: Any) -> None:
    codes = [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": "http://loinc.org/q/44249-1",
        "authored": "2026-01-12T10:00:00+00:00",
        "item": [{"linkId": code, "answer": [{"valueInteger": 2}]} for code in codes],
    }
    response = api_as(people.therapist).post(f"/fhir/Bundle?episode={people.episode.pk}", resource)
    assert response.status_code == 201, response.json()
    stored = Response.objects.get(pk=response.json()["created"][0])
    assert stored.total == 18
    assert stored.session.date == date(2026, 1, 12)


def test_an_unknown_questionnaire_and_question_are_named(people: Any, api_as: Any) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "QuestionnaireResponse",
                    "status": "completed",
                    "questionnaire": "http://example.org/Questionnaire/unknown",
                    "item": [],
                }
            },
            {
                "resource": {
                    "resourceType": "QuestionnaireResponse",
                    "status": "completed",
                    "questionnaire": "urn:tandem:questionnaire:gad7",
                    "item": [{"linkId": "q99", "answer": [{"valueInteger": 1}]}],
                }
            },
        ],
    }
    response = api_as(people.therapist).post(f"/fhir/Bundle?episode={people.episode.pk}", bundle)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert "Bundle.entry[0].resource.questionnaire" in fields
    assert "Bundle.entry[1].resource.item[0].linkId" in fields


def test_a_read_only_token_and_an_outsider_cannot_import(people: Any, api_as: Any) -> None:
    _history(people)
    exported = episode_bundle(people.therapist, people.episode)
    assert (
        api_as(people.therapist, read_only=True).post("/fhir/Bundle", exported).status_code == 403
    )
    outsider = api_as(people.outsider).post(f"/fhir/Bundle?episode={people.episode.pk}", exported)
    assert outsider.status_code == 404
    assert api_as(people.outsider).post("/fhir/Bundle", exported).status_code == 422


def test_a_practice_log_entry_comes_back_outside_any_session(people: Any, api_as: Any) -> None:
    _history(people)
    submit_response(
        people.client_user,
        people.episode,
        "practice_log",
        {"practised": True, "how_it_went": 3},
        log_date=date(2026, 2, 11),
    )
    exported = episode_bundle(people.therapist, people.episode)
    sessions = people.episode.sessions.count()
    again = api_as(people.therapist).post("/fhir/Bundle", exported)
    assert again.status_code == 201, again.json()
    assert again.json()["created"] == []
    assert people.episode.sessions.count() == sessions

    fresh = Episode.objects.create(client=people.client, therapist=people.therapist, number=2)
    moved = api_as(people.therapist).post(f"/fhir/Bundle?episode={fresh.pk}", exported)
    assert moved.status_code == 201, moved.json()
    log = Response.objects.get(episode=fresh, instrument_id="practice_log")
    assert log.session is None
    assert log.log_date == date(2026, 2, 11)
