"""What a text message says: as little as will do. A text can be read by anyone holding the phone,
and on its lock screen, so it names no questionnaire, score, therapist, practice or diagnosis, and
not the client (docs/security.md, "What a text message may say")."""

from __future__ import annotations

CODE_MINUTES = 10


def code_text(code: str) -> str:
    return (
        f"Your Tandem code is {code}. It works for {CODE_MINUTES} minutes. "
        "If you did not ask for it, you can ignore this text."
    )


def reminder_text(link: str, until: str = "") -> str:
    """``link`` opens the questionnaires (a personal link, working until ``until``) or the portal."""
    if until:
        return (
            f"Tandem: something is waiting for you. This link is yours alone, until {until}: "
            f"{link} Reply STOP for no more texts."
        )
    return f"Tandem: something is waiting for you when you sign in: {link} Reply STOP for no more texts."
