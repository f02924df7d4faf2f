"""What a text message says: as little as will do. A text can be read by anyone holding the phone,
and on its lock screen, so it names no questionnaire, score, therapist, practice or diagnosis, and
not the client (docs/security.md, "What a text message may say").

In the active language: the sender writes it inside ``writing_to(user)`` (docs/i18n.md). A text
is paid for by the segment, and how long a segment is depends on its letters (``segments``): a
translation keeps to as many segments as the English, so Spanish avoids á, í, ó and ú, which are
outside the GSM alphabet and would cut a segment from 160 characters to 70, where another word
will do (é, ñ, ü, ¿ and ¡ are in it).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CODE_MINUTES = 10

# The GSM 03.38 alphabet a text is sent in when every character is in it (7 bits a character,
# 160 to a text, 153 to each part of a longer one), and its extension table, whose characters
# take two places. A text with any other character goes as UCS-2: 70, then 67 a part.
GSM_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"


def segments(text: str) -> int:
    """How many segments (billed texts) ``text`` is sent as."""
    if all(ch in GSM_ALPHABET or ch in GSM_EXTENSION for ch in text):
        length = sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)


def code_text(code: str) -> str:
    return ngettext(
        # Translators: a text message, as short as the English (tandem/sms/words.py: a letter
        # such as "ó" cuts a text from 160 characters to 70).
        "Your Tandem code is %(code)s. It works for %(minutes)s minute. "
        "If you did not ask for it, you can ignore this text.",
        "Your Tandem code is %(code)s. It works for %(minutes)s minutes. "
        "If you did not ask for it, you can ignore this text.",
        CODE_MINUTES,
    ) % {"code": code, "minutes": CODE_MINUTES}


def reminder_text(link: str, until: str = "") -> str:
    """``link`` opens the questionnaires (a personal link, working until ``until``) or the portal."""
    if until:
        return _(
            # Translators: a text message, as short as the English (tandem/sms/words.py: a
            # letter such as "á" cuts a text from 160 characters to 70). %(until)s is a date.
            "Tandem: something is waiting for you. This link is yours alone, until %(until)s: "
            "%(link)s Reply STOP for no more texts."
        ) % {"until": until, "link": link}
    return _(
        # Translators: a text message, as short as the English (tandem/sms/words.py).
        "Tandem: something is waiting for you when you sign in: %(link)s Reply STOP for no more "
        "texts."
    ) % {"link": link}
