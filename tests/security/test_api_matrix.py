"""The API's authorisation matrix: every operation in the OpenAPI description × every kind of person.

Operations come from the OpenAPI description, so a new one is covered automatically. Each is
called with a personal access token for each kind of person, on one client's (Ada's) objects.
No one may get another person's data: item operations on Ada's objects answer 401/403/404 to
everyone not entitled; writes by them change nothing; and no body carries a canary string the
caller is not entitled to see.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client as Browser

from tandem.api.actions import create_token
from tandem.api.api import api
from tandem.care.models import Episode, Session
from tandem.followup.models import ReturningRequest
from tandem.links.models import QuestionnaireLink
from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.sms.models import TextMessage, TextNumber
from tests.security.world import PERSONAS, SEES, build_world

pytestmark = pytest.mark.django_db

# Who may read Ada's objects through the API; for writes, only her therapist (and she herself,
# for her own questionnaires).
READERS = {"therapist", "supervisor_with_consent", "client"}
WRITERS = {"therapist", "client"}
OWN_OBJECT_PARAMS = {
    "client_id",
    "episode_id",
    "session_id",
    "response_id",
    "follow_up_id",
    "returning_request_id",
}
# Operations read by fewer (or other) people than READERS, by path.
READERS_OF = {
    # The practice admin manages client names and assignments (never their answers).
    "/api/v1/clients/{client_id}": READERS | {"admin"},
    # A client's texts: the client and their therapist; no supervisor, no admin (counts only).
    "/api/v1/clients/{client_id}/texts": {"therapist", "client"},
    "/api/v1/clients/{client_id}/texts/history": {"therapist", "client"},
    # Returning-client requests: the therapist (the admin only once the therapist has left).
    "/api/v1/returning-requests/{returning_request_id}": {"therapist"},
    # Hand-overs are the practice's: not the client's.
    "/api/v1/sessions/{session_id}/handovers": {"therapist", "supervisor_with_consent"},
}
# Ada's mobile number: the API shows it to no one (docs/security.md, "Text messages").
MOBILE = "+447700900461"


def operations() -> list[tuple[str, str, dict]]:
    spec = api.get_openapi_schema()
    return [
        (method.upper(), path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    ]


def _problems() -> list[str]:
    return list(Episode.objects.order_by("pk").values_list("problem", flat=True))


def _state() -> tuple[object, ...]:
    """What a write changes: sessions, responses, problems, questionnaire links, the handling
    of returning-client requests."""
    return (
        Session.objects.count(),
        Response.objects.count(),
        _problems(),
        QuestionnaireLink.objects.count(),
        list(
            ReturningRequest.objects.order_by("pk").values_list(
                "acknowledged_at", "closed_at", "close_note"
            )
        ),
    )


def _texts_and_handover(people: object) -> None:
    """Ada's texts (one failed with the gateway echoing her number) and a hand-over."""
    from django.utils import timezone

    client, practice = people.client, people.practice  # type: ignore[attr-defined]
    TextNumber.objects.create(
        client=client, given=MOBILE, number=MOBILE, verified_at=timezone.now()
    )
    TextMessage.objects.create(
        practice=practice,
        client=client,
        to=MOBILE,
        purpose=TextMessage.REMINDER,
        status=TextMessage.FAILED,
        reason=f"the gateway refused the message (400: {MOBILE} unreachable)",
    )
    Handover.objects.create(
        practice=practice,
        therapist=people.therapist,  # type: ignore[attr-defined]
        client=client,
        session=people.session,  # type: ignore[attr-defined]
        idle_seconds=180,
    )


def test_the_api_has_operations_to_check():
    assert len(operations()) >= 15


