"""`tandem link EMAIL [--session N]` prints a link, alone on the last line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client as Browser

from tandem.audit.models import AuditEvent
from tandem.care.models import Session
from tandem.cli.link import link

pytestmark = pytest.mark.django_db


def test_it_prints_the_link_alone_on_the_last_line(people):
    result = CliRunner().invoke(link, ["client@harbour.test"])
    assert result.exit_code == 0, result.output
    url = result.output.strip().splitlines()[-1]
    assert url.startswith("http") and "/l/" in url and " " not in url
    path = "/l/" + url.rstrip("/").rsplit("/", 1)[-1] + "/"
    page = Browser().get(path)
    assert page.status_code == 200
    assert AuditEvent.objects.get(action="link.create").detail["via"] == "command line"


def test_it_takes_a_session_number(people):
    Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    result = CliRunner().invoke(link, ["client@harbour.test", "--session", "1"])
    assert result.exit_code == 1 and "Nothing is waiting" in result.output
    result = CliRunner().invoke(link, ["client@harbour.test", "--session", "2"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(link, ["client@harbour.test", "--session", "9"])
    assert result.exit_code == 1 and "no session 9" in result.output


def test_it_says_when_no_client_has_that_address(people):
    result = CliRunner().invoke(link, ["therapist@harbour.test"])
    assert result.exit_code == 1 and "no client signs in with" in result.output
