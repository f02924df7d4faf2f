"""While a device is handed to a client, the therapist's signed-in browser answers nothing but the
room's own pages: every other address (the clinic, the portal, the API with the session cookie,
Django's admin, signing in again) answers with the locked screen, and locks the device.

This is the server's rule, not the page's: whatever the device asks for, the answer is decided
here from the handover kept in the database, found through the server-side session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import Resolver404, resolve
from django.utils import translation

from tandem.audit.chain import record
from tandem.room import actions
from tandem.room.language import STAFF_LANGUAGE, handover_language
from tandem.room.models import Handover
from tandem.room.state import HANDOVER, ROOM_PAGES, open_handover
from tandem.room.views import locked_page


def _room_page(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in ROOM_PAGES


class HandoverMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        held = session.get(HANDOVER) if session is not None else None
        handover = open_handover(request)
        if handover is None and held is not None:
            # The device still holds a handover that is no longer there to hold it (erased with
            # its client, say): it may still be in the client's hands, and only unlocking may
            # free it, so the device is signed out instead of freed.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record(
                    actor=user,
                    action="room.gone",
                    practice_id=getattr(user, "practice_id", None),
                    request=request,
                    detail={"handover": held},
                )
            logout(request)
        if handover is None:
            return self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL):
            # A static file that exists is served before this middleware (WhiteNoise), so one that
            # reaches it is not there. Not found, plainly: the ordinary error page is a signed-in
            # page, with the practice's name and the staff's menu. Nor does it lock the device: a
            # missing picture must not end a questionnaire in the client's hands.
            return HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
        # In the client's hands, the device speaks the client's language (tandem.room.language);
        # the staff member's is kept for the unlock form and what they read once it is unlocked.
        setattr(request, STAFF_LANGUAGE, translation.get_language())
        language = handover_language(handover)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self._handed_over(request, handover)
        response.headers["Content-Language"] = language
        return response

    def _handed_over(self, request: HttpRequest, handover: Handover) -> HttpResponse:
        if not handover.is_locked and handover.idle_for() > handover.idle_seconds:
            actions.lock(handover, "idle", request)
        if _room_page(request):
            return self.get_response(request)
        if not handover.is_locked:
            actions.lock(handover, "left", request, detail={"path": request.path[:200]})
        return locked_page(request, handover, status=423)
