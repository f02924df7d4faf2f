"""Issue 16.7: JSON nested far too deep gets the API's JSON error, never an HTML 500."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tandem.core.limits import JSON_MAX_DEPTH, json_depth, too_deep

pytestmark = pytest.mark.django_db


def nested(depth: int) -> Any:
    value: Any = {"linkId": "q1"}
    for _ in range(depth - 1):
        value = {"linkId": "q1", "item": [value]}
    return value


def test_depth_is_counted_without_recursion() -> None:
    assert json_depth(1) == 0 and json_depth([]) == 1 and json_depth({"a": [1]}) == 2
    assert not too_deep(json.loads("[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH))
    assert too_deep(json.loads("[" * (JSON_MAX_DEPTH + 1) + "]" * (JSON_MAX_DEPTH + 1)))
    deep: Any = []
    for _ in range(50_000):  # far past Python's recursion limit
        deep = [deep]
    assert too_deep(deep) and json_depth(deep, stop_at=10**6) == 50_001


@pytest.mark.parametrize("path", ["/responses", "/fhir/Bundle"])
@pytest.mark.parametrize("depth", [200, 100_000])
def test_a_body_nested_too_deep_is_refused_in_json(
    people: Any, api_as: Any, path: str, depth: int
) -> None:
    api = api_as(people.therapist)
    if depth > 1000:
        body = '{"resourceType": "Bundle", "entry": ' + "[" * depth + "]" * depth + "}"
    else:
        body = json.dumps(
            {
                "resourceType": "QuestionnaireResponse",
                "status": "completed",
                "item": [nested(depth)],
            }
        )
    response = api.http.post(
        f"/api/v1{path}", body, content_type="application/json", headers=api.headers
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert "levels deep" in response.json()["detail"]


def test_the_importer_refuses_a_deep_resource_whatever_door_it_came_through(people: Any) -> None:
    from tandem.interop.fhir_io import FhirImportError, import_resource

    with pytest.raises(FhirImportError) as caught:
        import_resource(
            people.therapist,
            {"resourceType": "QuestionnaireResponse", "item": [nested(200)]},
            people.episode,
        )
    assert "levels deep" in caught.value.errors[0]["message"]
