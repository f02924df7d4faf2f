"""Every command is documented: help text with an example, and a mention in the README."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import COMMANDS, main
from tandem.conf import SETTINGS, describe_settings, settings_markdown

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_it_gives_every_command_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"]) if name != "manage" else None
    if name == "manage":
        command = main.get_command(None, "manage")
        text = command.help
    else:
        assert result.exit_code == 0, result.output
        text = result.output
    assert "Examples:" in text, f"`tandem {name} --help` has no example"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_it_mentions_every_command_in_the_readme(name):
    assert f"tandem {name}" in (ROOT / "README.md").read_text()


def test_it_documents_every_setting_in_the_docs_and_the_help():
    docs = (ROOT / "docs" / "settings.md").read_text()
    assert docs == settings_markdown(), (
        "docs/settings.md is stale: python -m tandem.conf > docs/settings.md"
    )
    text = describe_settings()
    for setting in SETTINGS:
        assert setting.name in text


def test_it_prints_the_settings_with_help_settings():
    result = CliRunner().invoke(main, ["--help-settings"])
    assert result.exit_code == 0 and "DATABASE_URL" in result.output
