"""Builds the demo's rows in memory and writes them in bulk."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from tandem.accounts.models import Practice, User
from tandem.care.models import Client, Episode, EpisodeEvent, Goal, PracticePlan, Session
from tandem.core.instruments import Instrument, in_language, score
from tandem.demo.answers import Answers
from tandem.demo.plan import Course, at, clip
from tandem.demo.words import (
    CLIENT_WORDS,
    DISCLOSURES,
    END_NOTES,
    ENGLISH_CLIENT_WORDS,
    LEARNED,
    MIRROR_COMMENTS,
    PAUSE_NOTE,
    PAUSE_REQUEST_NOTE,
    REPAIR_REFLECTION,
    RUPTURE_REFLECTION,
    SELF_CARE_NOTES,
    ClientWords,
)
from tandem.measures import registry
from tandem.measures.models import Response


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

    def user(
        self,
        practice: Practice,
        email: str,
        name: str,
        joined: date,
        language: str = "",
        **flags: Any,
    ) -> User:
        user = User(
            email=email,
            full_name=name,
            practice=practice,
            password=self.password_hash,
            is_active=True,
            date_joined=at(joined, 9),
            language=language,
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
        # A person who chose a language answered in it where the questionnaire has it (Tandem's
        # own scales in Spanish) and in its own words otherwise (the PHQ-9), as the portal shows
        # them; the demo's other answers, like those stored before languages, say none.
        chosen = respondent.language if respondent is not None else ""
        language = in_language(instrument, chosen).language if chosen else ""
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
                language=language,
            )
        )

    @staticmethod
    def _words(client_user: User) -> ClientWords:
        return CLIENT_WORDS.get(client_user.language, ENGLISH_CLIENT_WORDS)

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
                clip(round(3 * total / high + self.rng.uniform(-0.4, 0.6)), 0, 3)
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
                at=at(dates[0], 8, 30),
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
                created_at=at(day, hour, 55),
            )
            self.sessions.append(session)
            if attended == Session.ATTENDED:
                index = len(attended_dates)
                attended_dates.append(day)
                last = index == attended_count - 1
                self._session_responses(
                    session,
                    series[index],
                    at(day, hour),
                    client_user,
                    therapist,
                    course,
                    client=not (last and course.client_pending),
                    therapist_side=not (last and course.therapist_pending),
                )
        self._goals(episode, therapist, course, dates[0], series, self._words(client_user))
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
        words = self._words(client_user)

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
                answers["next_time"] = rng.choice(words.rupture_comments)
            elif rng.random() < 0.07:
                answers["next_time"] = rng.choice(words.comments)
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
        g0 = int(clip(round(0.55 * p0 + rng.uniform(1, 7.5)), 5, 20))
        g_end = clip(g0 * p_end / max(p0, 1) + rng.uniform(-2, 2), 0, 21)
        a0 = (
            rng.uniform(4.8, 6.4)
            if kind == "deteriorate"
            else (rng.uniform(5.4, 7.0) if kind == "dropout" else rng.uniform(6.3, 8.5))
        )
        trend = {"deteriorate": -0.06, "dropout": 0.0}.get(kind, rng.uniform(0.04, 0.12))
        # How far the therapist's mirror sits from the client's rating, either way: on average
        # clients rate the alliance higher than therapists do (Tryon, Blackwell & Hammel, 2007,
        # Psychotherapy Research 17(6)), but a given pair can differ in either direction.
        gap = rng.uniform(-1.0, 0.6)
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
            f = clip(f, 0, 1)
            quiet = i == 0 or abs(i - rupture_at - 0.5) <= 2  # no noise around a rupture
            phq = p0 + (p_end - p0) * f + (0 if i == 0 else clip(rng.gauss(0, 1.3), -3, 3))
            gad = g0 + (g_end - g0) * f + (0 if i == 0 else clip(rng.gauss(0, 1.0), -2.5, 2.5))
            base = clip(a0 + trend * i, 2.0, 9.6)
            noise = 0 if quiet else clip(rng.gauss(0, 0.3), -0.7, 0.7)
            alliance, seen = base + noise, base + gap + noise
            if i == rupture_at:  # a rupture: the client's rating falls; the therapist sees less
                alliance, seen = base - drop, base + gap - 1.0
            elif i == rupture_at + 1:  # repair under way
                alliance, seen = base - drop * 0.35, base + gap - 0.3
            points.append(
                {
                    "phq9": int(clip(round(phq), 0, 24)),
                    "gad7": int(clip(round(gad), 0, 21)),
                    "partnership": clip(alliance, 0, 10),
                    "mirror": clip(seen, 0, 10),
                    "growth": clip(gr0 + (gr_end - gr0) * f + rng.gauss(0, 0.12), 0, 4),
                    "reliance": clip(rl0 + (rl_end - rl0) * f + rng.gauss(0, 0.1), 0, 4),
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
                clip(round(rng.gauss(7.5, 1.2) - (1.5 if point["ruptured"] else 0)), 2, 10)
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
        words: ClientWords,
    ) -> None:
        rng = self.rng
        progress_now = series[-1]["progress"] if series else 0.0
        for number, text in enumerate(rng.sample(words.goals, rng.choice([2, 2, 3]))):
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
                    clip(
                        round(10 * progress_now * rng.uniform(0.5, 0.9))
                        if better
                        else rng.randint(1, 4),
                        0,
                        10,
                    )
                )
            when = at(start, 12)
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
        words = self._words(client_user)
        titles = rng.sample(words.plans, 2)
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
                    created_at=at(attended[index], 17),
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
                    answers["how_it_went"] = int(clip(round(mood + rng.gauss(0, 1.3)), 0, 10))
                    if rng.random() < 0.35:
                        answers["what_happened"] = rng.choice(words.log_notes)
                elif rng.random() < 0.6:
                    answers["what_happened"] = rng.choice(words.skipped_notes)
                self.response(
                    log_instrument,
                    answers,
                    episode=episode,
                    session=None,
                    respondent=client_user,
                    when=at(day, rng.randint(18, 22)),
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
                    episode=episode, kind="ended", note=note, by=therapist, at=at(ended, 18)
                )
            )
        elif course.status == Episode.PAUSED:
            self.events.append(
                EpisodeEvent(
                    episode=episode,
                    kind="paused",
                    note=PAUSE_NOTE,
                    by=therapist,
                    at=at(last + timedelta(days=2), 10),
                )
            )
        if course.pause_request:
            asked = at(self.today - timedelta(days=1), 20, 15)
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
            mean = clip(2.7 + self.rng.gauss(0, 0.35) - (0.9 if week == 3 else 0), 0, 4)
            answers = self.answers.for_mean(instrument, mean)
            if self.rng.random() < 0.6:
                answers["one_thing"] = self.rng.choice(SELF_CARE_NOTES)
            self.response(
                instrument,
                answers,
                episode=None,
                session=None,
                respondent=therapist,
                when=at(day, 18, 30),
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
