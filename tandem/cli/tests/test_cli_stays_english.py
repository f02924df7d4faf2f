"""The command line is read by operators and scripts: English, whatever language the people it
names chose, their practice's, or the shell's (docs/i18n.md)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import translation

from tandem.cli import main

pytestmark = pytest.mark.django_db


def test_a_command_about_someone_who_reads_spanish_says_it_in_english(
    people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    people.client_user.language = "es"
    people.client_user.save(update_fields=["language"])
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("LANGUAGE", "es")
    made = CliRunner().invoke(main, ["link", "client@harbour.test"])
    assert made.exit_code == 0, made.output
    assert made.output.startswith("Questionnaire link for session 1 of Ada L.'s current episode")
    # The date is written the English way ("11 Dec", not "11 dic").
    from tandem.links.models import QuestionnaireLink
    from tandem.web import dates

    expires = QuestionnaireLink.objects.get().expires_at
    with translation.override("en-gb"):
        assert f" valid until {dates.day(expires)} " in made.output
    refused = CliRunner().invoke(main, ["link", "client@harbour.test", "--follow-up"])
    assert refused.exit_code == 1
    assert "Error: this client has no open follow-up check-in" in refused.output
    assert translation.get_language() == "en-gb"
