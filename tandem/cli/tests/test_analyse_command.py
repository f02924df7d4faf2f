import json

from click.testing import CliRunner

from tandem.cli.analyse import analyse
from tandem.core.transcripts.tests.conftest import FIXTURES


def test_it_prints_a_readable_report():
    result = CliRunner().invoke(analyse, [str(FIXTURES / "session.txt")])
    assert result.exit_code == 0, result.output
    assert "Session 1:" in result.output
    assert "Reflection : question" in result.output
    assert "Estimated quality" in result.output


def test_it_prints_json_with_the_format_given():
    result = CliRunner().invoke(
        analyse, [str(FIXTURES / "annomi_like.csv"), "--format", "annomi", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["id"] for s in data["sessions"]] == ["7", "12"]


def test_it_maps_speakers_given_on_the_command_line():
    result = CliRunner().invoke(
        analyse,
        [str(FIXTURES / "names.txt"), "--json", "--speaker", "Dr Lee=therapist",
         "--speaker", "Sam=client"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    speakers = [u["speaker"] for u in json.loads(result.output)["sessions"][0]["utterances"]]
    assert speakers == ["therapist", "client", "therapist"]


def test_it_reads_standard_input():
    result = CliRunner().invoke(analyse, ["-", "--json"], input="T: Hello?\nC: Hi.\n")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["sessions"][0]["utterances"]) == 2


def test_it_says_which_line_is_wrong_and_fails():
    result = CliRunner().invoke(analyse, ["-"], input="T: Hello\nBob: Hi\n")
    assert result.exit_code == 1
    assert "line 2" in result.output and "'Bob'" in result.output


def test_it_rejects_a_malformed_speaker_option():
    result = CliRunner().invoke(analyse, ["-", "--speaker", "Bob"], input="T: Hi\n")
    assert result.exit_code == 2
    assert "NAME=therapist" in result.output


def test_it_rejects_a_file_that_is_not_utf8():
    result = CliRunner().invoke(analyse, ["-"], input=b"T: Hi\nC: caf\xe9\n")
    assert result.exit_code == 1
    assert "line 2" in result.output and "UTF-8" in result.output


def test_it_says_why_a_short_transcript_gets_no_quality_estimate(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("T: Hello.\nC: Hi.\nT: How are you?\nC: Fine.\n")
    result = CliRunner().invoke(analyse, [str(short)])
    assert result.exit_code == 0, result.output
    assert "Estimated quality:         not given" in result.output
    assert (
        "Too short to judge overall quality: the transcript has 2 therapist turns" in result.output
    )
