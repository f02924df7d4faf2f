"""Hostile and broken input, through every import and API route: a clear refusal, no 5xx, nothing stored.

The corpus is in tests/data/bad/. Each file goes through every entry point that reads its kind:
`tandem outcomes`, `tandem import-scores` (dry run and real), the API (responses, sessions, FHIR
Bundle import, transcripts) and the web forms; and what is stored is never rendered unescaped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.api.actions import create_token
from tandem.care.models import Session
from tandem.cli import main
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db(transaction=True)

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
SCORE_FILES = sorted(BAD.glob("scores_*.csv")) + [BAD / "empty.csv"]
JSON_FILES = sorted(BAD.glob("*.json"))
TRANSCRIPTS = sorted(BAD.glob("transcript_*"))


def counts():
    return Response.objects.count(), Session.objects.count()


@pytest.mark.parametrize("path", SCORE_FILES, ids=lambda p: p.name)
def test_a_bad_scores_file_is_refused_by_every_command(people, path):
    before = counts()
    report = CliRunner().invoke(main, ["outcomes", str(path), "--json"])
    assert report.exception is None or isinstance(report.exception, SystemExit)
    if path.name == "scores_script.csv":
        # `tandem outcomes` reads PHQ-9 and GAD-7 only and counts other instruments as ignored.
        assert json.loads(report.stdout)["episodes"] == 0
    else:
        assert report.exit_code != 0 and "{" not in report.stdout  # no report printed
    for extra in (["--dry-run"], []):
        result = CliRunner().invoke(
            main, ["import-scores", str(path), "--as", people.therapist.email, *extra]
        )
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.output.strip()  # says what is wrong
    assert counts() == before


def api(client, people, token=None):
    token = token or create_token(people.therapist, people.therapist, "bad input")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_bad_json_is_refused_by_every_api_route(client, people, path):
    headers = api(client, people)
    raw = path.read_bytes()
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if isinstance(body, dict) and "resourceType" not in body:
        body.setdefault("episode", people.episode.pk)
        body.setdefault("session", people.session.pk)
    payload = raw if body is None else json.dumps(body)
    before = counts()
    for url in (
        "/api/v1/responses",
        "/api/v1/sessions",
        f"/api/v1/fhir/Bundle?episode={people.episode.pk}",
        "/api/v1/transcripts",
    ):
        response = client.post(url, payload, content_type="application/json", **headers)
        assert 400 <= response.status_code < 500, (
            url,
            response.status_code,
            response.content[:300],
        )
        error = response.json()
        assert error["detail"], error
    assert counts() == before


def test_a_huge_body_is_refused_before_it_is_read(client, people):
    headers = api(client, people)
    huge = json.dumps(
        {
            "instrument": "phq9",
            "episode": people.episode.pk,
            "answers": {"q1": 1},
            "padding": "x" * (11 * 1024 * 1024),
        }
    )
    response = client.post("/api/v1/responses", huge, content_type="application/json", **headers)
    assert 400 <= response.status_code < 500
    assert counts()[0] == 0


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.name)
def test_a_bad_transcript_is_refused_with_a_reason(client, people, path):
    result = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    headers = api(client, people)
    response = client.post(
        "/api/v1/transcripts",
        json.dumps(
            {
                "episode": people.episode.pk,
                "session": people.session.pk,
                "format": "auto",
                "text": path.read_bytes().decode("utf-8", "replace"),
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code < 500
    if response.status_code < 300:
        analysis = client.get(f"/api/v1/transcripts/{response.json()['id']}", **headers).json()
        assert (
            analysis["status"] in {"failed", "queued", "running"}
            and analysis.get("error", "") != ""
        )


def test_script_in_a_text_answer_is_stored_as_text_and_shown_escaped(client, people):
    client.force_login(people.client_user)
    client.post(
        f"/portal/sessions/{people.session.pk}/partnership/",
        {
            "heard": "5",
            "focus": "5",
            "fit": "5",
            "together": "5",
            "takeaway": "5",
            "next_time": "<script>alert('x')</script> ' OR 1=1 --",
        },
    )
    assert Response.objects.get().answers["next_time"].startswith("<script>")
    client.force_login(people.therapist)
    for url in (f"/clients/{people.client.pk}/", f"/sessions/{people.session.pk}/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page
