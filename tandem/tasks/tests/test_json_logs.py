"""With TANDEM_LOG_FORMAT=json every log line is one JSON object with its fields."""

from __future__ import annotations

import json
import logging

from tandem.tasks.jsonlog import JsonFormatter


def test_it_writes_one_json_object_per_line_with_the_extra_fields():
    record = logging.LogRecord(
        "tandem.worker", logging.WARNING, __file__, 1, "task %s", ("x",), None
    )
    record.task = "abc"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "tandem.worker"
    assert entry["message"] == "task x" and entry["task"] == "abc"
    assert "\n" not in line
