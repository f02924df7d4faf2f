"""The progress report PDF is fit to share: session dates, page numbers, no half-empty pages,
"the client rated … the therapist rated …" (never "you"), and the latest risk alert."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.care.models import Session
from tandem.measures.actions import submit_response
from tandem.reports import pdf
from tandem.reports.tests.conftest import add_scores, partnership

pytestmark = pytest.mark.django_db

SESSIONS = 16


@pytest.fixture
def long_course(people: Any) -> Any:
    """Sixteen weekly sessions with both sides' scores: long enough to need several pages."""
    add_scores(
        people.episode,
        {
            "phq9": [18 - i * 0.75 for i in range(SESSIONS)],
            "gad7": [14 - i * 0.5 for i in range(SESSIONS)],
            "partnership": [partnership(7)] * SESSIONS,
            "growth": [1 + i * 0.1 for i in range(SESSIONS)],
            "reliance": [2.5 - i * 0.1 for i in range(SESSIONS)],
        },
        respondent=people.client_user,
    )
    add_scores(
        people.episode,
        {"partnership_mirror": [partnership(8)] * SESSIONS},
        respondent=people.therapist,
        role="therapist",
    )
    return people


def _pdf_html(client: Any, people: Any, monkeypatch: Any) -> str:
    sent: list[str] = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: sent.append(html) or real(html))
    client.force_login(people.therapist)
    response = client.get(f"/reports/episodes/{people.episode.pk}/report.pdf")
    assert response.content.startswith(b"%PDF-")
    return sent[0]


def _text(box: Any) -> str:
    return "".join(
        getattr(b, "text", "") for b in ([box] + list(getattr(box, "descendants", list)()))
    )


def test_every_session_is_listed_with_its_date(client, long_course, monkeypatch):
    html = _pdf_html(client, long_course, monkeypatch)
    for session in Session.objects.filter(episode=long_course.episode):
        assert f"{session.date.day} {session.date:%b %Y}" in html
    assert '<h2 id="sessions-h">Sessions</h2>' in html


def test_every_page_is_numbered_and_none_but_the_last_is_half_empty(
    client, long_course, monkeypatch
):
    document = pdf.render(_pdf_html(client, long_course, monkeypatch))
    pages = document.pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        box = page._page_box
        margins = [c for c in box.children if type(c).__name__ == "MarginBox"]
        assert f"Page {number} of {len(pages)}" in " ".join(_text(m) for m in margins)
    for page in pages[:-1]:
        box = page._page_box
        body = [c for c in box.children if type(c).__name__ != "MarginBox"]
        leaves = [
            b for root in body for b in root.descendants() if not getattr(b, "children", None)
        ]
        bottom = max(b.position_y + b.margin_height() for b in leaves)
        assert (bottom - box.content_box_y()) / box.height > 0.6


def test_the_wording_is_fit_to_share(client, long_course, monkeypatch):
    html = _pdf_html(client, long_course, monkeypatch)
    assert "Ada\u00a0L. rated the session 7 out of 10 and the therapist rated it 8" in html
    assert " you rated" not in html.lower() and "your " not in html.lower()


def test_the_latest_risk_alert_is_in_the_report(client, people, monkeypatch):
    submit_response(
        people.client_user,
        people.episode,
        "phq9",
        {f"q{i}": 1 for i in range(1, 10)} | {"q9": 2},
        session=people.session,
    )
    html = _pdf_html(client, people, monkeypatch)
    assert "Latest risk alert" in html
    assert "More than half the days" in html and "not yet acknowledged" in html


def test_without_a_risk_alert_the_report_says_so(client, people, monkeypatch):
    add_scores(people.episode, {"phq9": [12, 10]}, respondent=people.client_user)
    assert "No risk alert in this episode" in _pdf_html(client, people, monkeypatch)


def test_nothing_runs_past_the_right_margin_and_dates_stay_on_one_line(
    client, long_course, monkeypatch
):
    # The sessions table has nine columns with every instrument: on A4 its last column ran past
    # the margin and each date broke over three lines ('22 / Sep / 2026').
    document = pdf.render(_pdf_html(client, long_course, monkeypatch))
    dates = {f"{s.date.day} {s.date:%b %Y}" for s in Session.objects.all()}
    lines = set()
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        body = [c for c in box.children if type(c).__name__ != "MarginBox"]
        for root in body:
            for leaf in root.descendants():
                if getattr(leaf, "children", None):
                    continue
                assert leaf.position_x + leaf.margin_width() <= right + 1, _text(leaf)
                lines.add(getattr(leaf, "text", "").strip())
    # A date broken over lines is laid out as several pieces of text, none of them whole.
    assert dates <= lines
