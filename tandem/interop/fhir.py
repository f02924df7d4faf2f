"""FHIR R4 (R4B models from ``fhir.resources``) for instruments and their answers.

- an instrument is a ``Questionnaire`` (id = Tandem's short id: ``phq9``), items with their LOINC
  codes, answer options with their ordinal values (the ``ordinalValue`` extension);
- a response is a ``QuestionnaireResponse``, choice answers as a ``valueCoding`` (code = the
  option's value) carrying the same ordinal value, the total as a read-only item coded with the
  instrument's LOINC total code;
- an episode's data is a ``collection`` Bundle: the ``EpisodeOfCare`` and its responses.

``fhir.resources`` checks structure but accepts any string for coded elements (``status:
"bogus"``), so codes are checked here. Reading returns plain data and a list of problems, each
naming the element path, so the caller can refuse the whole bundle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from tandem.core.instruments import Instrument, in_language, validate_answers
from tandem.core.instruments.schema import Item, check_language

LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
EPISODE_EXTENSION = "urn:tandem:fhir:episode"
# The day of the session the answers are about (``authored`` is when they were given, which for
# a questionnaire filled in later is another day).
SESSION_DATE_EXTENSION = "urn:tandem:fhir:session-date"
# The day a practice-log entry is about.
LOG_DATE_EXTENSION = "urn:tandem:fhir:log-date"
# How answers came in when not from the respondent's own login: "paper", "phone" or
# "read_aloud" (given so, and typed in by their therapist: issue 19.5), or "room" (typed by the
# client on the device their therapist handed them in the session: 19.1). The client stays the
# ``source`` (who answered: ``Patient/<client id>``, with or without a login of their own);
# ``author`` is who received and recorded them (``Practitioner/<id>``: the therapist who typed
# them in, or whose device it was). Absent: the respondent typed them in themselves.
ENTRY_METHOD_EXTENSION = "urn:tandem:fhir:entry-method"
ENTRY_METHODS = {"paper", "phone", "read_aloud", "room"}
CLIENT_SYSTEM = "urn:tandem:client"
TOTAL_LINK = "total"

QR_STATUSES = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
IMPORTABLE_STATUSES = {"completed", "amended", "in-progress"}
BUNDLE_TYPES = {"collection", "transaction", "batch", "searchset", "document", "message"}
EPISODE_STATUS = {"active": "active", "paused": "onhold", "ended": "finished"}

_ITEM_TYPE = {"choice": "choice", "scale": "integer", "boolean": "boolean", "text": "text"}


def canonical(instrument_id: str) -> str:
    return f"urn:tandem:questionnaire:{instrument_id}"


def resource_id(instrument_id: str) -> str:
    """FHIR ids allow no underscore: ``partnership_mirror`` is ``partnership-mirror`` there."""
    return instrument_id.replace("_", "-")


def answer_system(instrument_id: str) -> str:
    return f"urn:tandem:answers:{instrument_id}"


def _name(instrument: Instrument) -> str:
    # Questionnaire.name must be machine-friendly: start with a capital, letters and digits only.
    cleaned = re.sub(r"[^A-Za-z0-9]", "", instrument.short_title) or instrument.id
    return cleaned[0].upper() + cleaned[1:]


# -- export ----------------------------------------------------------------------------------


def _item(instrument: Instrument, item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {
        "linkId": item.id,
        "text": item.text,
        "type": _ITEM_TYPE[item.kind],
        "required": item.required,
    }
    if item.loinc:
        out["code"] = [{"system": LOINC, "code": item.loinc}]
    if item.kind == "choice":
        out["answerOption"] = [
            {
                "valueCoding": {
                    "extension": [{"url": ORDINAL, "valueDecimal": option.value}],
                    "system": answer_system(instrument.id),
                    "code": str(option.value),
                    "display": option.label,
                }
            }
            for option in item.options
        ]
    if item.kind == "scale":
        out["extension"] = [
            {"url": MIN_VALUE, "valueInteger": item.min},
            {"url": MAX_VALUE, "valueInteger": item.max},
        ]
    if item.asked_if is not None:
        # A follow-up asked only after a given answer: FHIR's enableWhen says the same.
        out["enableWhen"] = [_enable_when(instrument, item.asked_if.item, item.asked_if.answer)]
    return out


def _enable_when(instrument: Instrument, item_id: str, answer: int) -> dict[str, Any]:
    condition = instrument.item(item_id)
    when: dict[str, Any] = {"question": item_id, "operator": "="}
    if condition.kind == "boolean":
        when["answerBoolean"] = bool(answer)
    elif condition.kind == "choice":
        when["answerCoding"] = {"system": answer_system(instrument.id), "code": str(answer)}
    else:
        when["answerInteger"] = answer
    return when


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR Questionnaire (a plain JSON-ready dict, validated by the model)."""
    items = [_item(instrument, item) for item in instrument.items]
    if instrument.is_scored:
        total: dict[str, Any] = {
            "linkId": TOTAL_LINK,
            "text": "Total score (calculated)",
            "type": "decimal",
            "readOnly": True,
            "required": False,
        }
        if instrument.codes.loinc_total:
            total["code"] = [{"system": LOINC, "code": instrument.codes.loinc_total}]
        items.append(total)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": resource_id(instrument.id),
        "url": canonical(instrument.id),
        "identifier": [{"system": "urn:tandem:instrument", "value": instrument.id}],
        "version": instrument.version,
        "name": _name(instrument),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.description or instrument.title,
        "copyright": instrument.licence,
        "item": items,
    }
    if instrument.codes.loinc_panel:
        resource["code"] = [{"system": LOINC, "code": instrument.codes.loinc_panel}]
    return Questionnaire.model_validate(resource).model_dump(mode="json", exclude_none=True)


