"""Error pages keep the site's look and a way back, and give nothing away (issue 17.15).

Run as in production (DEBUG off): 400, 403, a failed CSRF check, 404 and 500 each answer with the
site's header and stylesheet, a heading and a sentence in plain words, and a link to the home page;
never the exception's message or a traceback. The 500 page renders with no database and nobody
signed in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client as WebClient
from django.test import RequestFactory
from django.urls import path
from django.views.defaults import server_error

import tandem.urls

SECRET = "internal detail 7f3a"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


def missing(request: HttpRequest) -> HttpResponse:
    raise Http404(SECRET)


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/403/", forbidden),
    path("test-errors/404/", missing),
    *tandem.urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def production(settings: Any) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def looks_like_the_site(response: Any, heading: str) -> str:
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/tandem/tandem.css">' in html
    assert '<a class="brand" href="/">' in html
    assert f'<h1 id="error-h">{heading}</h1>' in html
    assert '<a class="button" href="/">Go to your home page</a>' in html
    assert SECRET not in html and "Traceback" not in html
    return html


def test_a_missing_page(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = looks_like_the_site(response, "Page not found")
    assert "There is no page at this address" in html
    # Signed in, the menu is there too.
    assert '<nav aria-label="Main">' in html and "Caseload" in html


def test_a_not_found_raised_by_a_view_says_no_more(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    looks_like_the_site(client.get("/test-errors/404/"), "Page not found")


def test_a_forbidden_page(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    response = client.get("/test-errors/403/")
    assert response.status_code == 403
    assert "ask your practice admin" in looks_like_the_site(response, "You cannot open this page")


def test_a_form_sent_without_its_csrf_token(db: Any) -> None:
    web = WebClient(enforce_csrf_checks=True)
    response = web.post("/accounts/login/", {"username": "a@b.test", "password": "x"})
    assert response.status_code == 403
    html = looks_like_the_site(response, "Please send the form again")
    assert "CSRF" not in html and "Referer" not in html


def test_a_bad_request(db: Any) -> None:
    response = WebClient().get("/accounts/login/", headers={"host": "not-ours.example"})
    assert response.status_code == 400
    looks_like_the_site(response, "Something in that request was not right")


def test_a_server_error(client: Any, people: Any) -> None:
    web = WebClient(raise_request_exception=False)
    web.force_login(people.therapist)
    response = web.get("/test-errors/500/")
    assert response.status_code == 500
    html = looks_like_the_site(response, "Something went wrong on our side")
    assert "Please try again in a few minutes" in html
    # Rendered with no context at all: no menu and no name, even for someone signed in.
    assert "<nav" not in html and people.therapist.email not in html


def test_the_server_error_page_needs_no_database() -> None:
    # No `db` fixture: any query here fails the test (pytest-django blocks the database).
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    looks_like_the_site(response, "Something went wrong on our side")
