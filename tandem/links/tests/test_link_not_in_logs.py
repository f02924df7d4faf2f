"""A link's token is a key: it is never written to a log line, as an invitation's is not."""

from __future__ import annotations

import logging

import pytest
from django.test import Client as Browser
from django.urls import reverse

from tandem.links.tests.conftest import path_of
from tandem.web.accesslog import SECRET_PATHS, SecretLinkFilter, loggable_path

pytestmark = pytest.mark.django_db


def test_the_access_log_leaves_the_token_out(made):
    token = path_of(made).split("/")[2]
    # By name, so that moving the link's pages cannot take them out of the table of secret paths.
    for path in (
        reverse("link_open", args=[token]),
        reverse("link_respond", args=[token, "phq9"]),
        reverse("link_support", args=[token]),
    ):
        assert path.startswith(SECRET_PATHS)
        assert token not in loggable_path(path)


def test_djangos_own_warnings_leave_it_out(people, made, caplog):
    from tandem.links.actions import revoke_link

    revoke_link(people.therapist, made.link)
    token = path_of(made).split("/")[2]
    caplog.handler.addFilter(SecretLinkFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert Browser().get(path_of(made)).status_code == 410
    assert caplog.records, "Django warns of a 410"
    assert token not in caplog.text
