from __future__ import annotations

from typing import Any

import pytest

from tandem.links.actions import MadeLink, create_link


def path_of(made: MadeLink) -> str:
    """The link's address on this server (the part a browser asks for)."""
    return "/l/" + made.url.rstrip("/").rsplit("/", 1)[-1] + "/"


@pytest.fixture
def made(people: Any) -> MadeLink:
    """A link the therapist made for Ada's session, with the PHQ-9, GAD-7 and the session scale
    still to answer."""
    return create_link(people.therapist, people.session, via="therapist")


def calm_answers(instrument_id: str, **given: object) -> dict[str, object]:
    """Form data answering every required question with its first choice (no risk), plus
    ``given``."""
    from tandem.measures import registry

    instrument = registry.get(instrument_id)
    assert instrument is not None
    data: dict[str, object] = {}
    for item in instrument.items:
        if item.kind == "choice":
            data[item.id] = str(item.options[0].value)
        elif item.kind == "scale":
            data[item.id] = str(item.min)
        elif item.kind == "boolean":
            data[item.id] = "false"
        elif item.required:
            data[item.id] = "fine"
    return {**data, **{k: str(v) for k, v in given.items()}}


# The worker's queue and a local mail server, as the tasks app's tests run them.
from tandem.tasks.tests.conftest import db_tasks, run_worker, smtp  # noqa: E402, F401
