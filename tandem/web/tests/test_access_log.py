"""gunicorn's access log: one line per request, JSON on request, never a query string or a secret link."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from tandem.web.accesslog import AccessLogger, JsonAccessLogger, loggable_path


def _log_one(logger_class, capsys, path, query=""):
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "RAW_URI": f"{path}?{query}" if query else path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
    }
    response = SimpleNamespace(status="201 Created", status_code=201, sent=512, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12.3))
    return capsys.readouterr().out.strip().splitlines()


def test_it_writes_one_json_object_per_request_in_the_shape_of_the_app_logs(capsys):
    lines = _log_one(JsonAccessLogger, capsys, "/api/v1/responses", "token=tdm_secret")
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["logger"] == "gunicorn.access" and entry["level"] == "INFO"
    assert {"ts", "pid", "message"} <= entry.keys()
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/api/v1/responses", 201)
    assert entry["bytes"] == 512 and entry["duration_ms"] == 12.3
    assert entry["remote"] == "10.0.0.7"
    assert "tdm_secret" not in lines[0]


def test_the_plain_line_leaves_out_the_query_string_too(capsys):
    lines = _log_one(AccessLogger, capsys, "/caseload/", "q=tdm_secret")
    assert len(lines) == 1 and '"POST /caseload/" 201 512' in lines[0]
    assert "tdm_secret" not in lines[0]


def test_it_never_logs_the_key_in_an_invitation_or_password_reset_link(capsys):
    lines = _log_one(JsonAccessLogger, capsys, "/accounts/invite/Zk9-secret-key/")
    assert "Zk9-secret-key" not in lines[0]
    assert json.loads(lines[0])["path"] == "/accounts/invite/…"
    assert (
        loggable_path("/accounts/password/reset/MQ/c0ffee-token/") == "/accounts/password/reset/…"
    )
    assert loggable_path("/accounts/password/reset/done/") == "/accounts/password/reset/done/"
    assert loggable_path("/clients/7/?tab=notes") == "/clients/7/"
