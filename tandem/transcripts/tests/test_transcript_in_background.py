"""An uploaded transcript is analysed by the worker: the page says so, then shows the result."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.api.tests.conftest import Api, token_for
from tandem.transcripts.models import PendingTranscript, TranscriptAnalysis
from tandem.transcripts.tasks import finish_analysis

TRANSCRIPT = (
    "T: What brings you here today?\n"
    "C: I keep drinking more than I want to, and I'd like to cut down.\n"
    "T: You want to cut down, and part of you is worried about where it is going.\n"
    "C: Yes. I don't want my kids to see me like that.\n"
)


def _upload(client: Any, people: Any, text: str, fmt: str = "auto") -> Any:
    upload = SimpleUploadedFile("session-1.txt", text.encode(), content_type="text/plain")
    return client.post(
        f"/sessions/{people.session.pk}/transcript/",
        {"file": upload, "format": fmt, "speakers": ""},
        follow=True,
    )


def test_it_says_the_transcript_is_being_analysed_then_shows_the_analysis(
    client: Any, people: Any, run_worker: Any
) -> None:
    client.force_login(people.therapist)
    page = _upload(client, people, TRANSCRIPT).content.decode()
    analysis = TranscriptAnalysis.objects.get(session=people.session)
    assert analysis.status == "queued" and analysis.result == {}
    assert "Analysing…" in page and 'data-refresh-seconds="3"' in page
    assert "transcripts/pending" in page  # the script that refreshes the page
    assert PendingTranscript.objects.filter(analysis=analysis).exists()

    assert run_worker() == 1

    analysis.refresh_from_db()
    assert analysis.status == "done" and analysis.result["sessions"]
    assert not PendingTranscript.objects.exists()  # the transcript's text went with the result
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "Analysing…" not in page and "data-refresh-seconds" not in page
    assert "Estimated overall quality" in page and "Reflections to questions" in page


def test_an_unreadable_transcript_ends_as_an_error_with_its_reason_and_nothing_partial(
    client: Any, people: Any, run_worker: Any
) -> None:
    client.force_login(people.therapist)
    _upload(client, people, "WEBVTT\n\nthis is not a cue at all", fmt="srt")
    run_worker()
    analysis = TranscriptAnalysis.objects.get()
    assert analysis.status == "failed"
    assert analysis.error and analysis.result == {}
    assert not PendingTranscript.objects.exists()
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "Could not be analysed." in page and analysis.error.split(":")[0] in page
    assert "data-refresh-seconds" not in page


def test_an_error_inside_the_analyser_is_stored_as_a_failure_not_left_hanging(
    client: Any, people: Any, run_worker: Any, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("boom")

    monkeypatch.setattr("tandem.core.transcripts.analyse_sessions", broken)
    client.force_login(people.therapist)
    _upload(client, people, TRANSCRIPT)
    run_worker()
    analysis = TranscriptAnalysis.objects.get()
    assert analysis.status == "failed" and "stopped on this transcript" in analysis.error
    assert analysis.result == {} and not PendingTranscript.objects.exists()


def test_running_the_task_twice_stores_the_result_once(
    client: Any, people: Any, run_worker: Any
) -> None:
    client.force_login(people.therapist)
    _upload(client, people, TRANSCRIPT)
    analysis = TranscriptAnalysis.objects.get()
    assert finish_analysis(analysis.pk) == "done"
    first = TranscriptAnalysis.objects.get().result
    assert finish_analysis(analysis.pk) == "already analysed"
    assert TranscriptAnalysis.objects.get().result == first


def test_the_api_answers_at_once_with_a_queued_analysis_to_fetch_again(
    people: Any, run_worker: Any
) -> None:
    api = Api(token_for(people.therapist))
    made = api.post("/transcripts", {"text": TRANSCRIPT, "name": "first"})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "queued" and body["result"] == {}
    assert api.get(f"/transcripts/{body['id']}").json()["status"] == "queued"
    run_worker()
    done = api.get(f"/transcripts/{body['id']}").json()
    assert done["status"] == "done" and done["result"]["sessions"]
