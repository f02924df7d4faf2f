"""The demo, seeded once per test module."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from tandem.demo import seed

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Seed once for each module, inside a transaction rolled back at the end.

    Each test runs in a savepoint within it, so no test sees another's changes and nothing is
    left behind for other modules.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # The suite uses a fast hasher (see conftest.py); hash the demo password with it too.
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                yield seed()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
