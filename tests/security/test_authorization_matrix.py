"""The authorisation matrix: every page, every kind of person, every method — zero leaks.

Routes come from the URL resolver, so a new page is covered automatically: a route missing from
ROUTES fails the coverage test. For each route the table says who may use it on one client's
(Ada's) objects. Everyone else must get no 2xx (a 404, 403, 405 or a redirect to sign in), and no
response to anyone may carry a canary string they are not entitled to see.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.web.words import plain_spaces
from tests.security.world import NAME, PERSONAS, SEES, build_world

pytestmark = pytest.mark.django_db

ALL = set(PERSONAS)
SIGNED_IN = ALL - {"anonymous"}
STAFF_THERAPISTS = {"therapist", "colleague", "outsider"}
SUPERVISORS = {"supervisor_without_consent", "supervisor_with_consent"}
CLIENTS = {"client", "other_client", "outsider_client"}
ADMIN = {"admin"}
ADA_THERAPIST = {"therapist"}
ADA_READERS = {"therapist", "supervisor_with_consent"}

# name -> (kwargs from the world, methods, who may use it on Ada's objects)
# POST is sent only by those NOT allowed (a POST by an allowed person would change the world
# under the other rows); what allowed people can do is covered by the behaviour tests.
ROUTES: dict[str, tuple[dict[str, str], tuple[str, ...], set[str]]] = {
    "home": ({}, ("GET",), SIGNED_IN),
    "healthz": ({}, ("GET",), ALL),
    "readyz": ({}, ("GET",), ALL),
    "login": ({}, ("GET",), ALL),
    "two_factor_verify": ({}, ("GET", "POST"), ALL),
    "two_factor_setup": ({}, ("GET",), SIGNED_IN),
    "logout": ({}, ("POST",), ALL),
    "accept_invitation": ({"token": "invite_token"}, ("GET",), ALL),
    "signed_in_sessions": ({}, ("GET",), SIGNED_IN),
    "account_language": ({}, ("POST",), SIGNED_IN),
    "password_change": ({}, ("GET",), SIGNED_IN),
    "password_reset": ({}, ("GET",), ALL),
    "password_reset_done": ({}, ("GET",), ALL),
    "password_reset_confirm": ({"uidb64": "=MQ", "token": "=not-a-real-token"}, ("GET",), ALL),
    "password_reset_complete": ({}, ("GET",), ALL),
    "practice_people": ({}, ("GET",), ADMIN),
    "practice_invite": ({}, ("POST",), ADMIN),
    "practice_two_factor": ({}, ("POST",), ADMIN),
    "practice_language": ({}, ("GET", "POST"), ADMIN),
    "practice_invitation_resend": ({"pk": "staff_invitation"}, ("POST",), ADMIN),
    "practice_invitation_withdraw": ({"pk": "staff_invitation"}, ("POST",), ADMIN),
    "practice_clients": ({}, ("GET",), ADMIN),
    "practice_client": ({"pk": "client"}, ("GET",), ADMIN),
    "practice_assign": ({"pk": "client"}, ("POST",), ADMIN),
    "practice_erase_client": ({"pk": "client"}, ("GET", "POST"), ADMIN),
    "practice_supervision": ({}, ("POST",), ADMIN),
    "practice_schedules": ({}, ("GET", "POST"), ADMIN),
    "practice_reminders": ({}, ("GET", "POST"), ADMIN),
    "practice_links": ({}, ("GET", "POST"), ADMIN),
    "practice_safety": ({}, ("GET", "POST"), ADMIN),
    "practice_risk": ({}, ("GET",), ADMIN | SUPERVISORS),
    "practice_report": ({}, ("GET",), ADMIN | SUPERVISORS),
    "alert_replay": ({}, ("GET",), ADMIN | SUPERVISORS),
    "client_audit": ({"pk": "client"}, ("GET",), ADMIN),
    "practice_log": ({}, ("GET",), ADMIN),
    "portal_home": ({}, ("GET",), CLIENTS),
    "portal_progress": ({}, ("GET",), CLIENTS),
    "portal_respond": (
        {"pk": "session", "instrument_id": "=partnership"},
        ("GET", "POST"),
        {"client"},
    ),
    "portal_goal_progress": ({"pk": "goal"}, ("POST",), {"client"}),
    "portal_practice_plan": ({}, ("GET",), CLIENTS),
    "portal_practice_plan_moved": ({}, ("GET",), CLIENTS),
    "portal_log_practice_plan": ({"pk": "plan"}, ("POST",), {"client"}),
    "portal_pause": ({}, ("POST",), CLIENTS),
    "portal_settings": ({}, ("GET", "POST"), CLIENTS),
    "portal_support": ({}, ("GET",), CLIENTS),
    "portal_safety_plan": ({}, ("GET", "POST"), CLIENTS),
    "portal_who_viewed": ({}, ("GET",), CLIENTS),
    "portal_my_record": ({}, ("GET",), CLIENTS),  # the right of access (16.3)
    "acknowledge_risk": ({"pk": "alert"}, ("POST",), ADA_THERAPIST | ADMIN | SUPERVISORS),
    "therapist_safety_plan": ({"pk": "client"}, ("GET", "POST"), ADA_THERAPIST),
    "caseload": ({}, ("GET",), STAFF_THERAPISTS),
    "add_client": ({}, ("GET", "POST"), STAFF_THERAPISTS),
    "client_detail": ({"pk": "client"}, ("GET",), ADA_READERS),
    "client_record_download": ({"pk": "client"}, ("GET",), ADA_THERAPIST),  # 16.3
    "invite_client": ({"pk": "client"}, ("POST",), ADA_THERAPIST),
    "new_episode": ({"pk": "client"}, ("POST",), ADA_THERAPIST),
    "new_session": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "pause_episode": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "resume_episode": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "end_episode": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "episode_problem": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "add_goal": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "edit_goal": ({"pk": "goal"}, ("POST",), ADA_THERAPIST),
    "add_plan": ({"pk": "episode"}, ("POST",), ADA_THERAPIST),
    "plan_active": ({"pk": "plan"}, ("POST",), ADA_THERAPIST),
    "session_detail": ({"pk": "session"}, ("GET",), ADA_READERS),
    "upload_transcript": ({"pk": "session"}, ("POST",), ADA_READERS),
    "edit_session": ({"pk": "session"}, ("GET", "POST"), ADA_THERAPIST),
    "delete_session": ({"pk": "session"}, ("POST",), ADA_THERAPIST),
    "progress_report": ({"pk": "episode"}, ("GET",), ADA_READERS),
    "progress_report_pdf": ({"pk": "episode"}, ("GET",), ADA_READERS),
    "supervision": ({}, ("GET",), SUPERVISORS),
    "respond": (
        {"pk": "session", "instrument_id": "=partnership_mirror"},
        ("GET", "POST"),
        ADA_THERAPIST,
    ),
    # Answers Ada gave on paper or by phone: her therapist enters them, nobody else (19.5).
    "enter_answers": ({"pk": "session", "instrument_id": "=gad7"}, ("GET", "POST"), ADA_THERAPIST),
    "selfcare": ({}, ("GET", "POST"), STAFF_THERAPISTS),
    # A device handed to a client (tandem/room): only Ada's therapist hands her session over, and
    # the room's pages answer only a browser holding a handover, which no one here does.
    "room_hand_over": ({"pk": "session"}, ("POST",), ADA_THERAPIST),
    "room": ({}, ("GET",), set()),
    "room_respond": ({"instrument_id": "=partnership"}, ("GET", "POST"), set()),
    "room_support": ({}, ("GET",), set()),
    "room_still_here": ({}, ("POST",), set()),
    "room_lock": ({}, ("POST",), set()),
    "room_unlock": ({}, ("POST",), set()),
    "practice_room": ({}, ("GET", "POST"), ADMIN),
    # Text messages (tandem/sms): a client's own number; the admin's quiet hours and counts.
    "portal_texts": ({}, ("GET", "POST"), CLIENTS),
    "practice_texts": ({}, ("GET", "POST"), ADMIN),
    # The SMS gateway's webhooks: only a request signed with the shared secret, which no one has.
    "sms_status": ({}, ("GET", "POST"), set()),
    "sms_reply": ({}, ("GET", "POST"), set()),
    # Personal questionnaire links: the token is the key, whoever holds it (tandem/links). The
    # canaries check that the link's pages show nothing of Ada's record, not even her name.
    "link_open": ({"token": "link_token"}, ("GET",), ALL),
    "link_support": ({"token": "link_token"}, ("GET",), ALL),
    "link_respond": ({"token": "link_token", "instrument_id": "=gad7"}, ("GET", "POST"), ALL),
    "make_link": ({"pk": "session"}, ("POST",), ADA_THERAPIST),
    "withdraw_link": ({"pk": "link"}, ("POST",), ADA_THERAPIST | ADMIN),
    # The follow-up check-in after the ending (tandem/followup): Ada's own; her request to come
    # back is her therapist's, and the admin's only once that therapist has left.
    "followup_check_in": ({"pk": "follow_up"}, ("GET",), {"client"}),
    "followup_answer": (
        {"pk": "follow_up", "instrument_id": "=talk_again"},
        ("GET", "POST"),
        {"client"},
    ),
    "returning_acknowledge": ({"pk": "returning"}, ("POST",), ADA_THERAPIST),
    "returning_close": ({"pk": "returning"}, ("POST",), ADA_THERAPIST),
    "practice_returning": ({}, ("GET",), ADMIN),
    "api_tokens": ({}, ("GET", "POST"), SIGNED_IN - CLIENTS),  # a developer page, staff only (17.8)
    "api_token_revoke": ({"pk": "token"}, ("POST",), ADA_THERAPIST),
}
# Where a person sees a name they otherwise may not, on purpose: a risk alert is a safety matter,
# so a supervisor follows it up even where the client has not consented to supervision
# (docs/safety.md). They still see none of the client's answers.
EXCEPTIONS = {("supervisor_without_consent", "practice_risk"): {NAME}}

# The JSON API is checked operation by operation from its OpenAPI description
# (tests/security/test_api_matrix.py); the Django admin site is for superusers only.
API_PREFIX = "api/v1/"


def web_routes() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith(("django-admin/", API_PREFIX)):
                    continue
                found[pattern.name or route] = route

    walk(get_resolver().url_patterns)
    return found


def test_every_route_is_in_the_matrix():
    missing = sorted(set(web_routes()) - set(ROUTES))
    assert missing == [], f"add these routes to ROUTES with who may use them: {missing}"


def url_for(world, name: str) -> str:
    kwargs, _, _ = ROUTES[name]
    resolved = {k: (v[1:] if v.startswith("=") else world.objects[v]) for k, v in kwargs.items()}
    return reverse(name, kwargs=resolved)


def test_no_one_reaches_what_is_not_theirs(people):
    world = build_world(people)
    leaks, tried = [], 0
    for persona in PERSONAS:
        browser = world.browser(persona)
        # Signing out is tried last, so it does not end this persona's session under the others.
        for name in sorted(web_routes(), key=lambda n: n == "logout"):
            _, methods, allowed = ROUTES[name]
            url = url_for(world, name)
            for method in methods:
                if method == "POST" and persona in allowed:
                    continue
                response = browser.get(url) if method == "GET" else browser.post(url, {})
                tried += 1
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                # A name shown with a no-break space (kept_together) is still the name.
                text = plain_spaces(body.decode("utf-8", "replace"))
                excused = EXCEPTIONS.get((persona, name), set())
                for canary, entitled in SEES.items():
                    if persona not in entitled and canary not in excused and canary in text:
                        leaks.append(f"{persona} {method} {url}: body shows {canary!r}")
                if persona in allowed:
                    if response.status_code >= 500 or response.status_code in (403, 404):
                        leaks.append(
                            f"{persona} {method} {url}: refused ({response.status_code}) but should be allowed"
                        )
                    continue
                denied = response.status_code in (403, 404, 405) or (
                    response.status_code == 302 and response.url.startswith("/accounts/")
                )
                if not denied:
                    leaks.append(
                        f"{persona} {method} {url}: answered {response.status_code}, expected a refusal"
                    )
    assert tried > 400
    assert leaks == [], "\n".join(leaks)
    print(
        f"\nweb matrix: {len(web_routes())} routes, {len(PERSONAS)} kinds of person, {tried} requests, 0 leaks"
    )


def test_every_form_needs_its_csrf_token(people):
    world = build_world(people)
    missing = []
    for name in sorted(web_routes()):
        _, methods, allowed = ROUTES[name]
        if "POST" not in methods or name in {"login", "two_factor_verify"}:
            continue
        persona = sorted(allowed - {"anonymous"})[0] if allowed - {"anonymous"} else None
        if persona is None:
            continue
        response = world.browser(persona, csrf=True).post(url_for(world, name), {})
        if response.status_code != 403:
            missing.append(f"{name} as {persona}: {response.status_code}")
    assert missing == [], "POST accepted without a CSRF token: " + ", ".join(missing)