def _answer_value(instrument: Instrument, item: Item, value: Any) -> dict[str, Any]:
    if item.kind == "choice":
        label = item.option_label(int(value)) or str(value)
        return {
            "valueCoding": {
                "extension": [{"url": ORDINAL, "valueDecimal": int(value)}],
                "system": answer_system(instrument.id),
                "code": str(value),
                "display": label,
            }
        }
    if item.kind == "scale":
        return {"valueInteger": int(value)}
    if item.kind == "boolean":
        return {"valueBoolean": bool(value)}
    return {"valueString": str(value)}


@dataclass(frozen=True)
class ResponseFacts:
    """What a QuestionnaireResponse says about one stored response."""

    id: str
    instrument: Instrument
    answers: Mapping[str, Any]
    total: float | None
    complete: bool
    authored: datetime
    client_id: int | None
    episode_id: int | None
    session_id: int | None
    session_date: date | None = None
    log_date: date | None = None
    # ``source``: who answered (``Patient/<client id>`` or ``Practitioner/<user id>``);
    # ``author``: who recorded the answers (the same, unless someone entered them for them).
    source: str | None = None
    author: str | None = None
    entry_method: str | None = None  # None: the respondent entered the answers themselves
    language: str = ""  # the language the questions were shown in; empty when not known


