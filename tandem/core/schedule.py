"""When an instrument is due, given a practice's collection rule and a session number."""

from __future__ import annotations

from typing import Literal

Rule = Literal["every_session", "first_session", "every_n"]


def is_due(rule: Rule, session_number: int, every_n: int | None = None) -> bool:
    """True when an instrument under ``rule`` should be collected at this session (1-based).

    ``every_n`` collects at the first session and then at every n-th contact after it
    (n = 4: sessions 1, 5, 9, …), so a baseline always exists.
    """
    if session_number < 1:
        raise ValueError("session numbers start at 1")
    if rule == "every_session":
        return True
    if rule == "first_session":
        return session_number == 1
    if rule == "every_n":
        if every_n is None or every_n < 1:
            raise ValueError("the every_n rule needs a whole number of sessions of at least 1")
        return (session_number - 1) % every_n == 0
    raise ValueError(f"unknown collection rule {rule!r}")
