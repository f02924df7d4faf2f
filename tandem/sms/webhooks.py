"""What the SMS gateway sends back: delivery reports and replies (STOP). Nobody signs in here; the
gateway proves itself with a signature over each request (tandem.sms.signing), checked in constant
time, and everything unsigned, wrongly signed or stale is refused before it is read."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tandem.sms import actions
from tandem.sms.numbers import from_reply
from tandem.sms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

logger = logging.getLogger(__name__)

MAX_BODY = 16 * 1024


def _signed_json(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    if len(request.body) > MAX_BODY:
        return HttpResponse(status=413)
    if not verify(
        str(settings.TANDEM_SMS_WEBHOOK_SECRET),
        request.headers.get(TIMESTAMP_HEADER, ""),
        request.headers.get(SIGNATURE_HEADER, ""),
        request.body,
    ):
        logger.warning("text message webhook refused: not signed by the gateway")
        return HttpResponse("Not signed by the gateway.", status=403, content_type="text/plain")
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    if not isinstance(payload, dict):
        return HttpResponse(status=400)
    return payload


@csrf_exempt
@require_POST
def delivery_report(request: HttpRequest) -> HttpResponse:
    payload = _signed_json(request)
    if isinstance(payload, HttpResponse):
        return payload
    message = actions.record_delivery(
        str(payload.get("id", ""))[:100], str(payload.get("status", ""))
    )
    return JsonResponse({"known": message is not None})


@csrf_exempt
@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    payload = _signed_json(request)
    if isinstance(payload, HttpResponse):
        return payload
    sender = from_reply(str(payload.get("from", ""))[:40])
    stopped = 0
    if sender and actions.is_stop(str(payload.get("body", ""))[:500]):
        stopped = actions.stop_texts(sender)
    # The words of a reply are not kept: nothing else a client texts back is acted on.
    return JsonResponse({"stopped": stopped})
