"""The partnership summary compares the same session from both sides: the client's session n
beside the therapist's session n, on the page and in the progress report (and so its PDF)."""

from tandem.reports.data import PartnershipFacts
from tandem.reports.picture import partnership_summary


def _facts(client, therapist):
    return PartnershipFacts(
        client=client, therapist=therapist, ruptures=[], gaps=[], persistent_gap=None
    )


def test_it_puts_the_same_session_side_by_side_when_the_therapist_is_ahead():
    client = [(s, 7.0) for s in range(1, 8)] + [(8, 6.0)]
    therapist = [(s, 8.0) for s in range(1, 9)] + [(9, 9.0)]
    words = partnership_summary(_facts(client, therapist), "Ada")
    assert words.startswith(
        "At session 8, Ada rated the session 6 out of 10 and the therapist rated it 8"
    )
    assert "session 9 has only the therapist's rating so far (9 out of 10)" in words
    assert "you" not in words.split()


def test_it_puts_the_same_session_side_by_side_when_the_client_is_ahead():
    words = partnership_summary(_facts([(1, 5.0), (2, 9.0)], [(1, 7.0)]), "Ada")
    assert words.startswith(
        "At session 1, Ada rated the session 5 out of 10 and the therapist rated it 7"
    )
    assert "session 2 has only Ada's rating so far (9 out of 10)" in words


def test_with_one_side_only_it_says_so():
    words = partnership_summary(_facts([(3, 6.0)], []), "Ada")
    assert words == "Session 3 has only Ada's rating so far (6 out of 10)."


def test_the_progress_report_and_its_pdf_compare_the_same_session(client, people, monkeypatch):
    from tandem.reports import pdf
    from tandem.reports.tests.conftest import add_scores, partnership

    add_scores(people.episode, {"partnership": [partnership(6)] * 3}, respondent=people.client_user)
    add_scores(
        people.episode,
        {"partnership_mirror": [partnership(8)] * 4},
        respondent=people.therapist,
        role="therapist",
    )
    client.force_login(people.therapist)
    page = client.get(f"/reports/episodes/{people.episode.pk}/")
    html = page.content.decode()
    # The name never breaks before its initial (a no-break space; tandem.web.words).
    assert (
        "At session 3, Ada\u00a0L. rated the session 6 out of 10 and the therapist rated it 8"
        in html
    )
    assert "session 4 has only the therapist&#x27;s rating so far" in html
    sent = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: sent.append(html) or b"%PDF-")
    client.get(f"/reports/episodes/{people.episode.pk}/report.pdf")
    (pdf_html,) = sent
    assert "At session 3, Ada\u00a0L. rated the session 6 out of 10" in pdf_html
