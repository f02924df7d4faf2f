"""The API describes itself: OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_it_publishes_its_openapi_description(db: Any) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Tandem API"
    paths = schema["paths"]
    for path in (
        "/api/v1/responses",
        "/api/v1/fhir/Questionnaire/{instrument_id}",
        "/api/v1/fhir/Bundle",
        "/api/v1/transcripts",
    ):
        assert path in paths
    post = paths["/api/v1/responses"]["post"]
    assert {"200", "201", "409", "422"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])


def test_it_serves_interactive_docs(db: Any) -> None:
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    assert b"openapi.json" in page.content


def test_the_docs_work_offline(db: Any) -> None:
    page = Client().get("/api/v1/docs").content.decode()
    assert "cdn." not in page
    assert Client().get("/api/v1/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert Client().get("/api/v1/docs-assets/settings.py").status_code == 404
