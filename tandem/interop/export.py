"""Files for researchers and other systems: long CSV/Parquet with a codebook, and FHIR.

Only what the person exporting may see (the same policy as the pages and the API). Without a
person (``tandem export`` run by the server's operator) the whole instance is exported, less the
private answers (a therapist's reflection and self-care check), which belong to their author.

Files written:

- ``answers.csv`` / ``answers.parquet``: one row per item answer and one per score;
- ``scores.csv`` / ``scores.parquet``: ``episode_id, session, instrument, score, entry_method``,
  the long form that ``tandem outcomes`` reads (it reads the first four) and ``tandem
  import-scores`` takes back, with how the answers came in;
- ``codebook.csv``: every instrument variable, its wording, its kind, its values and LOINC code;
- for ``fhir``: ``Questionnaire-<id>.json`` per instrument and ``Bundle-episode-<id>.json`` per
  episode.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from tandem.accounts.models import User
from tandem.audit.chain import record
from tandem.care.models import Episode
from tandem.core.instruments import Instrument
from tandem.core.spreadsheet import neutralise_frame
from tandem.interop import fhir
from tandem.interop.fhir_io import episode_bundle
from tandem.interop.private import owner_only
from tandem.measures import registry
from tandem.measures.models import Response
from tandem.policy import querysets

ANSWER_COLUMNS = [
    "client_id",
    "episode_id",
    "session",
    "session_date",
    "response_id",
    "instrument",
    "instrument_version",
    "respondent_role",
    "entry_method",
    "entered_by",
    "language",
    "submitted_at",
    "row_type",
    "variable",
    "value",
    "text",
]
CODEBOOK_COLUMNS = ["instrument", "variable", "label", "kind", "values", "loinc"]
FORMATS = ("csv", "parquet", "fhir")


def visible_responses(user: User | None) -> Any:
    rows = Response.objects.filter(episode__isnull=False)
    rows = rows.filter(private=False) if user is None else rows & querysets.responses(user)
    return rows.select_related("episode", "session").order_by("episode_id", "submitted_at", "id")


def _answer_rows(response: Response, instrument: Instrument | None) -> list[dict[str, Any]]:
    base = {
        "client_id": response.episode.client_id,
        "episode_id": response.episode_id,
        "session": response.session.number if response.session_id else None,
        "session_date": response.session.date.isoformat() if response.session_id else None,
        "response_id": response.pk,
        "instrument": response.instrument_id,
        "instrument_version": response.instrument_version,
        "respondent_role": response.respondent_role,
        # "self", or how the client's answers came in through someone else's login: given on
        # paper, by phone or aloud and typed in, or typed on the device handed to them in the
        # room ("room"); and that person's id
        "entry_method": response.entry_method,
        "entered_by": response.entered_by_id,
        # The language the questions were shown in ("en", "es"); empty when not known.
        "language": response.language,
        "submitted_at": response.submitted_at.isoformat(),
    }
    rows = []
    order = list(instrument.item_ids) if instrument is not None else []
    answers = sorted(
        response.answers.items(),
        key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
    )
    for item_id, value in answers:
        text = None
        number = None
        if isinstance(value, str):
            text = value
        else:
            number = float(value)
            if instrument is not None and item_id in instrument.item_ids:
                text = instrument.item(item_id).option_label(int(value))
        rows.append(
            {**base, "row_type": "item", "variable": item_id, "value": number, "text": text}
        )
    if response.total is not None:
        rows.append(
            {
                **base,
                "row_type": "score",
                "variable": "total",
                "value": response.total,
                "text": response.severity or None,
            }
        )
    for name, value in (response.subscales or {}).items():
        if value is not None:
            rows.append(
                {
                    **base,
                    "row_type": "score",
                    "variable": f"subscale:{name}",
                    "value": float(value),
                    "text": None,
                }
            )
    return rows


def tables(user: User | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(answers, scores, codebook) for what ``user`` may see."""
    reg = registry.registry()
    answers: list[dict[str, Any]] = []
    for response in visible_responses(user).iterator(chunk_size=2000):
        answers.extend(_answer_rows(response, reg.get(response.instrument_id)))
    long = pd.DataFrame(answers, columns=ANSWER_COLUMNS)
    long = long.astype({"session": "Int64", "entered_by": "Int64", "value": "float64"})
    totals = long[(long["row_type"] == "score") & (long["variable"] == "total")]
    totals = totals[totals["session"].notna()]
    scores = pd.DataFrame(
        {
            "episode_id": totals["episode_id"].astype("int64"),
            "session": totals["session"].astype("int64"),
            "instrument": totals["instrument"],
            "score": totals["value"].astype("float64"),
            "entry_method": totals["entry_method"],
        }
    ).reset_index(drop=True)
    return long, scores, codebook(reg)