def questionnaire_response(facts: ResponseFacts) -> dict[str, Any]:
    # Each item's text as the respondent read it: in the language they were shown.
    instrument = (
        in_language(facts.instrument, facts.language).instrument
        if facts.language
        else facts.instrument
    )
    items: list[dict[str, Any]] = []
    for item in instrument.items:
        if item.id not in facts.answers:
            continue
        entry: dict[str, Any] = {
            "linkId": item.id,
            "text": item.text,
            "answer": [_answer_value(instrument, item, facts.answers[item.id])],
        }
        items.append(entry)
    if facts.total is not None:
        total: dict[str, Any] = {
            "linkId": TOTAL_LINK,
            "text": "Total score (calculated)",
            "answer": [{"valueDecimal": facts.total}],
        }
        items.append(total)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": facts.id,
        "questionnaire": f"{canonical(instrument.id)}|{instrument.version}",
        "status": "completed" if facts.complete else "in-progress",
        "authored": facts.authored.isoformat(),
        "item": items,
    }
    if facts.language:
        resource["language"] = facts.language
    if facts.client_id is not None:
        resource["subject"] = {
            "reference": f"Patient/{facts.client_id}",
            "identifier": {"system": CLIENT_SYSTEM, "value": str(facts.client_id)},
        }
    if facts.session_id is not None:
        resource["encounter"] = {"reference": f"Encounter/{facts.session_id}"}
    if facts.author is not None:
        resource["author"] = {"reference": facts.author}
    if facts.source is not None:
        resource["source"] = {"reference": facts.source}
    extensions: list[dict[str, Any]] = []
    if facts.episode_id is not None:
        extensions.append(
            {
                "url": EPISODE_EXTENSION,
                "valueReference": {"reference": f"EpisodeOfCare/{facts.episode_id}"},
            }
        )
    if facts.session_date is not None:
        extensions.append(
            {"url": SESSION_DATE_EXTENSION, "valueDate": facts.session_date.isoformat()}
        )
    if facts.log_date is not None:
        extensions.append({"url": LOG_DATE_EXTENSION, "valueDate": facts.log_date.isoformat()})
    if facts.entry_method is not None:
        extensions.append({"url": ENTRY_METHOD_EXTENSION, "valueCode": facts.entry_method})
    if extensions:
        resource["extension"] = extensions
    return QuestionnaireResponse.model_validate(resource).model_dump(mode="json", exclude_none=True)


def episode_of_care(
    episode_id: int, client_id: int, status: str, started: date, ended: date | None
) -> dict[str, Any]:
    period: dict[str, Any] = {"start": started.isoformat()}
    if ended:
        period["end"] = ended.isoformat()
    return {
        "resourceType": "EpisodeOfCare",
        "id": str(episode_id),
        "status": EPISODE_STATUS.get(status, "active"),
        "patient": {"reference": f"Patient/{client_id}"},
        "period": period,
    }


def bundle(resources: list[dict[str, Any]], kind: str = "collection") -> dict[str, Any]:
    entries = [
        {"fullUrl": f"urn:tandem:{r['resourceType']}:{r['id']}", "resource": r} for r in resources
    ]
    body: dict[str, Any] = {"resourceType": "Bundle", "type": kind, "entry": entries}
    if kind == "searchset":
        body["total"] = len(entries)
    # Validate the envelope; the entries were validated one by one as they were built.
    Bundle.model_validate({**body, "entry": [{"fullUrl": e["fullUrl"]} for e in entries]})
    return body


# -- import ----------------------------------------------------------------------------------


@dataclass
class ParsedResponse:
    """One QuestionnaireResponse read and checked, ready for the caller to store."""

    path: str
    instrument: Instrument
    answers: dict[str, Any]
    authored: datetime | None
    episode_ref: int | None
    client_ref: int | None
    session_date: date | None = None
    log_date: date | None = None
    entry_method: str | None = None  # given on paper, by phone or aloud, and entered for them
    language: str = ""  # the language the questions were shown in, when the file says

    @property
    def sessionless(self) -> bool:
        """Tandem's own export of an answer set given outside a session (the practice log)."""
        return self.episode_ref is not None and self.session_date is None

    @property
    def day(self) -> date | None:
        if self.session_date is not None:
            return self.session_date
        return self.authored.date() if self.authored else None


@dataclass
class Parsed:
    responses: list[ParsedResponse] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    ignored: int = 0

    def error(self, path: str, message: str) -> None:
        self.errors.append({"field": path, "message": message})


def _structure_errors(exc: ValidationError, path: str) -> list[dict[str, str]]:
    out = []
    for error in exc.errors():
        where = path
        for part in error.get("loc", ()):
            where += f"[{part}]" if isinstance(part, int) else f".{part}"
        out.append({"field": where, "message": str(error.get("msg", "is not valid"))})
    return out


def _reference_id(reference: Any, kind: str) -> int | None:
    text = str(reference or "")
    match = re.fullmatch(rf"(?:.*/)?{kind}/(\d+)", text)
    return int(match.group(1)) if match else None


