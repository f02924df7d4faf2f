"""`tandem export`: long answers and scores with a codebook, or FHIR; only what the person may see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
from click.testing import CliRunner

from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS
from tandem.cli import main
from tandem.measures.actions import submit_response


def _answers(people: Any) -> None:
    submit_response(
        people.client_user, people.episode, "phq9", PHQ9_ANSWERS, session=people.session
    )
    submit_response(
        people.therapist,
        people.episode,
        "partnership_mirror",
        MIRROR_ANSWERS,
        session=people.session,
    )


def test_it_writes_one_row_per_answer_and_per_score(people: Any, tmp_path: Path) -> None:
    _answers(people)
    result = CliRunner().invoke(
        main, ["export", "--format", "csv", str(tmp_path), "--as", "therapist@harbour.test"]
    )
    assert result.exit_code == 0, result.output
    answers = pd.read_csv(tmp_path / "answers.csv")
    phq9 = answers[answers["instrument"] == "phq9"]
    assert (phq9["row_type"] == "item").sum() == 9
    total = phq9[phq9["row_type"] == "score"]
    assert list(total["value"]) == [9.0]
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert list(scores.columns) == ["episode_id", "session", "instrument", "score", "entry_method"]
    book = pd.read_csv(tmp_path / "codebook.csv")
    q1 = book[(book["instrument"] == "phq9") & (book["variable"] == "q1")].iloc[0]
    assert q1["loinc"] == "44250-9"
    assert "0=Not at all" in q1["values"]


def test_a_client_exports_only_their_own_answers(people: Any, tmp_path: Path) -> None:
    _answers(people)
    CliRunner().invoke(
        main, ["export", "--format", "parquet", str(tmp_path), "--as", "client@harbour.test"]
    )
    answers = pd.read_parquet(tmp_path / "answers.parquet")
    assert set(answers["instrument"]) == {"phq9"}


def test_an_outsider_exports_nothing_of_this_practice(people: Any, tmp_path: Path) -> None:
    _answers(people)
    CliRunner().invoke(
        main, ["export", "--format", "csv", str(tmp_path), "--as", "outsider@elsewhere.test"]
    )
    assert len(pd.read_csv(tmp_path / "answers.csv")) == 0


def test_the_fhir_export_has_questionnaires_and_episode_bundles(
    people: Any, tmp_path: Path
) -> None:
    _answers(people)
    result = CliRunner().invoke(main, ["export", "--format", "fhir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Questionnaire-phq9.json").exists()
    assert (tmp_path / "Questionnaire-partnership-mirror.json").exists()
    bundle = json.loads((tmp_path / f"Bundle-episode-{people.episode.pk}.json").read_text())
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["EpisodeOfCare", "QuestionnaireResponse", "QuestionnaireResponse"]
