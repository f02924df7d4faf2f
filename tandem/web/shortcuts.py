"""Small helpers the views of every area share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in, and holding one of ``roles``; anyone else gets 404 (the page is not theirs)."""
    flags = {
        "admin": "is_practice_admin",
        "therapist": "is_therapist",
        "supervisor": "is_supervisor",
        "client": "is_client",
    }

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not getattr(user, "practice_id", None):
                raise Http404("Not found")
            if not any(getattr(user, flags[r]) for r in roles):
                raise Http404("Not found")
            if roles == ("client",) and getattr(user, "is_staff_member", False):
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def emails_are_printed() -> bool:
    return settings.EMAIL_BACKEND.endswith("console.EmailBackend")


def plain_errors(form: Any) -> str:
    """The form's errors in one line for a message at the top of the page, each after the label
    of its field ("Client's email address: Enter a valid email address."), so that it says where
    even far from the form."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and not field.widget.is_hidden else None
        # "Did you practise? Please choose…", not "Did you practise?: Please choose…"
        named = f"{label} " if label and label[-1] in "?.!" else f"{label}: " if label else ""
        parts.extend(f"{named}{error}" for error in errors)
    return " ".join(parts)