def codebook(reg: Any) -> pd.DataFrame:
    rows = []
    for instrument_id in sorted(reg):
        instrument = reg[instrument_id]
        for item in instrument.items:
            if item.kind == "choice":
                values = "; ".join(f"{o.value}={o.label}" for o in item.options)
            elif item.kind == "scale":
                values = f"{item.min} ({item.min_label or 'low'}) to {item.max} ({item.max_label or 'high'})"
            elif item.kind == "boolean":
                values = "1=yes; 0=no"
            else:
                values = "free text (in the text column)"
            rows.append([instrument.id, item.id, item.text, item.kind, values, item.loinc or ""])
        if instrument.is_scored:
            span = f"{instrument.range.min} to {instrument.range.max}" if instrument.range else ""
            direction = (instrument.direction or "").replace("_", " ")
            rows.append(
                [
                    instrument.id,
                    "total",
                    f"{instrument.title}: total ({instrument.scoring.method})",
                    "score",
                    f"{span}; {direction}".strip("; "),
                    instrument.codes.loinc_total or "",
                ]
            )
            for name, sub in instrument.scoring.subscales.items():
                rows.append([instrument.id, f"subscale:{name}", sub.title, "score", "", ""])
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)


def _episodes(user: User | None) -> Any:
    if user is None:
        return Episode.objects.all().order_by("pk")
    return querysets.episodes(user).order_by("pk")


def write(folder: Path, fmt: str, user: User | None = None) -> list[Path]:
    """Write the export in ``fmt`` into ``folder``, readable by its owner only (it is health
    data); returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"Choose one of {', '.join(FORMATS)}.")
    with owner_only():
        written = _write(folder, fmt, user)
    for path in written:
        path.chmod(0o600)  # a file written over keeps its old mode otherwise
    return written


def _write(folder: Path, fmt: str, user: User | None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "fhir":
        reg = registry.registry()
        for instrument_id in sorted(reg):
            path = folder / f"Questionnaire-{fhir.resource_id(instrument_id)}.json"
            path.write_text(json.dumps(fhir.questionnaire(reg[instrument_id]), indent=2))
            written.append(path)
        for episode in _episodes(user):
            bundle = episode_bundle(user, episode) if user is not None else _all_bundle(episode)
            if len(bundle["entry"]) > 1:
                path = folder / f"Bundle-episode-{episode.pk}.json"
                path.write_text(json.dumps(bundle, indent=2))
                written.append(path)
        count = len(written)
    else:
        long, scores, book = tables(user)
        if fmt == "csv":
            # free text and names could start like a formula (OWASP CSV injection)
            neutralise_frame(long).to_csv(folder / "answers.csv", index=False)
            neutralise_frame(scores).to_csv(folder / "scores.csv", index=False)
            written += [folder / "answers.csv", folder / "scores.csv"]
        else:
            long.to_parquet(folder / "answers.parquet", index=False)
            scores.to_parquet(folder / "scores.parquet", index=False)
            written += [folder / "answers.parquet", folder / "scores.parquet"]
        neutralise_frame(book).to_csv(folder / "codebook.csv", index=False)
        written.append(folder / "codebook.csv")
        count = len(long)
    record(
        actor=user,
        action="export",
        practice_id=getattr(user, "practice_id", None),
        detail={
            "format": fmt,
            "files": len(written),
            "rows": count,
            "whole_instance": user is None,
        },
    )
    return written


def _all_bundle(episode: Episode) -> dict[str, Any]:
    from tandem.interop.fhir_io import response_resource

    rows = visible_responses(None).filter(episode=episode)
    resources = [
        fhir.episode_of_care(
            episode.pk, episode.client_id, episode.status, episode.started_on, episode.ended_on
        )
    ]
    resources += [r for r in (response_resource(x) for x in rows) if r]
    return fhir.bundle(resources, "collection")
