"""Every page carries the standard security headers, and a policy that forbids inline script."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_a_content_security_policy_without_unsafe_inline(client, people):
    client.force_login(people.therapist)
    response = client.get("/caseload/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_sends_the_other_standard_headers(client):
    response = client.get("/accounts/login/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_uses_inline_style_or_script():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text()
        if ' style="' in text or "<script>" in text or " onclick=" in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_the_health_checks_answer(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
