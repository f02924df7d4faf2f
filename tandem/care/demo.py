"""The demo practice: a seeded, realistic practice to look around in (``tandem seed-demo``).

Harbour Lane Therapy has an admin, four therapists, a supervisor and about sixty clients with
weekly sessions. Their stories are the ones a feedback-informed practice meets: most clients
improve (many reliably, into recovery), some stall, about one in twelve get worse, some drop out,
the working relationship dips and is repaired, a few clients lean more on therapy while their
symptoms improve, some graduate and one comes back. "Other Practice" next door has one therapist
and two clients, to show that nothing crosses between practices.

Everything is drawn from one seeded generator and dated relative to today, so the demo always
looks current and is the same every time. Answers are generated item by item and scored by the
core (``tandem.core.instruments.score``), exactly as a submitted form would be.
"""

from __future__ import annotations

import math
import random
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Practice, Supervision, User
from tandem.audit.chain import record
from tandem.care.models import Client, Episode, EpisodeEvent, Goal, PracticePlan, Session
from tandem.core.instruments import Instrument, Item, score
from tandem.measures import registry
from tandem.measures.actions import install_default_schedule
from tandem.measures.models import Response

DEMO_PASSWORD = "tandem-demo"
DEMO_SLUG = "demo"
OTHER_SLUG = "other"
SEED = 20261123

DEMO_LOGINS: list[tuple[str, str]] = [
    ("admin@example.org", "practice admin, Harbour Lane Therapy"),
    ("therapist@example.org", "therapist with a full caseload"),
    ("therapist2@example.org", "therapist"),
    ("supervisor@example.org", "supervisor of both therapists above"),
    ("client@example.org", "client of therapist@example.org"),
    ("other-therapist@example.org", "therapist at Other Practice (sees nothing of Harbour Lane)"),
    ("other-client@example.org", "client at Other Practice"),
]

