"""The sizes Tandem accepts from outside, in one place.

Every door that takes text or files from a person or a program (the web forms, the API, the
imports) checks against these numbers, so the web and the API refuse the same things. The
table in docs/security.md ("Input limits") lists them with the door that enforces each.
"""

from __future__ import annotations

# A whole session transcript, pasted on the web or sent to the API. An hour of talk is about
# 60,000 characters; eight times that leaves room for long sessions and still bounds the work
# one request can ask of the analysis.
TRANSCRIPT_MAX_CHARS = 500_000

# A transcript file uploaded on the web (before decoding; the text must then also fit
# TRANSCRIPT_MAX_CHARS).
TRANSCRIPT_FILE_MAX_BYTES = 2 * 1024 * 1024
