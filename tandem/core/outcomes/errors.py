"""The one error the outcome analytics raise for bad input."""

from __future__ import annotations


class OutcomeInputError(ValueError):
    """Bad input, with where it is: ``line`` in a CSV file (header = 1), else ``row`` (1-based).

    ``line`` is 0 when the problem is not on one line (for example a missing column in a table
    that has no header line).
    """

    def __init__(self, line: int, message: str, unit: str = "line") -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message
        self.unit = unit

    def __str__(self) -> str:
        if self.line <= 0:
            return self.message
        return f"{self.unit} {self.line}: {self.message}"
