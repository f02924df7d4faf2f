"""Keep the list of signed-in browsers in step with Django's sessions."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.accounts.middleware import LAST_SEEN, STARTED
from tandem.accounts.models import User, UserSession
from tandem.audit.chain import record


@receiver(user_logged_in)
def remember_session(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    # The absolute session limit counts from here.
    request.session[STARTED] = request.session[LAST_SEEN] = time.time()
    key = request.session.session_key
    if key is None:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "ip": str(request.META.get("REMOTE_ADDR", ""))[:64],
            "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))[:300],
        },
    )
    record(actor=user, action="login", request=request)


@receiver(user_logged_out)
def forget_session(
    sender: object, request: HttpRequest, user: User | None, **kwargs: object
) -> None:
    key = getattr(request.session, "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()
    if user is not None:
        record(actor=user, action="logout", request=request)