def find_instrument(
    questionnaire_ref: str, instruments: Mapping[str, Instrument]
) -> tuple[Instrument | None, str | None]:
    """The instrument a ``questionnaire`` canonical names: Tandem's own URL, a URL ending in the
    short id (``…/Questionnaire/phq9``), or a LOINC panel (``http://loinc.org/q/44249-1``)."""
    url, _, version = questionnaire_ref.partition("|")
    tail = re.split(r"[/:]", url.rstrip("/"))[-1]
    instrument = instruments.get(tail) or instruments.get(tail.replace("-", "_"))
    if instrument is None:
        instrument = next(
            (
                i
                for i in instruments.values()
                if i.codes.loinc_panel and i.codes.loinc_panel == tail
            ),
            None,
        )
    if instrument is not None and version and version != instrument.version:
        return (
            None,
            f"version {version} of {instrument.id} is not known here (this server has version {instrument.version})",
        )
    return instrument, None


def _read_answer(item: Item, answer: dict[str, Any], where: str, parsed: Parsed) -> Any:
    if "valueCoding" in answer:
        coding = answer["valueCoding"] or {}
        code = coding.get("code")
        values = {str(o.value): o.value for o in item.options}
        if item.kind != "choice":
            parsed.error(
                where + ".valueCoding", f"{item.id} takes a {item.kind} answer, not a coded one"
            )
            return None
        if code not in values:
            allowed = ", ".join(values)
            parsed.error(
                where + ".valueCoding.code",
                f"“{code}” is not one of the answers to {item.id} (expected one of {allowed})",
            )
            return None
        return values[code]
    for key in ("valueInteger", "valueDecimal"):
        if key in answer:
            return answer[key]
    if "valueBoolean" in answer:
        return answer["valueBoolean"]
    if "valueString" in answer:
        return answer["valueString"]
    kinds = ", ".join(k for k in answer if k.startswith("value")) or "none"
    parsed.error(where, f"an answer of this kind ({kinds}) cannot be read for {item.id}")
    return None


