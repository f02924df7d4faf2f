"""Transcript analysis: upload, then fetch the result; only the sender sees it."""

from __future__ import annotations

from typing import Any

from tandem.transcripts.models import TranscriptAnalysis

TEXT = "T: What brings you here today?\nC: I want to cut down on my drinking.\n"


def test_it_analyses_and_keeps_the_result_for_its_sender(people: Any, api_as: Any) -> None:
    api = api_as(people.therapist)
    made = api.post("/transcripts", {"text": TEXT, "name": "first session"})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] in ("done", "failed")
    if body["status"] == "done":
        assert body["result"]["sessions"]
    else:
        assert body["error"]
    again = api.get(f"/transcripts/{body['id']}")
    assert again.json() == body
    assert api_as(people.colleague).get(f"/transcripts/{body['id']}").status_code == 404


def test_an_unreadable_transcript_is_explained(people: Any, api_as: Any) -> None:
    made = api_as(people.therapist).post(
        "/transcripts", {"text": "just some words", "format": "vtt"}
    )
    assert made.status_code == 201
    assert made.json()["status"] == "failed"
    assert made.json()["error"]


def test_a_client_cannot_upload(people: Any, api_as: Any) -> None:
    made = api_as(people.client_user).post("/transcripts", {"text": TEXT})
    assert made.status_code == 403
    assert TranscriptAnalysis.objects.count() == 0
