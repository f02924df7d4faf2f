"""Every setting Tandem reads from the environment, read once, typed, with help.

This table feeds both ``tandem --help-settings`` and docs/settings.md (a test checks they agree).
Defaults fail closed: no debug, no placeholder secret. The one convenience is the single-machine
mode (no ``DATABASE_URL``): Tandem then keeps a generated secret key in its data directory, so that
``make demo`` works with nothing configured.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "TANDEM_DATA_DIR",
        "./var",
        "Where the SQLite database, the generated secret key, "
        "uploads and practice instrument files live.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "Database to use, e.g. postgres://user@host:5432/tandem. "
        "Empty: an SQLite file in TANDEM_DATA_DIR (single-machine mode).",
    ),
    Setting(
        "TANDEM_DB_PREPARED",
        "true",
        "PostgreSQL: prepare the busiest fixed statements once per connection. Set to false "
        "behind a connection pooler in transaction mode without prepared-statement support "
        "(PgBouncer before 1.21, or without max_prepared_statements).",
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Django's signing key. Required when DATABASE_URL is set; in "
        "single-machine mode one is generated and kept in TANDEM_DATA_DIR/secret_key.",
    ),
    Setting("TANDEM_DEBUG", "false", "Show debug pages. Never in production."),
    Setting(
        "ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names this server answers to."
    ),
    Setting(
        "TANDEM_HTTPS",
        "false",
        "Set to true behind TLS: secure cookies, HSTS and redirect to https.",
    ),
    Setting(
        "TANDEM_SITE_URL",
        "",
        "Public address of this server, e.g. https://tandem.example.org, for every absolute link "
        "(invitations, password resets, reminder and risk-alert emails, the worker). Empty: links "
        "made while answering a page use that page's own address; the worker uses TANDEM_BASE_URL.",
    ),
    Setting(
        "TANDEM_BASE_URL",
        "http://127.0.0.1:8000",
        "Older name for TANDEM_SITE_URL; when set, it is used as TANDEM_SITE_URL (if that is empty).",
    ),
    Setting(
        "TANDEM_INSTRUMENTS_DIR",
        "",
        "Folder of a practice's own instrument files (default: TANDEM_DATA_DIR/instruments).",
    ),
    Setting(
        "EMAIL_HOST",
        "",
        "SMTP server for invitations and reminders. Empty: emails are "
        "printed to the console (the demo).",
    ),
    Setting("EMAIL_PORT", "25", "SMTP port."),
    Setting("EMAIL_HOST_USER", "", "SMTP user name."),
    Setting("EMAIL_HOST_PASSWORD", "", "SMTP password."),
    Setting("EMAIL_USE_TLS", "false", "Use STARTTLS when talking to the SMTP server."),
    Setting("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>", "Sender of Tandem's emails."),
    Setting(
        "TANDEM_SMS_BACKEND",
        "console",
        "How text messages go out: console (printed, like emails without EMAIL_HOST: the demo), "
        "http (the SMS gateway at TANDEM_SMS_GATEWAY_URL) or off (clients are not offered texts). "
        "docs/deploy.md: setting up a gateway.",
    ),
    Setting(
        "TANDEM_SMS_GATEWAY_URL",
        "",
        "The gateway's address for sending a message (https), for TANDEM_SMS_BACKEND=http.",
    ),
    Setting(
        "TANDEM_SMS_API_KEY", "", "The key Tandem sends to the gateway (Authorization: Bearer)."
    ),
    Setting(
        "TANDEM_SMS_WEBHOOK_SECRET",
        "",
        "The secret the gateway signs delivery reports and replies (STOP) with; Tandem refuses "
        "every report while it is empty.",
    ),
    Setting("TANDEM_SMS_FROM", "Tandem", "The sender the gateway shows: a number or a short name."),
    Setting(
        "TANDEM_SMS_REGION",
        "GB",
        "Country (two letters) for mobile numbers typed without their +country code.",
    ),
    Setting(
        "TANDEM_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed sign-ins allowed before an account is locked for TANDEM_LOGIN_COOLOFF_MINUTES.",
    ),
    Setting("TANDEM_LOGIN_COOLOFF_MINUTES", "15", "How long a locked sign-in stays locked."),
    Setting(
        "TANDEM_TRUSTED_PROXIES",
        "0",
        "How many reverse proxies in front of Tandem add to X-Forwarded-For (1 behind one nginx). "
        "The audit trail and sign-in throttle then record the client's address, not the proxy's.",
    ),
    Setting("TANDEM_INVITATION_DAYS", "7", "How long an invitation link stays valid."),
    Setting(
        "TANDEM_STAFF_IDLE_MINUTES", "30", "Staff are signed out after this long without activity."
    ),
    Setting(
        "TANDEM_CLIENT_IDLE_MINUTES",
        "60",
        "Clients are signed out after this long without activity.",
    ),
    Setting(
        "TANDEM_SESSION_MAX_HOURS",
        "12",
        "Everyone is signed out this long after signing in, active or not.",
    ),
    Setting(
        "TANDEM_TASKS_BACKEND",
        "database",
        "Where background work runs: database (queued in the database for `tandem worker`) or "
        "immediate (inside the web process as soon as it is asked for: for tests and for trying "
        "Tandem without a worker; a slow task then holds up the page that asked for it).",
    ),
    Setting(
        "TANDEM_WORKER_STALE_SECONDS",
        "60",
        "A worker silent this long is taken as dead and its running task is queued again.",
    ),
    Setting(
        "TANDEM_LOG_FORMAT", "plain", "Log lines as plain text (plain) or one JSON object (json)."
    ),
    Setting(
        "TANDEM_LOG_LEVEL", "INFO", "Lowest level of Tandem's own log lines (DEBUG, INFO, WARNING)."
    ),
)


def env(name: str) -> str:
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(name, setting.default)
    raise KeyError(f"{name} is not a Tandem setting; add it to tandem.conf.SETTINGS")


def env_bool(name: str) -> bool:
    value = env(name).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"", "0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, got {value!r}")


def env_choice(name: str, choices: tuple[str, ...]) -> str:
    value = env(name).strip()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_int(name: str) -> int:
    value = env(name)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None


def data_dir() -> Path:
    return Path(env("TANDEM_DATA_DIR")).expanduser().resolve()


def instruments_dir() -> Path:
    configured = env("TANDEM_INSTRUMENTS_DIR")
    return Path(configured).expanduser().resolve() if configured else data_dir() / "instruments"


def secret_key() -> str:
    configured = env("SECRET_KEY")
    if configured:
        return configured
    if env("DATABASE_URL"):
        raise RuntimeError(
            "SECRET_KEY is not set. With DATABASE_URL set Tandem runs as a server and needs a "
            "secret key from the environment (see docs/deploy.md)."
        )
    path = data_dir() / "secret_key"
    if not path.exists():
        # Write then link, so that two processes starting together agree on one key and
        # neither ever reads a half-written file.
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def describe_settings() -> str:
    lines = ["Tandem reads these environment variables:", ""]
    for setting in SETTINGS:
        default = setting.default if setting.default else "(empty)"
        lines.append(f"  {setting.name}  [default: {default}]")
        lines.append(f"      {setting.help}")
    return "\n".join(lines)


def settings_markdown() -> str:
    """docs/settings.md, generated: `python -m tandem.conf > docs/settings.md`."""
    lines = [
        "# Settings",
        "",
        "Tandem reads its settings from environment variables, once, at start-up. The same list is",
        "printed by `tandem --help-settings`. Defaults fail closed: no debug, and no secret key",
        "outside single-machine mode. This page is generated by `python -m tandem.conf`.",
        "",
        "| Variable | Default | What it does |",
        "| --- | --- | --- |",
    ]
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else "(empty)"
        lines.append(f"| `{setting.name}` | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