# Who works at Harbour Lane: (email, name, flags).
STAFF = [
    ("admin@example.org", "Morgan Hale", {"is_practice_admin": True}),
    ("therapist@example.org", "Priya Raman", {"is_therapist": True}),
    ("therapist2@example.org", "Tomás Ferreira", {"is_therapist": True}),
    ("therapist3@example.org", "Aisha Mensah", {"is_therapist": True}),
    ("therapist4@example.org", "Daniel Kowalski", {"is_therapist": True}),
    ("supervisor@example.org", "Helen Osei", {"is_supervisor": True}),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _fields(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in _lines(text)]


# The words in the demo are ours, written for it; chosen from at random, so they vary.
FIRST_NAMES = [
    name
    for line in _lines("""
    Ada Ben Chloe Dev Emeka Fatima Grace Hiro Isla Jamal Kasia Liam Mei Nadia Oisín Pablo Qin
    Rosa Samir Tara Uche Vera Wen Ximena Yusuf Zara Amara Bilal Carmen Dmitri Elif Finn Gabriela
    Hassan Ingrid Joon Kofi Leila Marek Noor Olu Rafael Saoirse Tomasz Anjali Bruno Cleo Darius
    Esme Farid Gwen Hana Ivan Jade Kiran Lucía Malik Nell Omari Pia Reza Sunita
""")
    for name in line.split()
]
INITIALS = "ABCDEFGHJKLMNPRSTVW"
GOALS = _lines("""
    Sleep through most nights again
    Go back to full days at work
    See friends without dreading it beforehand
    Worry less about my health
    Speak up in meetings
    Keep one evening a week just for me
    Understand why I shut down in arguments
    Drive on the motorway again
    Say no without feeling guilty for days
    Get back to running
    Manage panic on the train
    Grieve my mum without falling apart at work
    Check the locks once and leave
    Cook proper meals most days
    Open my post and deal with the bills
    Talk to my partner about what I need
    Stop putting off the job applications
    Feel at home in my own flat
""")
# title | what to do | how often
PLANS = _fields("""
    Evening walk | Ten minutes outside after work, phone in pocket. | most days
    Thought record | When mood dips, note the situation, the thought and another way to see it. | when it happens
    Slow breathing | Five minutes of slow breathing before bed. | every evening
    One good thing | Plan one small thing you enjoy each day and notice how it feels. | daily
    Worry time | Keep worries for a fifteen-minute slot at six; write them down then. | daily
    Reaching out | Message or call one friend. | once a week
    Sleep window | The same wake-up time every day, weekends too. | daily
    Saying no | Notice one request you would rather decline and say no kindly. | a few times a week
    Grounding | Name five things you see, four you hear, three you can touch. | when anxious
    Three lines | Before bed: what happened, what I felt, what I did. | most days
""")
LOG_NOTES = _lines("""
    Went round the park. Felt clearer after.
    Did it, but my mind kept wandering.
    Easier than last week.
    Noticed the thought and let it pass.
    Raining, so I did it indoors.
    My partner joined me, which helped.
    Wrote three worries down; two looked smaller on paper.
    Only managed half, but I started.
    Felt silly at first, then calmer.
    Hard day. Still did it.
    Forgot until late, did a short version.
    Nice to have something that is mine.
""")
SKIPPED_NOTES = _lines("""
    Long day at work, didn't get to it.
    Felt too low to start.
    Away at my sister's.
    Just forgot.
""")
CLIENT_COMMENTS = _lines("""
    A bit more time at the end to plan the week.
    Could we start with how the practice went?
    I'd like to talk more about work next time.
    Maybe slow down a little with the exercises.
    Some concrete steps for the week, please.
    Nothing, this was really helpful.
    I'll bring my notes next time.
    Less about the past, more about now, if that's okay.
""")
RUPTURE_COMMENTS = _lines("""
    I felt rushed today and not really listened to.
    It felt like we followed a plan that isn't mine.
    We didn't get to what I came in with.
    I left feeling worse and I'm not sure why. Can we talk about it?
""")
MIRROR_COMMENTS = _lines("""
    Check in about the practice earlier.
    Ask what they want from the session at the start.
    Slow the pace.
    Leave more room for silence.
    Come back to what they raised at the end.
""")
LEARNED = _lines("""
    I noticed I was rushing to reassure. Slowing down let them find their own words.
    Held back from offering a technique and they came up with their own plan.
    Tired going in; naming it to myself helped me stay present.
    More directive than I meant to be. Ask before suggesting next time.
    Their anger at work stirred something in me. Worth taking to supervision.
    Learned how much the weekend routine matters to them.
    Let the silence sit longer than usual. It was useful.
    Caught myself wanting them to get better for my sake.
    We laughed together for the first time. Trust is growing.
    I realise I have been steering away from the topic of their father.
    Looking at the partnership scores together made the conversation easier.
    Less talking from me, more from them. It worked.
    I need to be clearer about the ending we are working towards.
    Felt hopeful with them today, and I think they noticed.
    Brought my own view on grief in too quickly.
    Good reminder that progress is not a straight line.
    Asked what they wanted from today; the session had more focus.
    I'm carrying this one home. Plan some time to decompress.
    They pushed back on my suggestion and they were right.
    Stayed with the difficult feeling instead of fixing it.
    Noticed my own impatience when they went over the same ground.
""")
RUPTURE_REFLECTION = (
    "Something went wrong between us today: they went quiet after my suggestion and I pressed "
    "on. Raise it gently next time."
)
REPAIR_REFLECTION = (
    "Asked about last session. They said they had felt rushed; I said I could see that and we "
    "agreed how to pace things. It felt like a turning point."
)
# For whose benefit (1 the client's, 2 mine, 3 not sure) | what was shared
DISCLOSURES = [
    (int(benefit), note)
    for benefit, note in _fields("""
    1 | Said I find the dark evenings hard too, briefly, to normalise it; came straight back to them.
    1 | Mentioned I use the same breathing exercise myself.
    1 | Told them I also had exam nerves once; they seemed relieved.
    2 | Talked about my own move abroad for longer than needed. More for me than for them.
    2 | The story about my dog was for me: I wanted them to like me.
    3 | Told them I'm a parent too. Not sure it helped.
    3 | Mentioned my own therapy. Unsure whose need that served.
""")
]
SELF_CARE_NOTES = _lines("""
    Swim on Saturday morning
    Lunch away from my desk twice
    No email after seven
    Call my sister
    An evening with no case notes
    Book supervision early
""")
_END_NOTES = _fields("""
    graduated | Met the goals we set; agreed a check-in in three months.
    graduated | Ready to carry on alone. The door stays open.
    graduated | Planned ending; spaced the last sessions out.
    mutual | We agreed this is a good place to stop for now.
    mutual | Ending by agreement; client will get in touch if needed.
    withdrew | Stopped attending; two messages unanswered.
    withdrew | Client emailed to say they would stop for now.
    referred | Referred on for more intensive support; handover call done.
    referred | Referred to the community team after discussion with the GP.
    other | Moved out of the area.
""")
END_NOTES = {reason: [n for r, n in _END_NOTES if r == reason] for reason, _ in _END_NOTES}
PAUSE_REQUEST_NOTE = "Money is tight this month. Could we pause for a few weeks?"
PAUSE_NOTE = "Away for work for a month; we agreed to pause and pick up on return."


@dataclass
class Course:
    """The plan for one episode, before any rows exist."""

    kind: str  # recover | improve | stall | deteriorate | dropout
    intake: int | None = None  # PHQ-9 at the first session; drawn when not given
    status: str = Episode.ACTIVE
    end_reason: str = ""
    contacts: int = 8
    planned: int = 12
    last_date: date | None = None
    ended_on: date | None = None
    rupture: bool = False
    riser: bool = False
    pause_request: bool = False
    practice_plan: bool | None = None  # None: about three in four courses have one
    client_pending: bool = False  # the client has not yet given feedback on the last session
    therapist_pending: bool = False
    attendance: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    email: str
    therapist: str
    courses: list[Course]
    share: bool = False


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _raw_values(item: Item) -> list[int]:
    """Every answer a scored item accepts."""
    if item.kind == "choice":
        return [option.value for option in item.options]
    low, high = item.value_range or (0, 0)
    return list(range(low, high + 1))


class Answers:
    """Item answers whose core score comes out at a target, drawn per item within its options."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._cache: dict[str, Instrument] = {}
        self._scales_cache: dict[str, list[tuple[str, list[int], dict[int, int]]]] = {}

    def instrument(self, instrument_id: str) -> Instrument:
        if instrument_id not in self._cache:
            instrument = registry.get(instrument_id)
            if instrument is None:
                raise RuntimeError(
                    f"The demo needs the instrument {instrument_id!r}, which is missing."
                )
            self._cache[instrument_id] = instrument
        return self._cache[instrument_id]

    def _scales(self, instrument: Instrument) -> list[tuple[str, list[int], dict[int, int]]]:
        """Per scored item: its id, the values it can contribute (sorted), and the answer giving
        each value (reversed items count from the other end)."""
        key = f"scales:{instrument.id}"
        if key not in self._scales_cache:
            self._scales_cache[key] = [
                (
                    item.id,
                    sorted(item.scored_value(v) for v in _raw_values(item)),
                    {item.scored_value(v): v for v in _raw_values(item)},
                )
                for item in instrument.scored_items
            ]
        return self._scales_cache[key]

    def for_sum(
        self,
        instrument: Instrument,
        target: int,
        lean: dict[str, float] | None = None,
        fixed: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """Answers to the scored items whose scored values add up to ``target`` (clamped)."""
        rng, lean, fixed = self.rng, lean or {}, fixed or {}
        free = [scale for scale in self._scales(instrument) if scale[0] not in fixed]
        goal = target - sum(instrument.item(i).scored_value(v) for i, v in fixed.items())
        lows = sum(values[0] for _, values, _ in free)
        highs = sum(values[-1] for _, values, _ in free)
        goal = int(_clip(goal, lows, highs))
        share = (goal - lows) / (highs - lows) if highs > lows else 0.0
        # Each item starts near its share of the target, nudged by chance and by any lean ...
        position: list[int] = []
        for item_id, values, _ in free:
            span = values[-1] - values[0]
            wish = values[0] + span * (share + lean.get(item_id, 0.0)) + rng.gauss(0, span / 5)
            position.append(min(range(len(values)), key=lambda i, v=values, w=wish: abs(v[i] - w)))
        total = sum(values[i] for (_, values, _), i in zip(free, position, strict=True))
        # ... then single steps, each by an item that can still move that way, reach the target.
        for _ in range(1000):  # bounded: options with gaps may make the exact target unreachable
            if total == goal:
                break
            step = 1 if goal > total else -1
            movable = [
                k for k, (_, values, _) in enumerate(free) if 0 <= position[k] + step < len(values)
            ]
            weights = [1.0 + max(0.0, step * lean.get(free[k][0], 0.0)) * 6 for k in movable]
            k = rng.choices(movable, weights)[0]
            values = free[k][1]
            total += values[position[k] + step] - values[position[k]]
            position[k] += step
        answers: dict[str, Any] = dict(fixed)
        for (item_id, values, answer_for), i in zip(free, position, strict=True):
            answers[item_id] = answer_for[values[i]]
        return answers

    def for_mean(self, instrument: Instrument, mean: float, **kw: Any) -> dict[str, Any]:
        count = len(instrument.scored_items)
        return self.for_sum(instrument, round(mean * count), **kw)


class Builder:
    """Plans rows in memory (unsaved model instances), then writes them with bulk_create."""

    def __init__(self, rng: random.Random, today: date, password_hash: str):
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.password_hash = password_hash
        self.answers = Answers(rng)
        self.users: list[User] = []
        self.clients: list[Client] = []
        self.episodes: list[Episode] = []
        self.events: list[EpisodeEvent] = []
        self.sessions: list[Session] = []
        self.goals: list[Goal] = []
        self.plans: list[PracticePlan] = []
        self.responses: list[Response] = []

    # -- people ---------------------------------------------------------------------------------

    def user(self, practice: Practice, email: str, name: str, joined: date, **flags: Any) -> User:
        user = User(
            email=email,
            full_name=name,
            practice=practice,
            password=self.password_hash,
            is_active=True,
            date_joined=_at(joined, 9),
            **flags,
        )
        self.users.append(user)
        return user

    # -- responses ------------------------------------------------------------------------------

    def response(
        self,
        instrument: Instrument,
        answers: dict[str, Any],
        *,
        episode: Episode | None,
        session: Session | None,
        respondent: User | None,
        when: datetime,
        plan: PracticePlan | None = None,
        log_date: date | None = None,
    ) -> None:
        result = score(instrument, answers)
        self.responses.append(
            Response(
                episode=episode,
                session=session,
                plan=plan,
                instrument_id=instrument.id,
                instrument_version=str(instrument.version),
                respondent=respondent,
                respondent_role=instrument.respondent,
                answers=answers,
                total=result.total,
                subscales=dict(result.subscales),
                severity=result.severity or "",
                complete=result.complete,
                private=bool(instrument.private),
                submitted_at=min(when, self.now - timedelta(minutes=5)),
                log_date=log_date,
            )
        )

    def _symptoms(self, instrument_id: str, total: int) -> dict[str, Any]:
        instrument = self.answers.instrument(instrument_id)
        fixed: dict[str, int] = {}
        if instrument_id == "phq9" and "q9" in instrument.item_ids:
            # Any answer above "not at all" on item 9 raises a safety alert, which the demo does
            # not stage: seeded data bypasses the actions that would raise and route it.
            fixed["q9"] = 0
        answers = self.answers.for_sum(instrument, total, fixed=fixed)
        if "difficulty" in instrument.item_ids:
            high = (instrument.range.max if instrument.range else 27) or 27
            answers["difficulty"] = int(
                _clip(round(3 * total / high + self.rng.uniform(-0.4, 0.6)), 0, 3)
            )
        return answers

    # -- one episode ------------------------------------------------------------------------------

    def episode(
        self, client: Client, client_user: User, therapist: User, number: int, course: Course
    ) -> Episode:
        rng = self.rng
        attendance = course.attendance or self._attendance(course)
        dates = self._dates(course, len(attendance))
        episode = Episode(
            client=client,
            therapist=therapist,
            number=number,
            status=course.status,
            started_on=dates[0],
            ended_on=course.ended_on,
            end_reason=course.end_reason,
        )
        self.episodes.append(episode)
        self.events.append(
            EpisodeEvent(
                episode=episode,
                kind="opened",
                by=therapist,
                at=_at(dates[0], 8, 30),
                note="Welcome back." if number > 1 else "",
            )
        )
        attended_count = attendance.count(Session.ATTENDED)
        # The last session the client has answered for (their newest may still be waiting).
        stored = attended_count - (2 if course.client_pending else 1)
        series = self._series(course, attended_count, stored)
        hour = rng.choice([9, 10, 11, 13, 14, 15, 16, 17, 18])
        attended_dates: list[date] = []
        for position, (day, attended) in enumerate(zip(dates, attendance, strict=True), start=1):
            session = Session(
                episode=episode,
                number=position,
                date=day,
                attendance=attended,
                created_by=therapist,
                created_at=_at(day, hour, 55),
            )
            self.sessions.append(session)
            if attended == Session.ATTENDED:
                index = len(attended_dates)
                attended_dates.append(day)
                last = index == attended_count - 1
                self._session_responses(
                    session,
                    series[index],
                    _at(day, hour),
                    client_user,
                    therapist,
                    course,
                    client=not (last and course.client_pending),
                    therapist_side=not (last and course.therapist_pending),
                )
        self._goals(episode, therapist, course, dates[0], series)
        self._plans(episode, therapist, client_user, course, attended_dates, series)
        self._status_events(episode, therapist, client_user, course, dates[-1])
        return episode

    def _session_responses(
        self,
        session: Session,
        point: dict[str, Any],
        start: datetime,
        client_user: User,
        therapist: User,
        course: Course,
        *,
        client: bool,
        therapist_side: bool,
    ) -> None:
        rng = self.rng

        def answer(instrument_id: str, answers: dict[str, Any], by: User, minutes: int) -> None:
            self.response(
                self.answers.instrument(instrument_id),
                answers,
                episode=session.episode,
                session=session,
                respondent=by,
                when=start + timedelta(minutes=minutes),
            )

        instrument = self.answers.instrument
        if client:
            # Symptom questionnaires in the waiting room, the session scale afterwards.
            answer("phq9", self._symptoms("phq9", point["phq9"]), client_user, -10)
            answer("gad7", self._symptoms("gad7", point["gad7"]), client_user, -8)
            answers = self.answers.for_mean(
                instrument(registry.SESSION_SCALE), point["partnership"]
            )
            if point["ruptured"]:
                answers["next_time"] = rng.choice(RUPTURE_COMMENTS)
            elif rng.random() < 0.07:
                answers["next_time"] = rng.choice(CLIENT_COMMENTS)
            answer(registry.SESSION_SCALE, answers, client_user, rng.randint(60, 60 * 30))
            if (session.number - 1) % 4 == 0:
                growth = self.answers.for_mean(instrument("growth"), point["growth"])
                answer("growth", growth, client_user, -6)
                # Leaning on the therapist shows most in needing them and handing them decisions.
                lean = {"needs_therapist": 0.35, "hands_decisions": 0.3} if course.riser else None
                reliance = self.answers.for_mean(
                    instrument("reliance"), point["reliance"], lean=lean
                )
                answer("reliance", reliance, client_user, -5)
        if therapist_side:
            answers = self.answers.for_mean(instrument(registry.MIRROR_SCALE), point["mirror"])
            if rng.random() < 0.05:
                answers["next_time"] = rng.choice(MIRROR_COMMENTS)
            minutes = rng.randint(55, 240)
            answer(registry.MIRROR_SCALE, answers, therapist, minutes)
            answer(registry.REFLECTION, self._reflection(point), therapist, minutes + 3)

    def _attendance(self, course: Course) -> list[str]:
        rng = self.rng
        if course.kind == "dropout":
            shown = rng.randint(2, 4)
            missed = max(4 - shown, rng.randint(1, 2))
            tail = [rng.choice([Session.NO_SHOW, Session.CANCELLED]) for _ in range(missed - 1)]
            return [Session.ATTENDED] * shown + tail + [Session.NO_SHOW]
        result = [Session.ATTENDED]
        for position in range(2, course.contacts + 1):
            protected = course.rupture or (course.riser and (position - 1) % 4 == 0)
            roll = rng.random()
            if position == course.contacts or protected or roll > 0.09:
                result.append(Session.ATTENDED)
            else:
                result.append(Session.CANCELLED if roll < 0.055 else Session.NO_SHOW)
        return result

    def _dates(self, course: Course, contacts: int) -> list[date]:
        last = course.last_date or self.today
        dates = [last]
        for _ in range(contacts - 1):
            gap = 14 if self.rng.random() < 0.08 else 7  # a week missed: holiday, illness
            dates.append(dates[-1] - timedelta(days=gap))
        return dates[::-1]

    def _series(self, course: Course, attended: int, stored: int) -> list[dict[str, Any]]:
        """Target scores at each attended session, following the course's story."""
        rng = self.rng
        kind = course.kind
        p0 = (
            rng.randint(10, 16)
            if kind == "deteriorate"
            else (rng.randint(10, 22) if rng.random() < 0.9 else rng.randint(6, 9))
        )
        p0 = course.intake or p0
        if kind == "recover":
            p_end = rng.randint(2, max(2, min(8, p0 - 6)))
        elif kind == "improve":
            p_end = p0 - rng.randint(4, 8)
        elif kind == "deteriorate":
            p_end = min(24, p0 + rng.randint(7, 10))
        else:  # stall, dropout
            p_end = p0 + rng.randint(-3, 2)
        g0 = int(_clip(round(0.55 * p0 + rng.uniform(1, 7.5)), 5, 20))
        g_end = _clip(g0 * p_end / max(p0, 1) + rng.uniform(-2, 2), 0, 21)
        a0 = (
            rng.uniform(4.8, 6.4)
            if kind == "deteriorate"
            else (rng.uniform(5.4, 7.0) if kind == "dropout" else rng.uniform(6.3, 8.5))
        )
        trend = {"deteriorate": -0.06, "dropout": 0.0}.get(kind, rng.uniform(0.04, 0.12))
        gap = rng.uniform(0.3, 1.2)  # therapists tend to rate the relationship higher
        gr0 = rng.uniform(1.2, 2.2)
        gr_end = gr0 + {
            "recover": rng.uniform(1.0, 1.6),
            "improve": rng.uniform(0.6, 1.1),
            "deteriorate": -rng.uniform(0.3, 0.7),
        }.get(kind, rng.uniform(-0.2, 0.3))
        rl0 = rng.uniform(0.6, 1.8)
        rl_end = rl0 + (
            rng.uniform(1.1, 1.6)
            if course.riser
            else {
                "recover": -rng.uniform(0.2, 0.6),
                "improve": -rng.uniform(0.1, 0.4),
                "deteriorate": rng.uniform(0.2, 0.6),
            }.get(kind, rng.uniform(-0.1, 0.3))
        )
        tau = rng.uniform(3.0, 7.0) if kind != "deteriorate" else 40.0
        # Getting worse happens within what we see; getting better follows a planned course.
        planned = stored + 1 if kind == "deteriorate" else max(course.planned, attended)
        rupture_at = rng.randint(2, max(2, attended - 4)) if course.rupture else -10
        drop = rng.uniform(2.5, 3.0)
        points: list[dict[str, Any]] = []
        for i in range(attended):
            f = (
                (1 - math.exp(-i / tau)) / (1 - math.exp(-(planned - 1) / tau))
                if planned > 1
                else 1
            )
            f = _clip(f, 0, 1)
            quiet = i == 0 or abs(i - rupture_at - 0.5) <= 2  # no noise around a rupture
            phq = p0 + (p_end - p0) * f + (0 if i == 0 else _clip(rng.gauss(0, 1.3), -3, 3))
            gad = g0 + (g_end - g0) * f + (0 if i == 0 else _clip(rng.gauss(0, 1.0), -2.5, 2.5))
            base = _clip(a0 + trend * i, 2.0, 9.6)
            noise = 0 if quiet else _clip(rng.gauss(0, 0.3), -0.7, 0.7)
            alliance, seen = base + noise, base + gap + noise
            if i == rupture_at:  # a rupture: the client's rating falls; the therapist sees less
                alliance, seen = base - drop, base + gap - 1.0
            elif i == rupture_at + 1:  # repair under way
                alliance, seen = base - drop * 0.35, base + gap - 0.3
            points.append(
                {
                    "phq9": int(_clip(round(phq), 0, 24)),
                    "gad7": int(_clip(round(gad), 0, 21)),
                    "partnership": _clip(alliance, 0, 10),
                    "mirror": _clip(seen, 0, 10),
                    "growth": _clip(gr0 + (gr_end - gr0) * f + rng.gauss(0, 0.12), 0, 4),
                    "reliance": _clip(rl0 + (rl_end - rl0) * f + rng.gauss(0, 0.1), 0, 4),
                    "ruptured": i == rupture_at,
                    "repairing": i == rupture_at + 1,
                    "progress": f,
                }
            )
        if stored > 0:
            first, last = points[0]["phq9"], points[stored]
            # Keep each story what it is meant to be: only the deteriorating clients get
            # reliably worse (6 points or more on the PHQ-9), and they all do.
            if kind == "deteriorate":
                last["phq9"] = max(last["phq9"], first + 6)
            else:
                last["phq9"] = min(last["phq9"], first + 4)
        return points

    def _reflection(self, point: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        answers: dict[str, Any] = {
            "presence": int(
                _clip(round(rng.gauss(7.5, 1.2) - (1.5 if point["ruptured"] else 0)), 2, 10)
            ),
            "disclosed": 0,
        }
        if point["ruptured"]:
            answers["learned"] = RUPTURE_REFLECTION
        elif point["repairing"]:
            answers["learned"] = REPAIR_REFLECTION
        elif rng.random() < 0.55:
            answers["learned"] = rng.choice(LEARNED)
        if rng.random() < 0.08:
            benefit, note = rng.choice(DISCLOSURES)
            answers.update(disclosed=1, disclosure_benefit=benefit, disclosure_note=note)
        return answers

    def _goals(
        self,
        episode: Episode,
        therapist: User,
        course: Course,
        start: date,
        series: list[dict[str, Any]],
    ) -> None:
        rng = self.rng
        progress_now = series[-1]["progress"] if series else 0.0
        for number, text in enumerate(rng.sample(GOALS, rng.choice([2, 2, 3]))):
            status, progress = Goal.ACTIVE, None
            if course.kind == "dropout":
                progress = rng.choice([None, 1, 2])
            elif course.end_reason in ("graduated", "mutual") and course.kind == "recover":
                status, progress = Goal.ACHIEVED, rng.randint(8, 10)
                if number == 2 and rng.random() < 0.5:
                    status, progress = Goal.SET_ASIDE, rng.randint(3, 6)
            elif rng.random() < 0.8:
                better = course.kind in ("recover", "improve")
                progress = int(
                    _clip(
                        round(10 * progress_now * rng.uniform(0.5, 0.9))
                        if better
                        else rng.randint(1, 4),
                        0,
                        10,
                    )
                )
            when = _at(start, 12)
            self.goals.append(
                Goal(
                    episode=episode,
                    text=text,
                    status=status,
                    progress=progress,
                    created_by=therapist,
                    created_at=when,
                    updated_at=when + timedelta(days=7 * len(series) // 2),
                )
            )

    def _plans(
        self,
        episode: Episode,
        therapist: User,
        client_user: User,
        course: Course,
        attended: list[date],
        series: list[dict[str, Any]],
    ) -> None:
        """A between-session practice plan from the second session, with the client's log."""
        rng = self.rng
        wanted = rng.random() >= 0.25 if course.practice_plan is None else course.practice_plan
        if len(attended) < 3 or not wanted:
            return
        engagement = {"dropout": 0.15, "deteriorate": 0.3, "stall": 0.45}.get(
            course.kind, rng.uniform(0.45, 0.9)
        )
        titles = rng.sample(PLANS, 2)
        switch = len(attended) if len(attended) < 8 or rng.random() < 0.6 else len(attended) // 2
        log_instrument = self.answers.instrument(registry.PRACTICE_LOG)
        current: PracticePlan | None = None
        for index in range(1, len(attended)):
            if index in (1, switch):
                title, description, how_often = titles[0 if index == 1 else 1]
                current = PracticePlan(
                    episode=episode,
                    title=title,
                    description=description,
                    how_often=how_often,
                    active=course.status != Episode.ENDED,
                    created_by=therapist,
                    created_at=_at(attended[index], 17),
                )
                if self.plans and index == switch and self.plans[-1].episode is episode:
                    self.plans[-1].active = False
                self.plans.append(current)
            assert current is not None
            week_end = (
                attended[index + 1]
                if index + 1 < len(attended)
                else (
                    self.today
                    if course.status == Episode.ACTIVE
                    else attended[index] + timedelta(7)
                )
            )
            span = (week_end - attended[index]).days
            days = (
                sorted(
                    rng.sample(
                        range(1, span),
                        min(span - 1, sum(rng.random() < engagement for _ in range(3))),
                    )
                )
                if span > 1
                else []
            )
            for offset in days:
                day = attended[index] + timedelta(days=offset)
                if day > self.today:
                    continue
                practised = rng.random() < 0.85
                answers: dict[str, Any] = {"practised": int(practised)}
                if practised:
                    mood = 4 + 4 * series[index]["progress"] * (
                        course.kind in ("recover", "improve")
                    )
                    answers["how_it_went"] = int(_clip(round(mood + rng.gauss(0, 1.3)), 0, 10))
                    if rng.random() < 0.35:
                        answers["what_happened"] = rng.choice(LOG_NOTES)
                elif rng.random() < 0.6:
                    answers["what_happened"] = rng.choice(SKIPPED_NOTES)
                self.response(
                    log_instrument,
                    answers,
                    episode=episode,
                    session=None,
                    respondent=client_user,
                    when=_at(day, rng.randint(18, 22)),
                    plan=current,
                    log_date=day,
                )

    def _status_events(
        self, episode: Episode, therapist: User, client_user: User, course: Course, last: date
    ) -> None:
        rng = self.rng
        if course.status == Episode.ENDED:
            note = rng.choice(END_NOTES[course.end_reason])
            episode.end_note = note
            ended = course.ended_on or last
            self.events.append(
                EpisodeEvent(
                    episode=episode, kind="ended", note=note, by=therapist, at=_at(ended, 18)
                )
            )
        elif course.status == Episode.PAUSED:
            self.events.append(
                EpisodeEvent(
                    episode=episode,
                    kind="paused",
                    note=PAUSE_NOTE,
                    by=therapist,
                    at=_at(last + timedelta(days=2), 10),
                )
            )
        if course.pause_request:
            asked = _at(self.today - timedelta(days=1), 20, 15)
            episode.pause_requested_at = asked
            episode.pause_request_note = PAUSE_REQUEST_NOTE
            self.events.append(
                EpisodeEvent(
                    episode=episode,
                    kind="pause_requested",
                    note=PAUSE_REQUEST_NOTE,
                    by=client_user,
                    at=asked,
                )
            )

    # -- therapist's own check --------------------------------------------------------------------

    def self_care(self, therapist: User, weeks: int) -> None:
        instrument = self.answers.instrument(registry.SELF_CARE)
        for week in range(weeks, 0, -1):
            day = self.today - timedelta(days=7 * week - 2)
            mean = _clip(2.7 + self.rng.gauss(0, 0.35) - (0.9 if week == 3 else 0), 0, 4)
            answers = self.answers.for_mean(instrument, mean)
            if self.rng.random() < 0.6:
                answers["one_thing"] = self.rng.choice(SELF_CARE_NOTES)
            self.response(
                instrument,
                answers,
                episode=None,
                session=None,
                respondent=therapist,
                when=_at(day, 18, 30),
            )

    # -- writing ----------------------------------------------------------------------------------

    def save_people(self) -> None:
        User.objects.bulk_create(self.users)

    def save_clients(self) -> None:
        Client.objects.bulk_create(self.clients)
        Episode.objects.bulk_create(self.episodes)
        EpisodeEvent.objects.bulk_create(self.events)
        Goal.objects.bulk_create(self.goals)
        PracticePlan.objects.bulk_create(self.plans)

    def save_sessions(self) -> None:
        Session.objects.bulk_create(self.sessions, batch_size=500)

    def save_responses(self) -> None:
        Response.objects.bulk_create(self.responses, batch_size=500)


# -- the two practices' stories -----------------------------------------------------------------

# (status, end reason, kind, how many) for Harbour Lane's clients other than the named ones.
HARBOUR_COURSES = [
    (Episode.ACTIVE, "", "recover", 16),
    (Episode.ACTIVE, "", "improve", 8),
    (Episode.ACTIVE, "", "stall", 7),
    (Episode.ACTIVE, "", "deteriorate", 4),
    (Episode.PAUSED, "", "improve", 1),
    (Episode.ENDED, "graduated", "recover", 9),
    (Episode.ENDED, "mutual", "recover", 3),
    (Episode.ENDED, "mutual", "improve", 2),
    (Episode.ENDED, "withdrew", "dropout", 6),
    (Episode.ENDED, "referred", "deteriorate", 1),
    (Episode.ENDED, "referred", "stall", 1),
    (Episode.ENDED, "other", "stall", 1),
]
THERAPISTS = [
    "therapist@example.org",
    "therapist2@example.org",
    "therapist3@example.org",
    "therapist4@example.org",
]


def _course(rng: random.Random, today: date, status: str, reason: str, kind: str) -> Course:
    course = Course(kind=kind, status=status, end_reason=reason)
    if status == Episode.ACTIVE:
        course.contacts = rng.randint(6, 12) if kind == "deteriorate" else rng.randint(4, 16)
        course.planned = min(20, course.contacts + rng.randint(2, 8))
        course.last_date = today - timedelta(days=rng.randint(1, 6))
        recent = (today - course.last_date).days <= 3
        course.client_pending = recent and rng.random() < 0.5
        course.therapist_pending = recent and rng.random() < 0.3
    elif status == Episode.PAUSED:
        course.contacts = rng.randint(5, 9)
        course.planned = course.contacts + 6
        course.last_date = today - timedelta(days=rng.randint(14, 24))
    else:
        course.contacts = {
            "dropout": 5,
            "deteriorate": rng.randint(7, 12),
            "stall": rng.randint(6, 12),
        }.get(kind, rng.randint(8, 20))
        course.planned = course.contacts
        end = today - timedelta(days=rng.randint(10, 330))
        course.last_date = end - timedelta(days=rng.randint(14, 21) if kind == "dropout" else 0)
        course.ended_on = end
    return course


def _people(rng: random.Random, today: date) -> list[Person]:
    names = iter(rng.sample(FIRST_NAMES, len(FIRST_NAMES)))

    def name() -> str:
        return f"{next(names)} {rng.choice(INITIALS)}."

    courses = [
        _course(rng, today, status, reason, kind)
        for status, reason, kind, count in HARBOUR_COURSES
        for _ in range(count)
    ]
    rng.shuffle(courses)
    # Spread the stories over four caseloads; the first therapist has the fullest one.
    active = [c for c in courses if c.status == Episode.ACTIVE]
    others = [c for c in courses if c.status != Episode.ACTIVE]
    people: list[Person] = []
    for index, course in enumerate(active):
        therapist = THERAPISTS[0] if index < 11 else THERAPISTS[1 + index % 3]
        people.append(Person(name(), "", therapist, [course]))
    for index, course in enumerate(others):
        people.append(Person(name(), "", THERAPISTS[index % 4], [course]))
    # Ruptures and repairs, and clients who lean more on therapy while their symptoms improve.
    long_enough = [
        p for p in people if p.courses[0].kind != "dropout" and p.courses[0].contacts >= 8
    ]
    for person in rng.sample(long_enough, 8):
        person.courses[0].rupture = True
    risers = [
        p
        for p in people
        if p.courses[0].kind in ("recover", "improve")
        and p.courses[0].contacts >= 10
        and not p.courses[0].rupture
    ]
    for person in rng.sample(risers, min(4, len(risers))):
        person.courses[0].riser = True
    # One active client of the second therapist asked to pause yesterday.
    for person in people:
        if person.therapist == THERAPISTS[1] and person.courses[0].status == Episode.ACTIVE:
            person.courses[0].pause_request = True
            break
    # Two returning clients: an ended course a year ago, and a new one now.
    for person in [p for p in people if p.courses[0].status == Episode.ACTIVE][-2:]:
        before = _course(rng, today, Episode.ENDED, "graduated", "recover")
        start = person.courses[0].last_date - timedelta(days=7 * person.courses[0].contacts + 7)
        before.ended_on = min(before.ended_on, start - timedelta(days=120))
        before.last_date = before.ended_on
        person.courses.insert(0, before)
    # The demo client: therapist@'s client, mid-course, one rupture and repair, and their last
    # session two days ago not yet rated, so "How was your last session?" is waiting for them.
    people.insert(
        0,
        Person(
            "Jordan M.",
            "client@example.org",
            THERAPISTS[0],
            [
                Course(
                    kind="recover",
                    intake=17,
                    contacts=9,
                    planned=16,
                    last_date=today - timedelta(days=2),
                    rupture=True,
                    client_pending=True,
                    practice_plan=True,
                    attendance=[Session.ATTENDED] * 5
                    + [Session.CANCELLED]
                    + [Session.ATTENDED] * 3,
                )
            ],
            share=True,
        ),
    )
    for index, person in enumerate(people):
        if not person.email:
            first, initial = person.name.split()
            person.email = f"{_ascii(first)}.{_ascii(initial[0])}{index}@clients.example.org"
        person.share = person.share or rng.random() < 0.5
    return people


def _other_people(rng: random.Random, today: date) -> list[Person]:
    return [
        Person(
            "Lena K.",
            "other-client@example.org",
            "other-therapist@example.org",
            [Course(kind="improve", contacts=6, planned=12, last_date=today - timedelta(days=3))],
        ),
        Person(
            "Omar S.",
            "other-client2@example.org",
            "other-therapist@example.org",
            [Course(kind="recover", contacts=4, planned=10, last_date=today - timedelta(days=5))],
        ),
    ]


def _fill_practice(
    builder: Builder, practice: Practice, staff: dict[str, User], people: list[Person]
) -> None:
    for person in people:
        user = builder.user(practice, person.email, person.name, builder.today, is_client=True)
        therapist = staff[person.therapist]
        client = Client(
            practice=practice,
            user=user,
            display_name=person.name,
            therapist=therapist,
            share_with_supervisor=person.share,
        )
        builder.clients.append(client)
        episodes = [
            builder.episode(client, user, therapist, number, course)
            for number, course in enumerate(person.courses, start=1)
        ]
        # The client record (and their login) dates from the first contact.
        client.created_at = user.date_joined = _at(episodes[0].started_on, 9)


def seed(progress: bool = False) -> bool:
    """Create the demo practices. False (and nothing changed) if the demo is already there."""
    bar: Any = nullcontext()
    if progress:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(
            TextColumn("{task.description:<24}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
    with transaction.atomic(), bar:
        if Practice.objects.filter(slug=DEMO_SLUG).exists():
            return False
        task = bar.add_task("Demo: people", total=4) if progress else None

        def step(description: str) -> None:
            if task is not None:
                bar.update(task, advance=1, description=f"Demo: {description}")

        rng = random.Random(SEED)
        today = timezone.localdate()
        # One hash for everyone: Argon2 is slow on purpose, and these are all demo accounts.
        builder = Builder(rng, today, make_password(DEMO_PASSWORD))
        harbour = Practice.objects.create(name="Harbour Lane Therapy", slug=DEMO_SLUG)
        other = Practice.objects.create(name="Other Practice", slug=OTHER_SLUG)
        for practice in (harbour, other):
            install_default_schedule(practice)
        long_ago = today - timedelta(days=3 * 365)
        staff = {
            email: builder.user(harbour, email, name, long_ago, **flags)
            for email, name, flags in STAFF
        }
        staff["other-therapist@example.org"] = builder.user(
            other,
            "other-therapist@example.org",
            "Ines Lindqvist",
            long_ago,
            is_therapist=True,
            is_practice_admin=True,
        )
        harbour_people, other_people = _people(rng, today), _other_people(rng, today)
        _fill_practice(builder, harbour, staff, harbour_people)
        _fill_practice(builder, other, staff, other_people)
        builder.self_care(staff["therapist@example.org"], weeks=6)
        builder.self_care(staff["therapist2@example.org"], weeks=2)
        builder.save_people()
        Supervision.objects.bulk_create(
            [
                Supervision(
                    practice=harbour,
                    supervisor=staff["supervisor@example.org"],
                    therapist=staff[email],
                )
                for email in THERAPISTS[:2]
            ]
        )
        step("clients")
        builder.save_clients()
        step("sessions")
        builder.save_sessions()
        step("responses")
        builder.save_responses()
        from tandem.care.demo_risk import add_risk_story

        add_risk_story(
            harbour,
            staff["therapist@example.org"],
            skip=Client.objects.get(user__email="client@example.org"),
        )
        step("done")
        for practice, people in ((harbour, harbour_people), (other, other_people)):
            record(
                actor=None,
                action="demo.seed",
                obj=practice,
                practice_id=practice.pk,
                detail={"clients": len(people)},
            )
    return True
