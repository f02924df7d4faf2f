"""What the API accepts (``…In``) and what it answers (``…Out``): never a model instance raw."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tandem.core.limits import TRANSCRIPT_MAX_CHARS
from tandem.core.outcomes.nhs_measures import PROBLEMS

# Ids fit a signed 64-bit column; anything larger cannot name a row and is refused at the edge.
Id = Annotated[int, Field(ge=1, le=9_007_199_254_740_991)]
InstrumentId = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")]
FhirId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9\-._]+$")]
# PostgreSQL cannot store a NUL character in text; no clinical text needs one.
NO_NUL = r"^[^\x00]*$"
Answer = int | float | Annotated[str, Field(max_length=10_000, pattern=NO_NUL)] | bool | None


class ErrorItem(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    detail: str
    errors: list[ErrorItem]


class MeOut(BaseModel):
    id: int
    email: str
    name: str
    roles: list[str]
    practice: str | None
    token_read_only: bool | None = Field(
        description="True or false when calling with a token; null for a browser session."
    )


class ClientOut(BaseModel):
    id: int
    display_name: str
    therapist_id: int | None
    created_at: datetime
    share_with_supervisor: bool


class EpisodeOut(BaseModel):
    id: int
    client_id: int
    therapist_id: int
    number: int
    status: str
    started_on: date
    ended_on: date | None
    end_reason: str
    problem: str = Field(
        description="The problem descriptor (NHS Talking Therapies), which decides the anxiety "
        "measure paired with the PHQ-9: one of " + ", ".join(PROBLEMS) + "."
    )


class EpisodeProblemIn(BaseModel):
    """Set or change an episode's problem descriptor (its therapist only)."""

    model_config = ConfigDict(extra="forbid")

    problem: Literal[PROBLEMS]  # type: ignore[valid-type]


class SessionOut(BaseModel):
    id: int
    episode_id: int
    number: int
    date: date
    attendance: str


class LinkOut(BaseModel):
    id: int
    session_id: int
    url: str = Field(
        description="The whole link, shown this once: only its hash is kept. It opens the "
        "client's questionnaires due for the session without a password, and nothing else."
    )
    expires_at: datetime = Field(
        description="When it stops working, if everything is not answered (or it is not "
        "withdrawn) before then."
    )


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    episode: Id
    date: date
    attendance: str = Field(default="attended", pattern=r"^(attended|cancelled|no_show)$")


class OptionOut(BaseModel):
    value: int
    label: str


class ItemOut(BaseModel):
    id: str
    text: str
    kind: str
    options: list[OptionOut]
    min: int | None
    max: int | None
    required: bool
    loinc: str | None


class InstrumentOut(BaseModel):
    id: str
    version: str
    title: str
    short_title: str
    respondent: str
    private: bool
    scoring: str
    range_min: float | None
    range_max: float | None
    direction: str | None
    cutoff: float | None
    reliable_change: float | None
    loinc_panel: str | None
    loinc_total: str | None
    licence: str
    languages: list[str] = Field(
        description="The languages its questions can be shown in (the instrument's own first); "
        "a response says which one in `language`."
    )
    citation: str
    items: list[ItemOut]


class ResponseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instrument: InstrumentId
    episode: Id
    session: Id | None = None
    answers: dict[Annotated[str, Field(max_length=60, pattern=NO_NUL)], Answer] = Field(
        description="Item id → answer: the option value for choice and scale items."
    )
    language: (
        Annotated[str, Field(max_length=35, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")] | None
    ) = Field(
        default=None,
        description="The language the questions were shown in, as a tag the instrument has "
        "wording in (`es` for its Spanish); left out, the instrument's own. The API answers in "
        "English whoever calls it, so the caller's language is not taken for it.",
    )


class ResponseOut(BaseModel):
    id: int
    episode_id: int | None
    session_id: int | None
    instrument: str
    instrument_version: str
    respondent_role: str
    answers: dict[str, Any]
    total: float | None
    subscales: dict[str, Any]
    severity: str
    complete: bool
    private: bool
    submitted_at: datetime
    entry_method: str = Field(
        description="How the answers came in: self (the respondent typed them in); paper, "
        "phone or read_aloud (the client gave them so and their therapist entered them); or "
        "room (the client typed them on their therapist's device, handed to them in the "
        "session)"
    )
    entered_by_id: int | None = Field(
        description="The user who entered the answers for the client (for room, the therapist "
        "whose device it was); null when self"
    )


class ScorePoint(BaseModel):
    response_id: int
    session_id: int | None
    session_number: int | None
    date: date
    instrument: str
    respondent_role: str
    total: float | None
    severity: str


class AlertOut(BaseModel):
    kind: str = Field(description="What kind of alert (docs/outcomes.md lists every kind).")
    priority: int = Field(description="1 is the most urgent.")
    sentence: str
    session: int | None
    measure: str | None = Field(
        default=None, description="The instrument id the alert is about, where there is one."
    )


class CaseloadAlertOut(AlertOut):
    episode_id: int
    client_id: int


class AlertList(BaseModel):
    items: list[CaseloadAlertOut] = Field(
        description="Every current alert of the caller's open episodes, most urgent first."
    )


class EpisodeScoresOut(BaseModel):
    episode_id: int
    scores: list[ScorePoint]
    alerts: list[AlertOut] = Field(
        description="Current alerts, most urgent first (for the people who work in the practice)."
    )
    alerts_available: bool = Field(description="False when the alert engine is not installed.")


class OutcomeReportOut(BaseModel):
    """``scope=mine``: the headline outcomes over the episodes the caller may see clinically.

    Counts are episodes; rates are fractions from 0 to 1 (null over zero episodes)."""

    scope: Literal["mine"]
    episodes: int = Field(description="Episodes with at least one outcome-measure score.")
    not_ended: int = Field(description="Of those, open or paused: never counted in the rates.")
    finished: int = Field(description="Ended after two or more scored sessions.")
    paired: int = Field(
        description="Finished, with PHQ-9 and the paired anxiety measure each scored at two or "
        "more sessions; improvement and deterioration rates are over these."
    )
    at_caseness: int
    recovered: int
    recovery_rate: float | None
    reliable_improvement: int
    reliable_improvement_rate: float | None
    reliable_deterioration: int
    reliable_deterioration_rate: float | None
    reliable_recovery: int
    reliable_recovery_rate: float | None


class ReportRateOut(BaseModel):
    """A rate as the practice report shows it: ``count`` of ``denominator`` episodes (or rated
    sessions), or every number null and ``suppressed`` true when the denominator is under
    ``min_cell``."""

    count: int | None
    denominator: int | None
    value: float | None = Field(description="count / denominator, a fraction from 0 to 1.")
    suppressed: bool


class ReportEstimateOut(BaseModel):
    """An estimate with its 95% interval over ``n`` episodes; the numbers are null when
    suppressed, and ``value`` also when it cannot be computed (every intake score the same)."""

    value: float | None
    low: float | None
    high: float | None
    n: int | None
    suppressed: bool


class PracticeOutcomeReportOut(BaseModel):
    """``scope=practice``: the whole practice's figures, as the web practice report shows them.

    They come from the practice report's kept computation, not from a new one: ``computed_at``
    says when it was made and ``updating`` whether a newer one is on its way. Any figure resting
    on fewer than ``min_cell`` episodes is suppressed, so that no client can be recognised."""

    scope: Literal["practice"]
    computed_at: datetime = Field(description="When these figures were computed.")
    updating: bool = Field(
        description="True when the data has changed since and a recomputation is queued."
    )
    min_cell: int = Field(description="The fewest episodes a figure may rest on to be shown.")
    through: date | None = Field(
        default=None,
        description="The last day the figures cover: the end of the last complete month. The "
        "report closes at month ends so that two reports cannot be subtracted to read the "
        "outcome of one client who ended in between.",
    )
    practice_episodes: int = Field(
        description="Every episode in the practice begun by ``through``, scored or not."
    )
    ended_episodes: int = Field(description="Of those, how many had ended by ``through``.")
    not_ended_episodes: int | None = Field(
        default=None, description="Open or paused episodes: never counted in the outcomes."
    )
    finished_episodes: int | None = Field(
        default=None, description="Ended after two or more scored sessions (a finished course)."
    )
    paired_episodes: int | None = Field(
        default=None,
        description="Finished, with PHQ-9 and the paired anxiety measure each scored at two or "
        "more sessions; the rates rest on these.",
    )
    episodes: int | None = Field(
        description="Episodes with PHQ-9 or GAD-7 scores; null when fewer than min_cell."
    )
    suppressed: bool = Field(description="True when the whole report rests on too few episodes.")
    recovery: ReportRateOut = Field(
        description="Paired episodes that started at caseness and ended below it."
    )
    reliable_improvement: ReportRateOut = Field(description="Paired episodes improved reliably.")
    reliable_recovery: ReportRateOut = Field(
        description="Paired episodes at caseness that recovered and improved reliably."
    )
    reliable_deterioration: ReportRateOut = Field(
        description="Paired episodes that got reliably worse."
    )
    dropout: ReportRateOut = Field(
        description="Ended episodes that ended with the client withdrawing."
    )
    rupture_sessions: ReportRateOut = Field(
        description="Client-rated sessions with a dip in the partnership score."
    )
    effect_size: ReportEstimateOut = Field(
        description="Pre-post effect size on PHQ-9 over finished episodes (positive: scores fell)."
    )


OutcomeReportAnswer = Annotated[
    OutcomeReportOut | PracticeOutcomeReportOut, Field(discriminator="scope")
]


class Page(BaseModel):
    count: int = Field(description="How many match in all, across every page.")
    limit: int
    offset: int


class ClientPage(Page):
    items: list[ClientOut]


class EpisodePage(Page):
    items: list[EpisodeOut]


class SessionPage(Page):
    items: list[SessionOut]


class ResponsePage(Page):
    items: list[ResponseOut]


class InstrumentList(BaseModel):
    items: list[InstrumentOut]


class FhirImportOut(BaseModel):
    created: list[int] = Field(description="Ids of the responses stored.")
    unchanged: list[int] = Field(description="Ids of responses that were already there.")
    ignored: int = Field(description="Bundle entries that are not QuestionnaireResponses.")


class TranscriptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=TRANSCRIPT_MAX_CHARS,
        pattern=NO_NUL,
        description="The whole transcript.",
    )
    format: str = Field(
        default="auto",
        pattern=r"^(auto|text|vtt|srt|csv|annomi)$",
        description="auto detects it from the first lines.",
    )
    name: str = Field(
        default="", max_length=200, pattern=NO_NUL, description="A label for your own list."
    )
    speakers: dict[
        Annotated[str, Field(max_length=100, pattern=NO_NUL)],
        Annotated[str, Field(pattern=r"^(therapist|client)$")],
    ] = Field(default_factory=dict, description="Speaker name → therapist or client.")


class TranscriptOut(BaseModel):
    id: int
    name: str
    format: str
    status: str = Field(
        description="queued (being analysed: fetch it again shortly), done, or failed (see error)."
    )
    error: str
    created_at: datetime
    result: dict[str, Any] = Field(
        description="The analysis, as `tandem analyze --json` gives it: {'sessions': [...]}."
    )
