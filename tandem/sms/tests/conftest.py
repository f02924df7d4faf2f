from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tandem.sms.tests.gateway import API_KEY, SECRET, FakeGateway, GatewayServer

# The worker's queue, as the tasks app's tests run it.
from tandem.tasks.tests.conftest import db_tasks, run_worker, smtp  # noqa: F401


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    """Texts go to a fake gateway on this machine, as they would to a real one."""
    with GatewayServer() as fake:
        settings.TANDEM_SMS_BACKEND = "http"
        settings.TANDEM_SMS_GATEWAY_URL = fake.url
        settings.TANDEM_SMS_API_KEY = API_KEY
        settings.TANDEM_SMS_WEBHOOK_SECRET = SECRET
        settings.TANDEM_SMS_FROM = "Tandem"
        yield fake


MOBILE = "+447911123456"


@pytest.fixture
def verified(people: Any) -> Any:
    """Ada's verified mobile number, reminders by text."""
    from django.utils import timezone

    from tandem.sms.models import TextNumber

    return TextNumber.objects.create(
        client=people.client,
        given="07911 123456",
        number=MOBILE,
        verified_at=timezone.now(),
        reminders_by=TextNumber.TEXT,
    )
