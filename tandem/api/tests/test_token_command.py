"""`tandem token create` prints the token alone on its last line; the token works."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from tandem.api.models import AccessToken
from tandem.api.tests.conftest import Api
from tandem.cli import main


def test_it_prints_a_working_token_on_the_last_line(people: Any) -> None:
    result = CliRunner().invoke(
        main, ["token", "create", "therapist@harbour.test", "--name", "sync", "--read-only"]
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("tdm_") and " " not in secret
    assert Api(secret).get("/me").json()["token_read_only"] is True
    assert AccessToken.objects.get().name == "sync"


def test_it_lists_and_revokes(people: Any) -> None:
    runner = CliRunner()
    runner.invoke(main, ["token", "create", "therapist@harbour.test"])
    made = AccessToken.objects.get()
    listed = runner.invoke(main, ["token", "list", "therapist@harbour.test"])
    assert made.prefix in listed.output
    assert runner.invoke(main, ["token", "revoke", str(made.pk)]).exit_code == 0
    made.refresh_from_db()
    assert made.revoked_at is not None


def test_it_names_an_unknown_person(people: Any) -> None:
    result = CliRunner().invoke(main, ["token", "create", "nobody@harbour.test"])
    assert result.exit_code != 0
    assert "nobody@harbour.test" in result.output
