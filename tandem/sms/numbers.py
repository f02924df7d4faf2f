"""Mobile numbers and verification codes.

Numbers are read with Google's libphonenumber (the ``phonenumbers`` package) and kept in E.164
(+447911123456), the form gateways take and STOP replies come from. A number typed without its
country code is read as one of TANDEM_SMS_REGION's.

A verification code is not stored: it is worked out, with the server's secret key, from a random
seed kept with the number and the number itself, so a code only ever fits the number it was sent
to, and the database alone does not give it away (a six-digit code's hash would: there are only
a million of them to try).
"""

from __future__ import annotations

import hmac

import phonenumbers
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

CODE_DIGITS = 6


class NotAMobileNumber(ValueError):
    """The words say why, for the client."""


def normalise(given: str, region: str | None = None) -> str:
    """``given`` in E.164, or NotAMobileNumber saying what is wrong with it."""
    text = given.strip()
    if not text:
        raise NotAMobileNumber(_("Please type your mobile number."))
    if len(text) > 40:
        raise NotAMobileNumber(_("That is too long for a phone number."))
    try:
        parsed = phonenumbers.parse(text, region or settings.TANDEM_SMS_REGION)
    except phonenumbers.NumberParseException:
        raise NotAMobileNumber(
            _(
                "That does not look like a phone number. Type it as you would dial it, for "
                "example %(national)s, or with the country code, such as %(international)s."
            )
            % _examples(region or settings.TANDEM_SMS_REGION)
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise NotAMobileNumber(_("That number is not complete or not in use: please check it."))
    kind = phonenumbers.number_type(parsed)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise NotAMobileNumber(_("That looks like a landline: texts need a mobile number."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _examples(region: str) -> dict[str, str]:
    """A made-up mobile number of ``region`` as its people dial it, and with its country code."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        example = phonenumbers.example_number_for_type("GB", phonenumbers.PhoneNumberType.MOBILE)
    return {
        "national": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL),
        "international": phonenumbers.format_number(
            example, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        ),
    }


def looks_like(number: str) -> str:
    """The E.164 number as people write it (+44 7911 123456), for the client's own page."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def from_reply(sender: str) -> str | None:
    """The E.164 form of a number a reply came from, or None if it is not one."""
    try:
        parsed = phonenumbers.parse(sender.strip(), settings.TANDEM_SMS_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def code_for(number: str, seed: str) -> str:
    """The verification code for ``number`` and the code's ``seed``."""
    digest = salted_hmac("tandem.sms.code", f"{number}:{seed}", algorithm="sha256").digest()
    return str(int.from_bytes(digest[:8], "big") % 10**CODE_DIGITS).zfill(CODE_DIGITS)


def code_matches(number: str, seed: str, typed: str) -> bool:
    """Whether ``typed`` is the code, compared in constant time."""
    cleaned = "".join(ch for ch in typed if not ch.isspace())
    return bool(seed) and hmac.compare_digest(cleaned.encode(), code_for(number, seed).encode())
