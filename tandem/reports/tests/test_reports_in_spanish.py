"""The practice report, the progress report and its PDF in Spanish: whole sentences in Spanish,
numbers with a decimal comma, the PDF's accents and its page footers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from tandem.reports import pdf
from tandem.reports.tests.conftest import add_scores, partnership
from tandem.reports.tests.test_practice_report import _episodes

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    """A Spanish request leaves Spanish active in this thread: the next test starts in English."""
    yield
    translation.deactivate()


def test_the_practice_report_reads_in_spanish_with_a_decimal_comma(
    client: Any, people: Any
) -> None:
    _episodes(people, people.therapist, 12, withdrew=3)
    _episodes(people, people.colleague, 3)
    client.force_login(people.admin)
    html = client.get("/reports/practice/", **SPANISH).content.decode()
    assert "<h1>Informe del centro</h1>" in html
    assert "Resultados del centro" in html and "Mejora fiable" in html and "Abandono" in html
    assert "3 de 15 episodios finalizados terminaron porque el cliente lo dejó" in html
    assert "Menos de 10 episodios: no se muestra" in html
    assert "Recuperación y mejora fiable por trimestre de finalización" in html
    assert "Terapeutas comparados por la mejora fiable" in html
    # The therapist's change against expected, a mean with one decimal, has a decimal comma.
    change = re.search(r'<td class="num">(-?\d+,\d) \(de (-?\d+,\d) a (-?\d+,\d)\)</td>', html)
    assert change is not None
    assert not re.search(r'<td class="num">-?\d+\.\d \(', html)
    # English left behind would show here.
    for english in ("Outcomes for the practice", "By therapist", "Not shown", "episodes in this"):
        assert english not in html


def test_the_headline_says_one_episode_in_the_singular(people: Any) -> None:
    """'1 de 15 … terminó', '3 de 15 … terminaron': each headline line agrees with its count."""
    from tandem.reports import practice
    from tandem.reports.practice_context import report_context

    _episodes(people, people.therapist, 12, withdrew=1)
    _episodes(people, people.colleague, 3)
    payload = practice.compute_report_payload(people.practice.pk)
    with translation.override("es"):
        headline = report_context(payload, people.practice.pk)["headline"]
    # A suppressed figure's line is not shown (the page says "No se muestra").
    lines = [line for _, rate, line in headline if rate.value is not None]
    assert "1 de 15 episodios finalizados terminó porque el cliente lo dejó" in lines
    for line in lines:
        count = int(line.split(" ", 1)[0])
        singular = any(verb in line for verb in ("terminó", "mejoró", "empeoró", "tuvo", "volvió"))
        assert singular == (count == 1), line


def test_the_practice_report_is_kept_per_language(client: Any, people: Any) -> None:
    """The body is rendered once per snapshot and kept: a Spanish reader must not get the
    English copy an English reader made a moment before, nor the other way round."""
    _episodes(people, people.therapist, 12)
    client.force_login(people.admin)
    english = client.get("/reports/practice/").content.decode()
    spanish = client.get("/reports/practice/", **SPANISH).content.decode()
    again = client.get("/reports/practice/").content.decode()
    assert "Outcomes for the practice" in english and "Outcomes for the practice" in again
    assert "Resultados del centro" in spanish and "Outcomes for the practice" not in spanish


@pytest.fixture
def course(people: Any) -> Any:
    add_scores(
        people.episode,
        {
            "phq9": [18, 15.5, 11, 9],
            "gad7": [14, 12, 9, 7],
            "partnership": [partnership(7.5)] * 4,
        },
        respondent=people.client_user,
    )
    add_scores(
        people.episode,
        {"partnership_mirror": [partnership(8)] * 4},
        respondent=people.therapist,
        role="therapist",
    )
    return people


def test_the_progress_report_reads_in_spanish(client: Any, course: Any) -> None:
    client.force_login(course.therapist)
    html = client.get(f"/reports/episodes/{course.episode.pk}/", **SPANISH).content.decode()
    assert "Informe de evolución:" in html and "Sesiones a las que asistió" in html
    assert "pasó de 18 en la sesión 1 a 9 en la sesión 4" in html
    assert "Colaboración en la sesión, vista por las dos partes" in html
    # A half point in a chart's table and its summary: a decimal comma.
    assert "15,5" in html and "7,5" in html
    assert "No hay alertas de riesgo en este episodio." in html


def test_the_progress_reports_session_table_writes_a_decimal_comma(
    client: Any, course: Any
) -> None:
    """The table of sessions, not only the charts: a half point and a mean with its one decimal
    (the partnership scale, "7,5") are written with a comma, and no cell keeps a decimal point."""
    client.force_login(course.therapist)
    html = client.get(f"/reports/episodes/{course.episode.pk}/", **SPANISH).content.decode()
    table = html[html.index('class="sessions-table"') : html.index("</table>")]
    cells = re.findall(r'<td class="num">([^<]*)</td>', table)
    assert "15,5" in cells and "7,5" in cells and "8,0" in cells
    assert not [cell for cell in cells if "." in cell]
    english = client.get(f"/reports/episodes/{course.episode.pk}/").content.decode()
    assert '<td class="num">15.5</td>' in english and '<td class="num">8.0</td>' in english


def test_an_ended_episode_says_when_it_ran_in_spanish(client: Any, course: Any) -> None:
    from datetime import date

    course.episode.status, course.episode.end_reason = "ended", "graduated"
    course.episode.started_on, course.episode.ended_on = date(2026, 1, 6), date(2026, 3, 3)
    course.episode.save()
    client.force_login(course.therapist)
    html = client.get(f"/reports/episodes/{course.episode.pk}/", **SPANISH).content.decode()
    assert "<dd>1, alta: del 6 ene 2026 al 3 mar 2026</dd>" in html
    course.episode.end_reason = "referred"
    course.episode.save()
    html = client.get(f"/reports/episodes/{course.episode.pk}/", **SPANISH).content.decode()
    assert "<dd>1, finalizado: del 6 ene 2026 al 3 mar 2026</dd>" in html


def _pdf_text(document: Any) -> str:
    def text(box: Any) -> str:
        return "".join(
            getattr(b, "text", "") or "" for b in [box, *getattr(box, "descendants", list)()]
        )

    return " ".join(text(page._page_box) for page in document.pages)


def test_the_pdf_is_made_in_spanish_with_its_accents(
    client: Any, course: Any, monkeypatch: Any
) -> None:
    sent: list[str] = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: sent.append(html) or real(html))
    client.force_login(course.therapist)
    response = client.get(f"/reports/episodes/{course.episode.pk}/report.pdf", **SPANISH)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert '<html lang="es"' in sent[0]
    with translation.override("es"):
        text = _pdf_text(pdf.render(sent[0]))
    assert "Informe de evolución" in text and "Sesiones a las que asistió" in text
    assert "Página 1 de" in text and "confidencial" in text
    assert "Page 1 of" not in text


def test_the_pdfs_footer_starts_where_the_language_starts(pseudo_languages: Any) -> None:
    """The report's name sits at the bottom corner where lines start: the left in Spanish, the
    right in a right-to-left language (ar-xb), with the page numbers in the other corner."""
    with translation.override("es"):
        css = str(pdf.page_margins())
    assert re.search(r"@bottom-left \{ content: \"Informe de evolución", css)
    assert re.search(r"@bottom-right \{ content: \"Página \" counter\(page\)", css)
    with translation.override("ar-xb"):
        css = str(pdf.page_margins())
    assert re.search(r"@bottom-right \{ content: \"[^\"]*\" !important", css)
    assert re.search(r"@bottom-left \{ content: \"[^\"]*\" counter\(page\)", css)
