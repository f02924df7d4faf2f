"""A therapist pastes a session's transcript: the page says it is being analysed, refreshes by
itself, and shows the analysis once the worker has stored it."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.demo_server import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

TRANSCRIPT = (
    "T: What brings you here today?\n"
    "C: I keep drinking more than I want to, and I'd like to cut down.\n"
    "T: You want to cut down, and part of you is worried about where it is going.\n"
    "C: Yes. I don't want my kids to see me like that.\n"
)


def test_an_uploaded_transcript_shows_analysing_then_the_analysis(
    live_server: Any, people: Any, desktop: Any, settings: Any
) -> None:
    from tandem.tasks.worker import make_worker

    # Queued in the database, as in production, so the page has something to wait for.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign_in(desktop, live_server.url, "therapist@harbour.test")
    desktop.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    desktop.get_by_label("…or paste the transcript").fill(TRANSCRIPT)
    desktop.get_by_role("button", name="Analyse").click()
    desktop.wait_for_load_state("domcontentloaded")
    expect(desktop.get_by_text("Analysing…")).to_be_visible()
    expect(desktop.get_by_text("This page refreshes by itself")).to_be_visible()
    assert serious_violations(desktop) == []

    worker = make_worker(batch=True, interval=0, startup_delay=False, periodic=False)
    worker.run()

    # No click: the page reloads itself while the analysis is pending.
    desktop.get_by_text("Estimated overall quality").wait_for(timeout=20_000)
    assert desktop.get_by_text("Analysing…").count() == 0
    expect(desktop.get_by_role("row", name="Reflections to questions")).to_be_visible()


def test_without_javascript_the_waiting_card_offers_a_link_and_no_promise(
    live_server: Any, people: Any, browser: Any
) -> None:
    from tandem.transcripts.models import TranscriptAnalysis

    TranscriptAnalysis.objects.create(
        user=people.therapist,
        session=people.session,
        name="s1.txt",
        format="auto",
        status=TranscriptAnalysis.QUEUED,
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    expect(page.get_by_text("Analysing…")).to_be_visible()
    expect(page.get_by_text("This page refreshes by itself")).to_be_hidden()
    expect(page.get_by_role("link", name="Refresh the page to see it")).to_be_visible()
    context.close()
