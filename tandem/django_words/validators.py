"""Django's password validator that names what a password is too like, named in the reader's
language (settings ``AUTH_PASSWORD_VALIDATORS``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Refuses a password too like the person's email address or name. Django's own names the
    detail by its model field's verbose name, which no catalogue translates ("La contraseña es
    demasiado similar a la de email"), and by default looks at a username, first and last name
    Tandem's people do not have, so it never compared a password with their name."""

    NAMES = {
        "email": gettext_lazy("email address"),
        "full_name": gettext_lazy("name"),
    }

    def __init__(self, max_similarity: float = 0.7) -> None:
        super().__init__(tuple(self.NAMES), max_similarity)

    def validate(self, password: str, user: Any = None) -> None:
        for attribute, name in self.NAMES.items():
            try:
                password_validation.UserAttributeSimilarityValidator(
                    (attribute,), self.max_similarity
                ).validate(password, user)
            except ValidationError:
                raise ValidationError(
                    self.get_error_message(),
                    code="password_too_similar",
                    params={"verbose_name": name},
                ) from None
