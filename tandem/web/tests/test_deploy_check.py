"""`manage.py check --deploy` is clean with production settings, and the server fails closed."""

import os
import secrets
import subprocess
import sys


def run_tandem(args, **env):
    full = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "TANDEM_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "tandem.cli", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=120,
    )


def test_the_deploy_checklist_is_clean_with_production_settings(tmp_path):
    result = run_tandem(
        ["manage", "check", "--deploy", "--fail-level", "WARNING"],
        TANDEM_DATA_DIR=str(tmp_path),
        TANDEM_HTTPS="true",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="tandem.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_as_a_server_without_a_secret_key(tmp_path):
    result = run_tandem(
        ["manage", "check"],
        TANDEM_DATA_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/nothing",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    result = run_tandem(
        ["manage", "shell", "-c", "from django.conf import settings; print(settings.DEBUG)"],
        TANDEM_DATA_DIR=str(tmp_path),
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