def _authored(value: Any) -> datetime | None:
    """A timezone-aware moment; a bare date counts as noon UTC so it stays on the same day."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 12, tzinfo=UTC)
    return None


def read_questionnaire_response(
    resource: dict[str, Any], path: str, instruments: Mapping[str, Instrument], parsed: Parsed
) -> None:
    try:
        model = QuestionnaireResponse.model_validate(resource)
    except ValidationError as exc:
        parsed.errors.extend(_structure_errors(exc, path))
        return
    before = len(parsed.errors)
    language = model.language or ""
    try:
        check_language(language) if language else None
    except ValueError:
        parsed.error(f"{path}.language", f"“{language}” is not a language tag such as “es”")
    status = model.status
    if status not in QR_STATUSES:
        parsed.error(f"{path}.status", f"“{status}” is not a QuestionnaireResponse status")
    elif status not in IMPORTABLE_STATUSES:
        parsed.error(
            f"{path}.status",
            f"only completed, amended or in-progress responses are imported, not “{status}”",
        )
    if not model.questionnaire:
        parsed.error(f"{path}.questionnaire", "say which questionnaire this answers")
        return
    instrument, problem = find_instrument(str(model.questionnaire), instruments)
    if instrument is None:
        parsed.error(
            f"{path}.questionnaire",
            problem or f"“{model.questionnaire}” is not an instrument this server knows",
        )
        return
    by_code = {code: item_id for item_id, code in instrument.item_codes.items()}
    answers: dict[str, Any] = {}
    for index, item in enumerate(resource.get("item") or []):
        where = f"{path}.item[{index}]"
        link = str(item.get("linkId", ""))
        if link == TOTAL_LINK:
            continue  # the score is recomputed by the core, never taken from outside
        item_id = link if link in instrument.item_ids else by_code.get(link)
        if item_id is None:
            parsed.error(f"{where}.linkId", f"“{link}” is not a question of {instrument.id}")
            continue
        given = item.get("answer") or []
        if len(given) > 1:
            parsed.error(f"{where}.answer", f"{item_id} takes one answer, not {len(given)}")
            continue
        if given:
            value = _read_answer(instrument.item(item_id), given[0], f"{where}.answer[0]", parsed)
            if value is not None:
                answers[item_id] = value
    if len(parsed.errors) == before:
        positions = {
            str(item.get("linkId")): i for i, item in enumerate(resource.get("item") or [])
        }
        for item_id, message in validate_answers(instrument, answers).items():
            index = positions.get(item_id)
            where = f"{path}.item[{index}]" if index is not None else f"{path}.item"
            parsed.error(where, f"{item_id}: {message}")
    if len(parsed.errors) > before:
        return
    episode_ref = None
    session_date = None
    log_date = None
    entry_method = None
    for index, extension in enumerate(model.extension or []):
        if extension.url == ENTRY_METHOD_EXTENSION:
            entry_method = extension.valueCode
            if entry_method not in ENTRY_METHODS:
                parsed.error(
                    f"{path}.extension[{index}].valueCode",
                    f"“{entry_method}” is not a way answers are entered (expected one of "
                    f"{', '.join(sorted(ENTRY_METHODS))})",
                )
            elif instrument.respondent != "client" or instrument.private:
                parsed.error(
                    f"{path}.extension[{index}]",
                    f"{instrument.short_title} answers are the therapist's own: they are never "
                    "entered for someone",
                )
        if extension.url == EPISODE_EXTENSION and extension.valueReference is not None:
            episode_ref = _reference_id(extension.valueReference.reference, "EpisodeOfCare")
        if extension.url == SESSION_DATE_EXTENSION and isinstance(extension.valueDate, date):
            session_date = extension.valueDate
        if extension.url == LOG_DATE_EXTENSION and isinstance(extension.valueDate, date):
            log_date = extension.valueDate
    if len(parsed.errors) > before:
        return
    client_ref = None
    if model.subject is not None:
        client_ref = _reference_id(model.subject.reference, "Patient")
    authored = _authored(model.authored)
    parsed.responses.append(
        ParsedResponse(
            path=path,
            instrument=instrument,
            answers=answers,
            authored=authored,
            episode_ref=episode_ref,
            client_ref=client_ref,
            session_date=session_date,
            log_date=log_date,
            entry_method=entry_method,
            language=language,
        )
    )


def _nul_path(value: Any, path: str) -> str | None:
    """The path of the first text holding a NUL character (FHIR strings forbid control codes)."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, inner in value.items():
            found = _nul_path(str(key), path) or _nul_path(inner, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, inner in enumerate(value):
            found = _nul_path(inner, f"{path}[{index}]")
            if found:
                return found
    return None


def read(resource: Any, instruments: Mapping[str, Instrument]) -> Parsed:
    """Read a QuestionnaireResponse, or every QuestionnaireResponse in a Bundle."""
    parsed = Parsed()
    if not isinstance(resource, dict):
        parsed.error("resourceType", "send a FHIR resource as a JSON object")
        return parsed
    nul = _nul_path(resource, str(resource.get("resourceType") or "resource"))
    if nul is not None:
        parsed.error(nul, "contains a NUL character, which FHIR text cannot hold")
        return parsed
    kind = resource.get("resourceType")
    if kind == "QuestionnaireResponse":
        read_questionnaire_response(resource, "QuestionnaireResponse", instruments, parsed)
        return parsed
    if kind != "Bundle":
        parsed.error("resourceType", f"send a QuestionnaireResponse or a Bundle, not “{kind}”")
        return parsed
    try:
        Bundle.model_validate(
            {
                **resource,
                "entry": [
                    {"fullUrl": e.get("fullUrl")} if isinstance(e, dict) else e
                    for e in resource.get("entry") or []
                ],
            }
        )
    except ValidationError as exc:
        parsed.errors.extend(_structure_errors(exc, "Bundle"))
        return parsed
    if resource.get("type") not in BUNDLE_TYPES:
        parsed.error("Bundle.type", f"“{resource.get('type')}” is not a Bundle type")
        return parsed
    for index, entry in enumerate(resource.get("entry") or []):
        inner = entry.get("resource") if isinstance(entry, dict) else None
        where = f"Bundle.entry[{index}].resource"
        if not isinstance(inner, dict):
            parsed.error(where, "this entry has no resource")
        elif inner.get("resourceType") == "QuestionnaireResponse":
            read_questionnaire_response(inner, where, instruments, parsed)
        else:
            parsed.ignored += 1
    return parsed
