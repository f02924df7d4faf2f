"""Import historical scores from a long CSV:
``episode_id, session, instrument, score[, date][, entry_method]``.

The same columns ``tandem outcomes`` reads and ``tandem export`` writes (``scores.csv``).

How rows are matched:

- ``episode_id`` is a Tandem episode id, of an episode the importer may write to (a therapist's
  own). Open the episodes first (in the app or ``POST /api/v1/…``) and put their ids in the file.
- ``session`` is the session number within the episode. An existing session is used; a missing
  one is recorded when the row has a ``date`` (``YYYY-MM-DD``), and is a problem otherwise.
- ``instrument`` is an instrument id (``phq9``, ``gad7``, …) with a score; ``score`` must lie in
  its range. The severity band is worked out from the score by the instrument's own bands.
- ``entry_method`` (optional) says how the client's answers came in: ``paper``, ``phone``,
  ``read_aloud`` or ``room`` (the values of ``Response.entry_method``), or ``self``. An empty
  cell, or no such column, is ``self``, as every imported score was before the column existed:
  the file does not say the answers came in any other way, so none is claimed and nobody is
  recorded as having entered them (the import's audit record still names the importer). Any
  other value is recorded with the importer as the one who entered them, as the FHIR import
  does; it is only for the client's questionnaires (the therapist's side is their own).
- The client's scores are the client's (``respondent_role`` "client") whether or not they have
  a login; ``respondent`` is their login once taken up (``tandem.measures.respondent``).
- A score already stored for that session, instrument and side is left alone when equal and is a
  problem when different; a row repeated in the file is a problem.

A dry run stores nothing and says what would be created and every problem, by line (the header is
line 1). A real run stores everything or, if there is any problem, nothing.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Episode, Session
from tandem.core.outcomes.long_table import repeated_row
from tandem.interop.records import existing
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.measures.respondent import client_login
from tandem.policy import querysets

REQUIRED = ("episode_id", "session", "instrument", "score")
METHODS = dict(Response.ENTRY_METHODS)


@dataclass
class Report:
    responses: int = 0
    sessions: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"line {line}: {message}")


class ImportProblems(Exception):
    def __init__(self, report: Report):
        super().__init__(f"{len(report.problems)} problem(s); nothing was stored.")
        self.report = report


@dataclass
class _Row:
    line: int
    episode: Episode
    number: int
    day: date | None
    instrument: Any
    score: float
    method: str = Response.SELF


def _whole(text: str) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and value >= 1 else None


def _read(path: Path, user: User, report: Report) -> list[_Row]:
    """Every row of the file, with a problem reported for anything unreadable (never an exception)."""
    try:
        return _read_rows(path, user, report)
    except UnicodeDecodeError:
        report.problem(1, "the file is not UTF-8 text; save it as CSV (UTF-8) and try again")
    except csv.Error as error:
        report.problem(1, f"the file is not well-formed CSV ({error})")
    return []


def _read_rows(path: Path, user: User, report: Report) -> list[_Row]:
    episodes: dict[int, Episode | None] = {}
    rows: list[_Row] = []
    seen: dict[tuple[int, int, str], int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            report.problem(
                1, f"the file has no {', '.join(missing)} column (it needs {', '.join(REQUIRED)})"
            )
            return rows
        for raw in reader:
            line = reader.line_num
            problems_before = len(report.problems)
            if None in raw or None in raw.values():
                report.problem(
                    line, "this row does not have the same number of columns as the header"
                )
                continue
            episode_id = _whole(str(raw.get("episode_id") or "").strip())
            number = _whole(str(raw.get("session") or "").strip())
            instrument = registry.get(str(raw.get("instrument") or "").strip().lower())
            if episode_id is None:
                report.problem(
                    line, f"episode_id “{raw.get('episode_id')}” is not an episode number"
                )
            elif episode_id not in episodes:
                try:
                    episodes[episode_id] = querysets.editable_episode(user, episode_id)
                except Http404:
                    episodes[episode_id] = None
            held = episodes.get(episode_id) if episode_id is not None else None
            if episode_id is not None and held is None:
                report.problem(line, f"there is no episode {episode_id} that you can add scores to")
            if number is None:
                report.problem(
                    line, f"session “{raw.get('session')}” is not a session number (1, 2, …)"
                )
            if instrument is None:
                report.problem(
                    line, f"“{raw.get('instrument')}” is not an instrument this server knows"
                )
            elif not instrument.is_scored:
                report.problem(line, f"{instrument.id} has no score")
            elif (
                instrument.respondent == "therapist"
                and held is not None
                and held.therapist_id != user.pk
            ):
                # stored under the episode's therapist: nobody writes scores in a colleague's name
                report.problem(
                    line,
                    f"{instrument.id} is the therapist's own questionnaire: only episode "
                    f"{episode_id}'s own therapist can import it",
                )
            try:
                score = float(str(raw.get("score") or "").strip())
                if not math.isfinite(score):
                    raise ValueError
            except ValueError:
                report.problem(line, f"score “{raw.get('score')}” is not a number")
                score = math.nan
            if instrument is not None and instrument.range and not math.isnan(score):
                low, high = instrument.range.min, instrument.range.max
                if not low <= score <= high:
                    report.problem(
                        line,
                        f"a {instrument.short_title} score runs from {low:g} to {high:g}, not {score:g}",
                    )
            day = None
            if (raw.get("date") or "").strip():
                try:
                    day = date.fromisoformat(str(raw["date"]).strip())
                except ValueError:
                    report.problem(line, f"date “{raw['date']}” is not a date (YYYY-MM-DD)")
                if day is not None and day > timezone.localdate():
                    # the latest session decides what is due, the reminders and the outcome
                    report.problem(line, f"date {day.isoformat()} is in the future")
            method = _method(raw.get("entry_method"), instrument, line, report)
            if len(report.problems) > problems_before:
                continue
            key = (episode_id, number, instrument.id)  # type: ignore[union-attr]
            if key in seen:
                report.problem(
                    line,
                    repeated_row(episode_id, number, instrument.short_title, "line", seen[key]),  # type: ignore[arg-type,union-attr]
                )
                continue
            seen[key] = line
            rows.append(
                _Row(line, episodes[episode_id], number, day, instrument, score, method)  # type: ignore[arg-type]
            )
    return rows


def _method(raw: str | None, instrument: Any, line: int, report: Report) -> str:
    """The row's ``entry_method``: ``self`` when empty or absent; a problem when not one of
    ``Response.entry_method``'s values, or not ``self`` on the therapist's own questionnaire."""
    method = str(raw or "").strip().lower() or Response.SELF
    if method not in METHODS:
        report.problem(
            line,
            f"entry_method “{str(raw).strip()}” is not a way answers come in (use one of "
            f"{', '.join(METHODS)}, or leave it empty for {Response.SELF})",
        )
        return Response.SELF
    if method != Response.SELF and instrument is not None and instrument.respondent != "client":
        report.problem(
            line,
            f"entry_method {method} is for the client's answers, and {instrument.id} is the "
            "therapist's own questionnaire (leave it empty or write self)",
        )
    return method


def _apply(rows: list[_Row], user: User, report: Report, store: bool) -> None:
    created_sessions: set[tuple[int, int]] = set()
    for row in rows:
        session = Session.objects.filter(episode=row.episode, number=row.number).first()
        if session is None and (row.episode.pk, row.number) not in created_sessions:
            if row.day is None:
                report.problem(
                    row.line,
                    f"episode {row.episode.pk} has no session {row.number}; add a date column to record it",
                )
                continue
            report.sessions += 1
            created_sessions.add((row.episode.pk, row.number))
            if store:
                session = Session.objects.create(
                    episode=row.episode, number=row.number, date=row.day, created_by=user
                )
                record(
                    actor=user,
                    action="session.import",
                    obj=session,
                    client_id=row.episode.client_id,
                    practice_id=row.episode.client.practice_id,
                )
        found = existing(session, row.instrument)
        if found is not None:
            if found.total is not None and math.isclose(found.total, row.score):
                report.unchanged += 1
            else:
                report.problem(
                    row.line,
                    f"session {row.number} of episode {row.episode.pk} already has a "
                    f"{row.instrument.short_title} score of {found.total:g}",
                )
            continue
        report.responses += 1
        if store:
            instrument = row.instrument
            respondent = (
                client_login(row.episode.client)
                if instrument.respondent == "client"
                else row.episode.therapist
            )
            entered = row.method != Response.SELF
            response = Response.objects.create(
                episode=row.episode,
                session=session,
                instrument_id=instrument.id,
                instrument_version=str(instrument.version),
                respondent=respondent,
                respondent_role=instrument.respondent,
                answers={},
                total=row.score,
                severity=instrument.severity(row.score) or "",
                complete=True,
                private=bool(instrument.private),
                entry_method=row.method,
                # Answers that came in another way were entered by the importer, whatever else
                # the file may say (nobody enters in a colleague's name).
                entered_by=user if entered else None,
            )
            record(
                actor=user,
                action="response.import",
                obj=response,
                client_id=row.episode.client_id,
                practice_id=row.episode.client.practice_id,
                detail={"instrument": instrument.id, "source": "csv", "line": row.line}
                | ({"method": row.method} if entered else {}),
            )


def import_scores(path: Path, user: User, dry_run: bool = False) -> Report:
    """Check (and unless ``dry_run`` store) every row; raise ImportProblems if any row is wrong."""
    report = Report()
    rows = _read(path, user, report)
    if dry_run or report.problems:
        _apply(rows, user, report, store=False)
        if report.problems and not dry_run:
            raise ImportProblems(report)
        return report
    with transaction.atomic():
        _apply(rows, user, report, store=True)
        if report.problems:
            raise ImportProblems(report)  # leaving the block rolls everything back
        record(
            actor=user,
            action="scores.import",
            detail={"file": path.name, "responses": report.responses, "sessions": report.sessions},
        )
    return report
