"""The demo practice: its logins work, and its data tells the stories it is meant to tell."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tandem.accounts.models import Practice, Supervision, User
from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode, EpisodeEvent, Goal, PracticePlan, Session
from tandem.core.instruments import score
from tandem.demo import DEMO_LOGINS, DEMO_PASSWORD, seed
from tandem.measures import registry
from tandem.measures.due import due_for_episodes
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def demo_practice() -> Practice:
    return Practice.objects.get(slug="demo")


def series(instrument_id: str, practice: Practice | None = None) -> dict[int, list[float]]:
    """Episode id -> totals of one instrument in session order, for the demo practice."""
    result: dict[int, list[float]] = defaultdict(list)
    responses = (
        Response.objects.filter(
            instrument_id=instrument_id,
            episode__client__practice=practice or demo_practice(),
            session__isnull=False,
        )
        .order_by("episode_id", "session__number")
        .values_list("episode_id", "total")
    )
    for episode_id, total in responses:
        result[episode_id].append(total)
    return result


def test_it_creates_the_demo_the_first_time(demo: bool) -> None:
    assert demo is True
    assert demo_practice().name == "Harbour Lane Therapy"


def test_it_creates_the_nine_logins_with_the_demo_password() -> None:
    assert len(DEMO_LOGINS) == 9
    for email, description in DEMO_LOGINS:
        user = User.objects.get(email=email)
        assert user.is_active, email
        assert user.check_password(DEMO_PASSWORD), email
        assert description
    assert User.objects.get(email="admin@example.org").is_practice_admin
    assert User.objects.get(email="supervisor@example.org").is_supervisor
    assert User.objects.get(email="client@example.org").is_client


def test_it_gives_every_demo_user_the_same_password_hash() -> None:
    hashes = set(
        User.objects.filter(practice__slug__in=["demo", "other"]).values_list("password", flat=True)
    )
    assert len(hashes) == 1


def test_it_lets_the_demo_client_sign_in_through_the_login_form(client: Any) -> None:
    response = client.post(
        "/accounts/login/", {"username": "client@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_it_gives_the_first_therapist_at_least_ten_active_clients() -> None:
    therapist = User.objects.get(email="therapist@example.org")
    active = Client.objects.filter(
        therapist=therapist, episodes__status=Episode.ACTIVE, episodes__therapist=therapist
    ).distinct()
    assert active.count() >= 10


def test_it_staffs_the_practice_with_four_therapists_and_a_supervisor() -> None:
    practice = demo_practice()
    assert User.objects.filter(practice=practice, is_therapist=True).count() == 4
    supervisor = User.objects.get(email="supervisor@example.org", practice=practice)
    supervised = set(
        Supervision.objects.filter(supervisor=supervisor).values_list("therapist__email", flat=True)
    )
    assert supervised == {"therapist@example.org", "therapist2@example.org"}


def test_it_has_about_sixty_clients_and_about_half_share_with_the_supervisor() -> None:
    clients = Client.objects.filter(practice=demo_practice())
    assert 55 <= clients.count() <= 65
    sharing = clients.filter(share_with_supervisor=True).count() / clients.count()
    assert 0.3 <= sharing <= 0.7
    counts = [e.sessions.count() for e in Episode.objects.filter(client__in=clients)]
    assert min(counts) >= 4 and max(counts) <= 20


def test_it_leaves_the_demo_client_their_last_session_to_rate() -> None:
    user = User.objects.get(email="client@example.org")
    client = user.client_record
    assert client.therapist.email == "therapist@example.org"
    episode = client.current_episode()
    assert episode.status == Episode.ACTIVE
    attended = list(episode.sessions.filter(attendance=Session.ATTENDED).order_by("number"))
    rated = {r.session_id for r in Response.objects.filter(episode=episode, respondent=user)}
    assert len(attended) >= 6 and len(rated) >= 6
    last = attended[-1]
    assert last.date >= timezone.localdate() - timedelta(days=7)
    due = due_for_episodes([episode], respondent="client")[episode.pk]
    assert due.client[0].instrument.id == registry.SESSION_SCALE
    assert due.client[0].session == last
    assert episode.goals.count() >= 2
    assert episode.plans.filter(active=True).exists()


def test_it_includes_a_returning_client_with_their_history() -> None:
    returning = [
        client
        for client in Client.objects.filter(practice=demo_practice())
        if client.episodes.count() == 2
    ]
    assert returning
    first, second = returning[0].episodes.order_by("number")
    assert first.status == Episode.ENDED and first.ended_on < second.started_on
    assert second.status == Episode.ACTIVE


def test_it_has_about_one_in_twelve_clients_getting_reliably_worse() -> None:
    phq = [totals for totals in series("phq9").values() if len(totals) >= 2]
    worse = [t for t in phq if t[-1] >= t[0] + 6]
    better = [t for t in phq if t[-1] <= t[0] - 6]
    assert worse
    assert 0.04 <= len(worse) / len(phq) <= 0.15
    assert len(better) > len(phq) / 3
    intake = sorted(t[0] for t in phq)
    assert 10 <= intake[len(intake) // 2] <= 22


def test_it_shows_a_rupture_followed_by_repair() -> None:
    def ruptured_and_repaired(totals: list[float]) -> bool:
        return any(
            totals[k - 1] - totals[k] >= 2 and max(totals[k + 1 : k + 3]) >= totals[k - 1] - 0.6
            for k in range(1, len(totals) - 2)
        )

    assert sum(ruptured_and_repaired(t) for t in series("partnership").values()) >= 3


def test_it_has_the_two_views_differ_both_ways_clients_a_little_higher_on_average() -> None:
    # As the alliance literature finds (Tryon, Blackwell & Hammel, 2007), not the other way.
    client_view = Response.objects.filter(instrument_id="partnership", respondent_role="client")
    therapist_view = {
        r.session_id: r.total for r in Response.objects.filter(instrument_id="partnership_mirror")
    }
    gaps = [
        therapist_view[r.session_id] - r.total
        for r in client_view
        if r.session_id in therapist_view
    ]
    assert sum(gaps) / len(gaps) < -0.05
    assert any(g > 0.5 for g in gaps) and any(g < -0.5 for g in gaps)


def test_it_has_clients_who_lean_more_on_therapy_while_their_symptoms_improve() -> None:
    phq, reliance = series("phq9"), series("reliance")
    found = [
        episode_id
        for episode_id, totals in reliance.items()
        if len(totals) >= 3
        and totals[-1] >= totals[0] + 0.8
        and phq[episode_id][-1] <= phq[episode_id][0] - 4
    ]
    assert found


def test_it_tells_endings_pauses_and_drop_outs() -> None:
    episodes = Episode.objects.filter(client__practice=demo_practice())
    assert episodes.filter(status=Episode.ENDED, end_reason="graduated").exists()
    assert episodes.filter(status=Episode.ENDED, end_reason="mutual").exists()
    dropped = episodes.filter(status=Episode.ENDED, end_reason="withdrew")
    assert dropped.exists()
    assert Session.objects.filter(episode__in=dropped, attendance=Session.NO_SHOW).exists()
    assert episodes.filter(status=Episode.PAUSED).count() == 1
    asked = episodes.filter(status=Episode.ACTIVE, pause_requested_at__isnull=False)
    assert asked.count() == 1
    assert EpisodeEvent.objects.filter(episode=asked.get(), kind="pause_requested").exists()


def test_it_fills_in_goals_plans_logs_reflections_and_self_care() -> None:
    practice = demo_practice()
    assert Goal.objects.filter(episode__client__practice=practice, progress__isnull=False).exists()
    logs = Response.objects.filter(
        instrument_id="practice_log", plan__isnull=False, log_date__isnull=False
    )
    assert logs.values("episode").distinct().count() >= 20
    assert PracticePlan.objects.filter(episode__client__practice=practice).count() >= 20
    reflections = Response.objects.filter(instrument_id="reflection", private=True)
    assert reflections.filter(answers__disclosed=1).exists()
    assert len({r.answers.get("learned") for r in reflections}) > 10
    assert Response.objects.filter(
        instrument_id="partnership", answers__has_key="next_time"
    ).exists()
    therapist = User.objects.get(email="therapist@example.org")
    self_care = Response.objects.filter(instrument_id="selfcare", respondent=therapist)
    assert self_care.count() >= 3
    assert all(r.episode_id is None and r.private for r in self_care)


def test_it_collects_growth_and_reliance_every_fourth_session() -> None:
    numbers = set(
        Response.objects.filter(instrument_id__in=["growth", "reliance"]).values_list(
            "session__number", flat=True
        )
    )
    assert numbers and all((n - 1) % 4 == 0 for n in numbers)


def test_it_stores_the_scores_the_core_computes() -> None:
    responses = Response.objects.all()
    assert responses.count() > 1000
    for response in responses.iterator():
        instrument = registry.get(response.instrument_id)
        result = score(instrument, response.answers)
        assert response.total == result.total, response.pk
        assert response.subscales == dict(result.subscales), response.pk
        assert response.severity == (result.severity or ""), response.pk
        assert response.complete == result.complete, response.pk
        assert response.instrument_version == str(instrument.version)
        assert response.respondent_role == instrument.respondent


def test_it_keeps_other_practice_small_and_separate() -> None:
    other = Practice.objects.get(slug="other")
    assert User.objects.filter(practice=other, is_therapist=True).count() == 1
    clients = Client.objects.filter(practice=other)
    assert clients.count() == 2
    assert clients.filter(user__email="other-client@example.org").exists()
    assert User.objects.get(email="other-therapist@example.org").practice == other
    assert Session.objects.filter(episode__client__practice=other).count() >= 4
    assert (
        not Episode.objects.filter(client__practice=other)
        .exclude(therapist__practice=other)
        .exists()
    )


def test_it_writes_one_audit_record_per_practice() -> None:
    assert AuditEvent.objects.filter(action="demo.seed").count() == 2


def test_it_changes_nothing_when_run_again() -> None:
    models = [
        Practice,
        User,
        Client,
        Episode,
        EpisodeEvent,
        Session,
        Goal,
        PracticePlan,
        Response,
        AuditEvent,
    ]
    before = [model.objects.count() for model in models]
    assert seed() is False
    assert [model.objects.count() for model in models] == before


def test_it_has_a_recent_open_risk_alert_and_one_followed_up() -> None:
    from tandem.safety.models import PracticeSafety, RiskAlert

    alerts = RiskAlert.objects.filter(
        practice=demo_practice(), therapist__email="therapist@example.org"
    )
    open_alerts = [a for a in alerts if a.is_open]
    done = [a for a in alerts if not a.is_open]
    assert len(open_alerts) == 1 and len(done) == 1
    assert open_alerts[0].raised_at > timezone.now() - timedelta(days=14)
    assert open_alerts[0].item_id == "q9" and open_alerts[0].value >= 1
    assert done[0].acknowledgement and done[0].acknowledged_at > done[0].raised_at
    assert PracticeSafety.objects.get(practice=demo_practice()).crisis_text
    # The demo client's own path is left for a person to try.
    assert not RiskAlert.objects.filter(client__user__email="client@example.org").exists()


def test_it_has_a_transcribed_session_analysed_on_the_session_page(client: Any) -> None:
    from tandem.transcripts.models import TranscriptAnalysis

    analysis = TranscriptAnalysis.objects.get(
        session__episode__client__user__email="client@example.org"
    )
    assert analysis.status == TranscriptAnalysis.DONE
    utterances = analysis.result["sessions"][0]["utterances"]
    assert len(utterances) == 42
    assert {u["speaker"] for u in utterances} == {"therapist", "client"}
    therapist = User.objects.get(email="therapist@example.org")
    client.force_login(therapist)
    page = client.get(f"/sessions/{analysis.session_id}/").content.decode()
    assert "How you talked" in page
    assert "No transcript analysed for this session yet" not in page


def test_the_transcribed_session_shows_both_charts(client: Any) -> None:
    from tandem.transcripts.models import TranscriptAnalysis

    analysis = TranscriptAnalysis.objects.get(
        session__episode__client__user__email="client@example.org"
    )
    client.force_login(User.objects.get(email="therapist@example.org"))
    page = client.get(f"/sessions/{analysis.session_id}/").content.decode()
    assert f'data-chart="talk-{analysis.pk}-therapist"' in page
    assert f'data-chart="talk-{analysis.pk}-client"' in page
    assert "What the therapist did" in page and "talk through the session" in page


def test_the_demo_prints_a_pending_questionnaire_link_that_opens():
    from django.test import Client as Browser

    from tandem.demo.links import pending_link

    url = pending_link()
    assert url is not None and "/l/" in url
    page = Browser().get("/l/" + url.rstrip("/").rsplit("/", 1)[-1] + "/")
    assert page.status_code == 200
    assert "Harbour Lane Therapy" in page.content.decode()


def test_the_readme_lists_every_demo_login() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    for email, _ in DEMO_LOGINS:
        assert f"`{email}`" in readme, email
