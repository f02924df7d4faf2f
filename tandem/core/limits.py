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

# How deeply JSON may nest (objects and lists inside each other), for every JSON body the API
# takes and every FHIR resource imported. A QuestionnaireResponse nests items inside items a few
# levels deep; 32 leaves ample room, and a body nested 200 deep (issue 16.7) is refused with a
# clear error before any parser or validator recurses through it.
JSON_MAX_DEPTH = 32


def json_depth(value: object, stop_at: int = JSON_MAX_DEPTH + 1) -> int:
    """How deeply ``value`` nests (a scalar is 0, ``[]`` and ``{}`` are 1), counted without
    recursion; counting stops at ``stop_at``."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = list(item)
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest >= stop_at:
                return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def too_deep(value: object) -> bool:
    return json_depth(value) > JSON_MAX_DEPTH
