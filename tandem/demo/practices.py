"""The two demo practices' stories, and ``seed``: the entry point of ``tandem seed-demo``."""

from __future__ import annotations

import random
from contextlib import nullcontext
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Practice, Supervision, User
from tandem.audit.chain import record
from tandem.care.models import Client, Episode, Session
from tandem.demo.builder import Builder
from tandem.demo.plan import Course, Person, ascii_name, at
from tandem.demo.words import (
    DEMO_PASSWORD,
    DEMO_SLUG,
    FIRST_NAMES,
    INITIALS,
    OTHER_SLUG,
    SEED,
    STAFF,
)
from tandem.measures.actions import install_default_schedule

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
            person.email = (
                f"{ascii_name(first)}.{ascii_name(initial[0])}{index}@clients.example.org"
            )
        person.share = person.share or rng.random() < 0.5
    return people


def _spanish_people(today: date) -> list[Person]:
    """A client who chose Spanish, so a visitor sees the portal in Spanish: Tomás Ferreira's
    client, mid-course and improving, a practice plan under way, and her last session two days
    ago not yet rated, so "¿Qué tal tu última sesión?" is waiting for her."""
    return [
        Person(
            "Marta G.",
            "client-es@example.org",
            THERAPISTS[1],
            [
                Course(
                    kind="improve",
                    intake=15,
                    contacts=7,
                    planned=12,
                    last_date=today - timedelta(days=2),
                    client_pending=True,
                    practice_plan=True,
                    attendance=[Session.ATTENDED] * 7,
                )
            ],
            language="es",
        )
    ]


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
        user = builder.user(
            practice,
            person.email,
            person.name,
            builder.today,
            language=person.language,
            is_client=True,
        )
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
        client.created_at = user.date_joined = at(episodes[0].started_on, 9)


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
        # The client who chose Spanish draws from a generator of her own, so every other client's
        # story stays as it was before she joined.
        spanish = Builder(random.Random(SEED + 1), today, builder.password_hash)
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
        spanish_people = _spanish_people(today)
        _fill_practice(builder, harbour, staff, harbour_people)
        _fill_practice(builder, other, staff, other_people)
        _fill_practice(spanish, harbour, staff, spanish_people)
        builder.self_care(staff["therapist@example.org"], weeks=6)
        builder.self_care(staff["therapist2@example.org"], weeks=2)
        builder.save_people()
        spanish.save_people()
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
        spanish.save_clients()
        step("sessions")
        builder.save_sessions()
        spanish.save_sessions()
        step("responses")
        builder.save_responses()
        spanish.save_responses()
        from tandem.demo.risk import add_risk_story

        add_risk_story(
            harbour,
            staff["therapist@example.org"],
            skip=Client.objects.get(user__email="client@example.org"),
        )
        from tandem.demo.transcripts import add_demo_transcript

        add_demo_transcript("client@example.org", staff["therapist@example.org"])
        from tandem.demo.follow_up import add_follow_ups

        add_follow_ups(harbour, today)
        from tandem.demo.room import add_handovers
        from tandem.demo.texts import add_texts

        add_handovers(
            harbour,
            staff["therapist@example.org"],
            skip=Client.objects.get(user__email="client@example.org"),
        )
        add_texts()
        step("done")
        for practice, people in ((harbour, harbour_people + spanish_people), (other, other_people)):
            record(
                actor=None,
                action="demo.seed",
                obj=practice,
                practice_id=practice.pk,
                detail={"clients": len(people)},
            )
    return True
