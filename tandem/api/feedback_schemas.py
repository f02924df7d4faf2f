"""What the feedback routes answer (check-ins, returning-client requests, texts, hand-overs) and
the one body they take (closing a request). Never a model instance raw, never a phone number."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tandem.api.schemas import NO_NUL, Page


class CheckInScoreOut(BaseModel):
    response_id: int
    instrument: str
    total: float | None
    severity: str
    submitted_at: datetime


class CheckInRequestOut(BaseModel):
    """The returning-client request a check-in raised."""

    id: int
    wants_to_talk: bool = Field(description="The client said yes to talking to their therapist.")
    worsened: list[str] = Field(
        description="Instrument ids on which the check-in's score is reliably worse than the "
        "episode's last score."
    )
    created_at: datetime
    seen_at: datetime | None
    closed_at: datetime | None


class CheckInOut(BaseModel):
    id: int
    episode_id: int
    client_id: int
    months: int = Field(description="1, 3 or 6 months after the episode ended.")
    due_on: date
    last_day: date = Field(description="The last day it can be answered.")
    opened_at: datetime
    reminded_at: datetime | None = Field(
        description="When the email telling the client it was waiting went out (null: none sent, "
        "e.g. the client wants no emails)."
    )
    answered_at: datetime | None = Field(description="When the last questionnaire came in.")
    state: Literal["open", "answered", "closed"] = Field(
        description="open: waiting for the client; answered; closed: its weeks passed unanswered."
    )
    scores: list[CheckInScoreOut] = Field(
        description="The questionnaires answered so far, with their scores (the same responses "
        "as /responses, where the caller may read them)."
    )
    returning_request: CheckInRequestOut | None


class CheckInPage(Page):
    items: list[CheckInOut]


class ReturningRequestOut(BaseModel):
    id: int
    client_id: int
    episode_id: int
    therapist_id: int = Field(description="Who held the episode that was followed up.")
    follow_up_id: int
    months: int
    created_at: datetime
    reasons_shown: bool = Field(
        description="False for a practice admin who may not read the client's record: the "
        "reasons, the sentence and the closing note are then null, as on the practice's page."
    )
    wants_to_talk: bool | None
    worsened: list[str] | None
    sentence: str | None = Field(description="Why, in the words the caseload shows.")
    seen_at: datetime | None
    seen_by_id: int | None
    closed_at: datetime | None
    closed_by_id: int | None
    note: str | None = Field(description="The note written when it was closed.")


class ReturningRequestPage(Page):
    items: list[ReturningRequestOut]


class CloseRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(
        default="",
        max_length=2000,
        pattern=NO_NUL,
        description="What was done (optional): kept on the request, in the client's record.",
    )


class TextStatusOut(BaseModel):
    client_id: int
    texts_offered: bool = Field(
        description="This server sends texts and the practice allows clients to choose them."
    )
    number_given: bool = Field(description="The client gave a mobile number (never shown).")
    verified: bool = Field(description="The client typed back the code texted to it.")
    verified_at: datetime | None
    stopped: bool = Field(description="The number replied STOP: no texts until verified again.")
    stopped_at: datetime | None
    reminders_by: Literal["email", "text", "both"] = Field(description="What the client chose.")
    reminders_reach_by: list[Literal["email", "text"]] = Field(
        description="How a reminder goes now: by email while the number cannot be texted."
    )


class TextMessageOut(BaseModel):
    id: int
    purpose: Literal["code", "reminder", "follow_up"] = Field(
        description="follow_up: a follow-up check-in's notice."
    )
    status: Literal["queued", "sent", "delivered", "failed", "cancelled"] = Field(
        description="cancelled: not sent (see reason)."
    )
    created_at: datetime
    send_after: datetime | None = Field(description="Held through quiet hours until then.")
    sent_at: datetime | None
    status_at: datetime | None = Field(description="When the status last changed.")
    reason: str = Field(description="Why it failed or was not sent; never the text's words.")
    emailed_instead_at: datetime | None = Field(
        description="A reminder or check-in text that did not get through: when it was emailed "
        "instead (once)."
    )


class TextMessagePage(Page):
    items: list[TextMessageOut]


class HandoverAnswerOut(BaseModel):
    response_id: int
    instrument: str
    submitted_at: datetime


class HandoverOut(BaseModel):
    id: int
    session_id: int
    client_id: int
    handed_over_by_id: int = Field(description="The therapist whose device it was.")
    started_at: datetime
    locked_at: datetime | None
    lock_reason: Literal["", "done", "handed_back", "idle", "left"] = Field(
        description="done: every questionnaire answered; handed_back; idle: nobody used it for a "
        "while; left: someone tried to leave the questionnaires. Empty while unlocked."
    )
    ended_at: datetime | None
    ended_how: Literal["", "password", "pin", "signed_out", "abandoned"] = Field(
        description="password or pin: unlocked; signed_out: after too many wrong tries; "
        "abandoned: closed by Tandem after it was left. Empty while it lasts."
    )
    closed_by_tandem_at: datetime | None = Field(
        description="When Tandem's hourly job closed it as left on its device; kept when the "
        "therapist unlocks it afterwards (ended_how then says how it was unlocked)."
    )
    unlock_attempts: int
    answered: list[HandoverAnswerOut] = Field(
        description="The questionnaires answered on the device (those the caller may read)."
    )


class HandoverPage(Page):
    items: list[HandoverOut]


class FollowUpLinkOut(BaseModel):
    id: int
    follow_up_id: int
    url: str = Field(
        description="The whole link, shown this once: only its hash is kept. It opens the "
        "client's follow-up check-in without a password, and nothing else."
    )
    expires_at: datetime = Field(
        description="When it stops working, if the check-in is not answered or closed first."
    )
