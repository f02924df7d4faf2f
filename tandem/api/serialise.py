"""Model → plain dict for the API's Out schemas (one place, so every endpoint renders alike)."""

from __future__ import annotations

from typing import Any

from tandem.care.models import Client, Episode, Session
from tandem.core.instruments import Instrument, languages
from tandem.measures.models import Response
from tandem.transcripts.models import TranscriptAnalysis


def client_out(client: Client) -> dict[str, Any]:
    return {
        "id": client.pk,
        "display_name": client.display_name,
        "therapist_id": client.therapist_id,
        "created_at": client.created_at,
        "share_with_supervisor": client.share_with_supervisor,
    }


def episode_out(episode: Episode) -> dict[str, Any]:
    return {
        "id": episode.pk,
        "client_id": episode.client_id,
        "therapist_id": episode.therapist_id,
        "number": episode.number,
        "status": episode.status,
        "started_on": episode.started_on,
        "ended_on": episode.ended_on,
        "end_reason": episode.end_reason,
        "problem": episode.problem,
    }


def session_out(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "episode_id": session.episode_id,
        "number": session.number,
        "date": session.date,
        "attendance": session.attendance,
    }


def response_out(response: Response) -> dict[str, Any]:
    return {
        "id": response.pk,
        "episode_id": response.episode_id,
        "session_id": response.session_id,
        "instrument": response.instrument_id,
        "instrument_version": response.instrument_version,
        "respondent_role": response.respondent_role,
        "answers": dict(response.answers),
        "total": response.total,
        "subscales": dict(response.subscales),
        "severity": response.severity,
        "complete": response.complete,
        "private": response.private,
        "submitted_at": response.submitted_at.isoformat(),
        "entry_method": response.entry_method,
        "entered_by_id": response.entered_by_id,
    }


def score_point(response: Response) -> dict[str, Any]:
    return {
        "response_id": response.pk,
        "session_id": response.session_id,
        "session_number": response.session.number if response.session_id else None,
        "date": response.session.date if response.session_id else response.submitted_at.date(),
        "instrument": response.instrument_id,
        "respondent_role": response.respondent_role,
        "total": response.total,
        "severity": response.severity,
    }


def instrument_out(instrument: Instrument) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "version": instrument.version,
        "title": instrument.title,
        "short_title": instrument.short_title,
        "respondent": instrument.respondent,
        "private": instrument.private,
        "scoring": instrument.scoring.method,
        "range_min": instrument.range.min if instrument.range else None,
        "range_max": instrument.range.max if instrument.range else None,
        "direction": instrument.direction,
        "cutoff": instrument.cutoff,
        "reliable_change": instrument.reliable_change,
        "loinc_panel": instrument.codes.loinc_panel,
        "loinc_total": instrument.codes.loinc_total,
        "languages": list(languages(instrument)),
        "licence": instrument.licence,
        "citation": instrument.citation,
        "items": [
            {
                "id": item.id,
                "text": item.text,
                "kind": item.kind,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
                "min": item.min,
                "max": item.max,
                "required": item.required,
                "loinc": item.loinc,
            }
            for item in instrument.items
        ],
    }


def transcript_out(analysis: TranscriptAnalysis) -> dict[str, Any]:
    return {
        "id": analysis.pk,
        "name": analysis.name,
        "format": analysis.format,
        "status": analysis.status,
        "error": analysis.error,
        "created_at": analysis.created_at,
        "result": analysis.result,
    }
