"""The API's JSON parser: Django Ninja's, with the depth limit of tandem/core/limits.py."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from tandem.api.errors import ApiError
from tandem.core.limits import JSON_MAX_DEPTH, too_deep

TOO_DEEP = (
    f"The JSON nests more than {JSON_MAX_DEPTH} levels deep (objects and lists inside each "
    "other); nothing was read. A questionnaire response never needs that many."
)


class LimitedParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body)
        except RecursionError:
            raise ApiError(422, TOO_DEEP, [{"field": "body", "message": TOO_DEEP}]) from None
        if too_deep(data):
            raise ApiError(422, TOO_DEEP, [{"field": "body", "message": TOO_DEEP}])
        return data
