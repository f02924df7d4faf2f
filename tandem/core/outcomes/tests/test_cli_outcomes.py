"""`tandem outcomes FILE [--json]`: the command-line contract of issue 4."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tandem.cli.outcomes import outcomes
from tandem.core.outcomes.tests.test_nhs_golden_file import EXPECTED, GOLDEN

KEYS = [
    "episodes",
    "not_ended",
    "finished",
    "paired",
    "at_caseness",
    "recovered",
    "recovery_rate",
    "reliable_improvement",
    "reliable_improvement_rate",
    "reliable_deterioration",
    "reliable_deterioration_rate",
    "reliable_recovery",
    "reliable_recovery_rate",
]


def golden(tmp_path: Path) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(GOLDEN)
    return path


def test_it_prints_one_json_object_with_exactly_the_agreed_keys(tmp_path: Path) -> None:
    result = CliRunner().invoke(outcomes, [str(golden(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == KEYS
    assert data == EXPECTED


def test_it_prints_null_rates_when_nothing_is_finished(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("episode_id,session,instrument,score\na,1,phq9,20\na,1,gad7,15\n")
    data = json.loads(CliRunner().invoke(outcomes, [str(path), "--json"]).stdout)
    assert data["recovery_rate"] is None
    assert data["reliable_improvement_rate"] is None


def test_it_prints_a_readable_report_without_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(outcomes, [str(golden(tmp_path))])
    assert result.exit_code == 0
    assert "Recovered" in result.stdout
    assert "25.0%" in result.stdout
    assert "1 rows for other instruments" in result.stdout


def test_it_exits_non_zero_with_the_line_and_prints_no_report(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("episode_id,session,instrument,score\na,1,phq9,14\na,1,gad7,30\n")
    result = CliRunner().invoke(outcomes, [str(path), "--json"])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "line 3" in result.stderr and "GAD-7" in result.stderr


def test_it_needs_a_file_or_from_db() -> None:
    assert CliRunner().invoke(outcomes, []).exit_code == 2


def test_it_has_help_with_examples() -> None:
    result = CliRunner().invoke(outcomes, ["--help"])
    assert "Examples:" in result.output
    assert "tandem outcomes scores.csv" in result.output


def test_it_does_not_import_django_for_a_file(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tandem.cli import main\n"
        f"r = CliRunner().invoke(main, ['outcomes', {str(golden(tmp_path))!r}, '--json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('django' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reading_a_text_id_file_does_not_import_pandas(tmp_path: Path) -> None:
    # Issue 15 (speed): pandas costs the command a third of a second at start-up; two pyarrow
    # calls on the text-id path imported it (a comparison with "" and pa.array on a numpy mask).
    path = tmp_path / "ids.csv"
    path.write_text(
        "episode_id,session,instrument,score,ended,problem\n"
        "a,1,phq9,12,1,none\na,1,gad7,9,1,none\na,2,phq9,6,1,none\na,2,gad7,5,1,none\n"
        "b,1,partnership,7.5,1,none\n"  # an episode with only skipped rows
    )
    code = (
        "import sys\n"
        "from tandem.core.outcomes.long_table import read_long_arrays\n"
        "from tandem.core.outcomes.nhs import outcome_columns\n"
        f"arrays, ignored = read_long_arrays({str(path)!r})\n"
        "columns = outcome_columns(arrays)\n"
        "assert ignored == 1 and list(columns['episode_id'].to_pylist()) == ['a']\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
