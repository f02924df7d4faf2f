"""A practice at national scale for load and volume figures: `tandem seed-demo --scale large`.

1,000 therapists, 50,000 clients (one episode each, ten sessions), and 1,000,000 responses (the
session partnership scale and the PHQ-9 at every session). Rows are written in bulk — COPY on
PostgreSQL, batched inserts on SQLite — from model instances, so every column the models define
gets its proper value. Scores are the core's own: answer sets are scored once by
``tandem.core.instruments.score`` and reused, chosen so that most clients improve.
Loading twice changes nothing (the practice's slug is the marker).
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from tandem.accounts.models import Practice, User
from tandem.care.models import Client, Episode, Session
from tandem.core.instruments import score
from tandem.measures import registry
from tandem.measures.actions import install_default_schedule
from tandem.measures.models import Response

SLUG = "large"
PASSWORD = "tandem-demo-large"
LOGINS = [
    ("lead@large.example", "practice admin"),
    ("therapist1@large.example", "therapist with 50 clients"),
    ("client1@large.example", "client"),
]

_BATCH = 20_000


def _write(
    model: type[models.Model],
    template: dict[str, Any],
    varying: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
) -> int:
    """Write rows in bulk; returns how many.

    Every column gets the value a ``model(**template)`` instance would save, except the
    ``varying`` attributes (the id first), which each row gives. Preparing the constant columns
    once, and only dates and times per row, keeps a million rows to seconds, not minutes.
    """
    fields = [f for f in model._meta.concrete_fields]
    example = model(**template)
    base = [f.get_db_prep_save(getattr(example, f.attname), connection) for f in fields]
    by_name = {f.attname: (i, f) for i, f in enumerate(fields)}
    slots = [by_name[name][0] for name in varying]
    prep = [
        by_name[name][1] if isinstance(by_name[name][1], models.DateField) else None
        for name in varying
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def prepared() -> Iterator[list[Any]]:
        for row in rows:
            values = list(base)
            for slot, field, value in zip(slots, prep, row, strict=True):
                values[slot] = value if field is None else field.get_db_prep_save(value, connection)
            yield values

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            batch: list[list[Any]] = []
            for values in prepared():
                batch.append(values)
                if len(batch) >= _BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def _next_id(model: type[models.Model]) -> int:
    return int(model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite follows the largest id by itself
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


class _AnswerBank:
    """Answer sets scored once by the core, found again by their total."""

    def __init__(self, instrument_id: str, rng: random.Random, size: int = 3000) -> None:
        instrument = registry.get(instrument_id)
        assert instrument is not None, instrument_id
        self.instrument = instrument
        # total -> [(answers JSON, total, subscales JSON, severity)], ready for the database
        self.by_total: dict[int, list[tuple[str, float, str, str]]] = defaultdict(list)
        for _ in range(size):
            answers: dict[str, Any] = {}
            level = rng.random()
            for item in instrument.items:
                if item.options:
                    values = [o.value for o in item.options]
                    answers[item.id] = values[min(len(values) - 1, int(level * len(values)))]
                    if rng.random() < 0.35:
                        answers[item.id] = rng.choice(values)
                    if item.risk is not None:
                        # Risk answers raise alerts through the action only; none in bulk data.
                        answers[item.id] = values[0]
                elif item.min is not None and item.max is not None:
                    span = item.max - item.min
                    step = round(level * span + rng.gauss(0, 1))
                    answers[item.id] = item.min + max(0, min(span, step))
            result = score(instrument, answers)
            if result.total is not None:
                self.by_total[int(result.total)].append(
                    (
                        json.dumps(answers),
                        result.total,
                        json.dumps(result.subscales),
                        result.severity or "",
                    )
                )
        self.totals = sorted(self.by_total)

    def near(self, target: float, rng: random.Random) -> tuple[str, float, str, str]:
        total = min(self.totals, key=lambda t: abs(t - target))
        return rng.choice(self.by_total[total])


def seed_large(
    therapists: int = 1000,
    clients_per_therapist: int = 50,
    sessions_per_episode: int = 10,
    progress: Callable[[str], None] = print,
) -> bool:
    """Load the large practice; ``False`` if it was already there."""
    if Practice.objects.filter(slug=SLUG).exists():
        return False
    started = time.monotonic()
    rng = random.Random(9)
    now = timezone.now()
    phq = _AnswerBank("phq9", rng)
    partnership = _AnswerBank(registry.SESSION_SCALE, rng)

    def say(what: str) -> None:
        progress(f"[{time.monotonic() - started:6.1f} s] {what}")

    with transaction.atomic():
        practice = Practice.objects.create(name="Large Practice", slug=SLUG)
        install_default_schedule(practice)
        usable = make_password(PASSWORD)
        unusable = make_password(None)
        User.objects.create(
            email="lead@large.example",
            full_name="Lead",
            practice=practice,
            is_practice_admin=True,
            password=usable,
        )
        user_id = _next_id(User)
        therapist_ids = list(range(user_id, user_id + therapists))
        n_clients = therapists * clients_per_therapist
        client_user_ids = list(range(user_id + therapists, user_id + therapists + n_clients))
        people = {"practice_id": practice.pk, "password": unusable, "date_joined": now}
        _write(
            User,
            {**people, "is_therapist": True},
            ("id", "email", "full_name"),
            (
                (uid, f"therapist{n + 1}@large.example", f"Therapist {n + 1}")
                for n, uid in enumerate(therapist_ids)
            ),
        )
        _write(
            User,
            {**people, "is_client": True},
            ("id", "email", "full_name"),
            (
                (uid, f"client{n + 1}@large.example", f"Client {n + 1}")
                for n, uid in enumerate(client_user_ids)
            ),
        )
        User.objects.filter(email__in=["therapist1@large.example", "client1@large.example"]).update(
            password=usable
        )
        say(f"{therapists:,} therapists and {n_clients:,} client accounts")

        client_id, episode_id = _next_id(Client), _next_id(Episode)
        _write(
            Client,
            {"practice_id": practice.pk, "created_at": now},
            ("id", "user_id", "display_name", "therapist_id"),
            (
                (
                    client_id + n,
                    uid,
                    f"Client {n + 1}",
                    therapist_ids[n // clients_per_therapist],
                )
                for n, uid in enumerate(client_user_ids)
            ),
        )
        first_days = [rng.randint(sessions_per_episode * 7, 400) for _ in range(n_clients)]
        _write(
            Episode,
            {"number": 1, "status": Episode.ACTIVE},
            ("id", "client_id", "therapist_id", "started_on"),
            (
                (
                    episode_id + n,
                    client_id + n,
                    therapist_ids[n // clients_per_therapist],
                    (now - timedelta(days=first_days[n])).date(),
                )
                for n in range(n_clients)
            ),
        )
        say(f"{n_clients:,} clients with an episode each")

        session_id = _next_id(Session)

        def sessions() -> Iterator[tuple[Any, ...]]:
            for n in range(n_clients):
                start = now - timedelta(days=first_days[n])
                for k in range(sessions_per_episode):
                    when = start + timedelta(days=7 * k)
                    yield (
                        session_id + n * sessions_per_episode + k,
                        episode_id + n,
                        k + 1,
                        when.date(),
                        therapist_ids[n // clients_per_therapist],
                        when,
                    )

        count = _write(
            Session,
            {"attendance": Session.ATTENDED},
            ("id", "episode_id", "number", "date", "created_by_id", "created_at"),
            sessions(),
        )
        say(f"{count:,} sessions")

        response_id = _next_id(Response)

        def responses() -> Iterator[tuple[Any, ...]]:
            rid = response_id
            for n in range(n_clients):
                start = now - timedelta(days=first_days[n])
                intake = rng.uniform(8, 24)
                gain = rng.uniform(-0.2, 1.4)  # points of PHQ-9 per session; a few get worse
                for k in range(sessions_per_episode):
                    sid = session_id + n * sessions_per_episode + k
                    when = start + timedelta(days=7 * k, hours=2)
                    target = max(0.0, intake - gain * k + rng.gauss(0, 2))
                    for bank, goal in ((phq, target), (partnership, 30 - target / 2)):
                        yield (
                            rid,
                            episode_id + n,
                            sid,
                            bank.instrument.id,
                            bank.instrument.version,
                            client_user_ids[n],
                            when,
                            *bank.near(goal, rng),
                        )
                        rid += 1
                if n and n % 10_000 == 0:
                    say(f"responses for {n:,} clients")

        count = _write(
            Response,
            {"respondent_role": "client", "complete": True, "private": False},
            (
                "id",
                "episode_id",
                "session_id",
                "instrument_id",
                "instrument_version",
                "respondent_id",
                "submitted_at",
                "answers",
                "total",
                "subscales",
                "severity",
            ),
            responses(),
        )
        say(f"{count:,} responses")
        _reset_sequences([User, Client, Episode, Session, Response])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say("done")
    return True
