"""Django settings, all read from the environment through tandem.conf (see `tandem --help-settings`)."""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from tandem import conf

BASE_DIR = conf.data_dir()
DEBUG = conf.env_bool("TANDEM_DEBUG")
SECRET_KEY = conf.secret_key()
ALLOWED_HOSTS = [h.strip() for h in conf.env("ALLOWED_HOSTS").split(",") if h.strip()]
# The older name, when it is set, counts as TANDEM_SITE_URL (an operator who set it meant it).
TANDEM_SITE_URL = (
    conf.env("TANDEM_SITE_URL").strip() or os.environ.get("TANDEM_BASE_URL", "").strip()
).rstrip("/")
# Links made without a request (the worker's emails) use this; TANDEM_SITE_URL wins when set.
TANDEM_BASE_URL = TANDEM_SITE_URL or conf.env("TANDEM_BASE_URL").rstrip("/")
TANDEM_INSTRUMENTS_DIR = conf.instruments_dir()
TANDEM_INVITATION_DAYS = conf.env_int("TANDEM_INVITATION_DAYS")
TANDEM_TRUSTED_PROXIES = conf.env_int("TANDEM_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "tandem.web",
    # The clinical core imports no Django and has no models: it is listed only so that Django
    # finds the translations of its sentences in tandem/core/locale/, as it does every app's
    # (tandem/core/words.py, docs/i18n.md).
    "tandem.core",
    "tandem.accounts",
    "tandem.care",
    "tandem.measures",
    "tandem.portal",
    "tandem.reports",
    "tandem.audit",
    "tandem.safety",
    "tandem.api",
    "tandem.transcripts",
    "django_tasks",
    "django_tasks_db",
    "tandem.tasks",
    "tandem.reminders",
    "tandem.room",
    "tandem.links",
    "tandem.sms",
    "tandem.followup",
    # Last, so that Tandem's own registration templates win over the admin site's.
    "django.contrib.admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person's language (theirs, else their browser's, else their practice's): after the
    # person is known, before anything that says something to them (docs/i18n.md).
    "tandem.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tandem.accounts.middleware.SessionTimeoutMiddleware",
    "tandem.accounts.middleware.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that its locked screen carries every header the others add; while a device is
    # handed to a client it answers every address but the room's own (docs/security.md).
    "tandem.room.middleware.HandoverMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.web.context.navigation",
            ],
            # One way of writing dates on every page: {{ value|day }} and {{ value|when }}; the
            # core's sentences in the reader's language: {{ alert|say }}.
            "builtins": ["tandem.web.templatetags.dates", "tandem.web.words"],
        },
    },
]

# --- Database: SQLite in the data dir by default, PostgreSQL in production -----------------------
_database_url = conf.env("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    # Checked at the start of each request that reuses a connection; on PostgreSQL without a
    # round trip (tandem.db.postgresql: a SELECT 1 only when the server has spoken on the socket).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "tandem.db.postgresql"
    TANDEM_DB_PREPARED = conf.env_bool("TANDEM_DB_PREPARED")
else:
    BASE_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "tandem.sqlite3",
            "OPTIONS": {
                # A server, not a desktop file: write-ahead log so readers never block the writer,
                # wait for a lock instead of failing, and take the write lock at BEGIN so two
                # writers cannot deadlock upgrading read locks.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's, comparing the password with Tandem's people's email and name, and naming them in
    # the reader's language.
    {"NAME": "tandem.django_words.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = conf.env_int("TANDEM_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=conf.env_int("TANDEM_LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form field; axes would otherwise look for "email"
AXES_LOCKOUT_CALLABLE = "tandem.accounts.views.signing_in_paused"
AXES_VERBOSE = False
# The same client address the audit trail records (honours TANDEM_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "tandem.audit.chain.client_ip"

# --- Sessions, cookies, headers ------------------------------------------------------------------
TANDEM_STAFF_IDLE_SECONDS = conf.env_int("TANDEM_STAFF_IDLE_MINUTES") * 60
TANDEM_CLIENT_IDLE_SECONDS = conf.env_int("TANDEM_CLIENT_IDLE_MINUTES") * 60
TANDEM_SESSION_MAX_SECONDS = conf.env_int("TANDEM_SESSION_MAX_HOURS") * 3600
SESSION_COOKIE_AGE = TANDEM_SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy: only this server's own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if conf.env_bool("TANDEM_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Uploads: bounded, so a huge file is refused before it is read into memory -----------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # request bodies (JSON, forms): 10 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads go to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# --- Email ---------------------------------------------------------------------------------------
if conf.env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = conf.env("EMAIL_HOST")
    EMAIL_PORT = conf.env_int("EMAIL_PORT")
    EMAIL_HOST_USER = conf.env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = conf.env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = conf.env_bool("EMAIL_USE_TLS")
    # Seconds each step of the mail server's conversation may take (Django waits forever without
    # one): a send ends well inside the time after which another run may take over an email whose
    # sender went silent (tandem.tasks.delivery.CLAIM_LEASE).
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = conf.env("DEFAULT_FROM_EMAIL")

# Text messages (tandem/sms): the backend, and for the http one the gateway and its secrets.
TANDEM_SMS_BACKEND = conf.env_choice("TANDEM_SMS_BACKEND", ("console", "http", "off"))
TANDEM_SMS_GATEWAY_URL = conf.env("TANDEM_SMS_GATEWAY_URL").strip()
TANDEM_SMS_API_KEY = conf.env("TANDEM_SMS_API_KEY")
TANDEM_SMS_WEBHOOK_SECRET = conf.env("TANDEM_SMS_WEBHOOK_SECRET")
TANDEM_SMS_FROM = conf.env("TANDEM_SMS_FROM")
TANDEM_SMS_REGION = conf.env("TANDEM_SMS_REGION").strip().upper()

# --- Languages (docs/i18n.md) -------------------------------------------------------------------
# English first: a browser asking for another English (en-us) gets this one. Each language is
# named in itself, so a person finds theirs whatever the page is in. Each app keeps its own
# translations in tandem/<app>/locale/; the pseudo-languages of the tests (tandem.web.pseudo) are
# added only by the test suite.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("es", "Español")]
# Django's own messages (a form field's "Enter a valid email address.") in Tandem's register: read
# before every app's catalogue and Django's, whose Spanish says "usted" (tandem/django_words).
LOCALE_PATHS = [Path(__file__).resolve().parent / "django_words" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files: served by the app itself (whitenoise), nothing from a CDN ----------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
# whitenoise warns about a missing folder; `collectstatic` fills it for a proxy to serve.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Background work (django-tasks): queued in the database, run by `tandem worker` -------------
# The test suite runs tasks in-process (conftest.py sets the immediate backend), so a test of an
# invitation sees its email without a worker; the worker's own tests use the database.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[conf.env_choice("TANDEM_TASKS_BACKEND", tuple(TASK_BACKENDS))]
    }
}
TANDEM_WORKER_STALE_SECONDS = conf.env_int("TANDEM_WORKER_STALE_SECONDS")

# --- Logs: one line per event on stderr; TANDEM_LOG_FORMAT=json for a log collector --------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "tandem.tasks.jsonlog.JsonFormatter"},
    },
    # No invitation or password-reset link with its secret in any log line (16).
    "filters": {"secret_links": {"()": "tandem.web.accesslog.SecretLinkFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["secret_links"],
            "formatter": conf.env_choice("TANDEM_LOG_FORMAT", ("plain", "json")),
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "tandem": {
            "level": conf.env_choice("TANDEM_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"))
        },
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
    },
}
