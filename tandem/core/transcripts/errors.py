"""The one error the transcript engine raises for input it cannot read."""

from __future__ import annotations


class TranscriptError(ValueError):
    """A transcript that cannot be read, with the 1-based ``line`` where the problem is.

    ``line`` is 0 when the problem is not on one line (an empty file, a file with no speakers).
    Parsing is all-or-nothing: when this is raised, nothing of the transcript is returned.
    """

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{message}")