def test_no_token_reaches_what_is_not_theirs(people):
    world = build_world(people)
    ada = world.objects
    _texts_and_handover(people)
    fresh = Session.objects.create(episode=people.episode, number=2, date=date(2026, 11, 20))
    response_id = (
        Response.objects.filter(episode=people.episode, instrument_id="partnership").first().pk
    )
    values = {
        "client_id": ada["client"],
        "episode_id": ada["episode"],
        "session_id": ada["session"],
        "response_id": response_id,
        "instrument_id": "phq9",
        "analysis_id": 999999,
        "follow_up_id": ada["follow_up"],
        "returning_request_id": ada["returning"],
    }
    query = {
        "episode": ada["episode"],
        "client": ada["client"],
        "subject": ada["client"],
        "session": ada["session"],
    }
    bodies = {
        "/api/v1/episodes/{episode_id}": {"problem": "ptsd"},
        "/api/v1/sessions": {
            "episode": ada["episode"],
            "date": "2026-11-21",
            "attendance": "attended",
        },
        "/api/v1/responses": {
            "instrument": "partnership",
            "episode": ada["episode"],
            "session": fresh.pk,
            "answers": {"heard": 1, "focus": 1, "fit": 1, "together": 1, "takeaway": 1},
        },
        "/api/v1/transcripts": {
            "episode": ada["episode"],
            "session": ada["session"],
            "text": "T: How are you?\nC: Fine.",
            "format": "text",
        },
        "/api/v1/fhir/Bundle": {"resourceType": "Bundle", "type": "collection", "entry": []},
        "/api/v1/returning-requests/{returning_request_id}/close": {"note": "closed by a stranger"},
    }
    tokens = {}
    for persona in PERSONAS:
        user = world.user(persona)
        tokens[persona] = None if user is None else create_token(user, user, f"matrix {persona}")[1]
    problems, tried = [], 0
    for persona in PERSONAS:
        if persona == "supervisor_with_consent" or persona == "supervisor_without_consent":
            world.browser(persona)  # sets the client's consent to match this row
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[persona]}"} if tokens[persona] else {}
        browser = Browser()
        for method, path, op in operations():
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            url = path
            for name in names:
                url = url.replace("{" + name + "}", str(values[name]))
            params = {
                p["name"]: query[p["name"]]
                for p in op.get("parameters", [])
                if p["in"] == "query" and p["name"] in query
            }
            on_ada = bool(names & OWN_OBJECT_PARAMS) or bool(
                set(params) & {"episode", "client", "subject", "session"}
            )
            if method == "GET":
                response = browser.get(url, params, **headers)
            else:
                if persona in WRITERS:
                    continue  # their writes are the behaviour tests' business
                before = _state()
                response = browser.generic(
                    method,
                    url + (f"?episode={ada['episode']}" if "Bundle" in url else ""),
                    json.dumps(bodies.get(path, {})),
                    content_type="application/json",
                    **headers,
                )
                after = _state()
                if after != before:
                    problems.append(f"{persona} {method} {path}: the write went through")
                if response.status_code < 400:
                    problems.append(f"{persona} {method} {path}: answered {response.status_code}")
            tried += 1
            text = response.content.decode("utf-8", "replace")
            if response.status_code >= 500:
                problems.append(f"{persona} {method} {url}: server error {response.status_code}")
            for canary, entitled in SEES.items():
                if persona not in entitled and canary in text:
                    problems.append(f"{persona} {method} {url}: body shows {canary!r}")
            if MOBILE in text or MOBILE[3:] in text:
                problems.append(f"{persona} {method} {url}: body shows Ada's mobile number")
            readers = READERS_OF.get(path, READERS)
            if (
                method == "GET"
                and on_ada
                and persona not in readers
                and response.status_code < 400
                and names & OWN_OBJECT_PARAMS
            ):
                problems.append(
                    f"{persona} {method} {url}: answered {response.status_code} for Ada's object"
                )
            if (
                persona == "anonymous"
                and op.get("security") != []
                and response.status_code not in (401, 403)
                and path != "/api/v1/"
            ):
                problems.append(f"anonymous {method} {url}: {response.status_code}, expected 401")
    assert tried > 100
    assert problems == [], "\n".join(problems)
    print(
        f"\nAPI matrix: {len(operations())} operations, {len(PERSONAS)} kinds of person, {tried} requests, 0 leaks"
    )
