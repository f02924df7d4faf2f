"""gunicorn's access log, one line per request, in the same shape as Tandem's own logs.

With ``TANDEM_LOG_FORMAT=json`` each line is a JSON object with the fields of Tandem's JSON logs
(``ts``, ``level``, ``logger``, ``message``, ``pid``) plus ``method``, ``path``, ``status``,
``bytes``, ``duration_ms`` and ``remote``. In both formats the query string is left out, and so is
the secret part of a link that is itself a key (an invitation, a password reset, a questionnaire link): an access log
is read by more people than the database is.
"""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from datetime import UTC, datetime, timedelta
from typing import Any

from gunicorn import glogging

# Paths whose remainder is a one-time secret; the log keeps only the prefix.
SECRET_PATHS = ("/accounts/invite/", "/accounts/password/reset/", "/l/")
_NOT_SECRET = {"/accounts/password/reset/done/"}


def loggable_path(path: str) -> str:
    """The request path as it may be logged: no query string, no secret link."""
    path = path.split("?", 1)[0]
    if path in _NOT_SECRET:
        return path
    for prefix in SECRET_PATHS:
        if path.startswith(prefix) and len(path) > len(prefix):
            return prefix + "…"
    return path


def access_entry(
    method: str, path: str, status: int, sent: int | None, took: timedelta, remote: str
) -> dict[str, Any]:
    path = loggable_path(path)
    return {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": f"{method} {path} {status}",
        "pid": os.getpid(),
        "method": method,
        "path": path,
        "status": status,
        "bytes": sent or 0,
        "duration_ms": round(took.total_seconds() * 1000, 1),
        "remote": remote,
    }


def plain_line(entry: dict[str, Any]) -> str:
    return (
        f'{entry["ts"]} {entry["remote"]} "{entry["method"]} {entry["path"]}" '
        f"{entry['status']} {entry['bytes']} {entry['duration_ms']}ms"
    )


class AccessLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger with Tandem's access line; errors are gunicorn's own."""

    as_json = False

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        if not self.access_log_enabled:
            return
        try:
            status = resp.status_code if hasattr(resp, "status_code") else resp.status
            entry = access_entry(
                environ.get("REQUEST_METHOD", "-"),
                environ.get("PATH_INFO", "") or "",
                int(str(status).split(None, 1)[0]),
                getattr(resp, "sent", None),
                request_time,
                environ.get("REMOTE_ADDR", "-"),
            )
            line = json.dumps(entry, ensure_ascii=False) if self.as_json else plain_line(entry)
            self.access_log.info(line)
        except Exception:
            self.error(traceback.format_exc())


class JsonAccessLogger(AccessLogger):
    as_json = True


_SECRET_IN_TEXT = re.compile(
    r"(/accounts/invite/|/accounts/password/reset/(?!done/)|/l/)[^\s'\"?]+"
)


def scrub(text: str) -> str:
    """``text`` with the secret part of every invitation, password-reset or questionnaire link
    cut out."""
    return _SECRET_IN_TEXT.sub(r"\1…", text)


class SecretLinkFilter(logging.Filter):
    """On every log handler: Django's own request warnings ("Not Found: /accounts/invite/…",
    "Forbidden (CSRF token missing.): …") name the path, and the JSON format writes the request
    object out too. Neither may carry a one-time link's secret into the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call is the handler's to report, not the filter's
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        request = getattr(record, "request", None)
        if request is not None:
            record.request = scrub(str(request))
        return True
