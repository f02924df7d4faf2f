"""A database from before answers could be entered for a client (issue 19.5) upgrades with every
response kept as its respondent gave it: typed in by themselves, entered by nobody else."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tandem.measures.models import Response

BEFORE = ("measures", "0005_snapshot_kind_alert_replay")


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _before(latest: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every other app as it is today, the measures app as it was before."""
    return [node for node in latest if node[0] != "measures"] + [BEFORE]


@pytest.mark.django_db(transaction=True)
def test_every_earlier_response_was_entered_by_its_respondent() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(_before(latest))
    try:
        Practice = old.get_model("accounts", "Practice")
        User = old.get_model("accounts", "User")
        Client = old.get_model("care", "Client")
        Episode = old.get_model("care", "Episode")
        Session = old.get_model("care", "Session")
        OldResponse = old.get_model("measures", "Response")
        practice = Practice.objects.create(name="Harbour", slug="harbour")
        therapist = User.objects.create(
            email="t@harbour.test", practice=practice, is_therapist=True, password="!"
        )
        client_user = User.objects.create(
            email="c@harbour.test", practice=practice, is_client=True, password="!"
        )
        client = Client.objects.create(
            practice=practice, user=client_user, therapist=therapist, display_name="A. L."
        )
        episode = Episode.objects.create(client=client, therapist=therapist, number=1)
        session = Session.objects.create(episode=episode, number=1, date=date(2026, 11, 2))
        common = {"episode": episode, "session": session, "instrument_version": "1"}
        clients = OldResponse.objects.create(
            **common,
            instrument_id="phq9",
            respondent=client_user,
            respondent_role="client",
            answers={"q1": 2},
            total=2,
        )
        therapists = OldResponse.objects.create(
            **common,
            instrument_id="partnership_mirror",
            respondent=therapist,
            respondent_role="therapist",
            answers={"heard": 7},
            total=7,
        )
    finally:
        _migrate(latest)

    kept = {r.pk: r for r in Response.objects.all()}
    assert set(kept) == {clients.pk, therapists.pk}
    for pk, respondent in ((clients.pk, client_user.pk), (therapists.pk, therapist.pk)):
        response = kept[pk]
        assert response.entry_method == Response.SELF and response.entered_by_id is None
        assert response.respondent_id == respondent and not response.entered_for_respondent
    assert kept[clients.pk].answers == {"q1": 2} and kept[clients.pk].total == 2
    # Nothing of the old rows is in the new index of entered responses.
    assert not Response.objects.filter(entered_by__isnull=False).exists()
