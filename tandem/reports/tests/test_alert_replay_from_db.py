"""`tandem alerts --from-db`: the practice's own ended episodes replayed, the same as from a file."""

import json

import pytest
from click.testing import CliRunner

from tandem.care.models import Episode
from tandem.cli import main
from tandem.measures.tests.test_outcomes_from_db import add_course, build
from tandem.reports.alert_replay import compute_replay_payload, practice_long_frame

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_and_the_file_give_the_same_replay(people, tmp_path):  # type: ignore[no-untyped-def]
    build(people)  # the first episode stays open: not replayed
    add_course(
        Episode.objects.get(client=people.outsider_client),
        [(9, 6), (16, 12)],
        people.outsider_client_user,
    )
    path = tmp_path / "episodes.csv"
    practice_long_frame(people.practice.pk).to_csv(path, index=False)
    from_file = CliRunner().invoke(main, ["alerts", str(path), "--json", "--no-bands"])
    from_db = CliRunner().invoke(
        main, ["alerts", "--from-db", "--practice", "harbour", "--json", "--no-bands"]
    )
    assert from_file.exit_code == 0, from_file.output
    assert from_db.exit_code == 0, from_db.output
    file_out, db_out = json.loads(from_file.output), json.loads(from_db.output)
    assert db_out["validation"] == file_out["validation"]
    assert db_out["validation"]["episodes"] == 3  # ended, this practice only
    assert db_out["validation"]["reliable_deterioration"] == 1


def test_the_worker_payload_holds_figures_only(people):  # type: ignore[no-untyped-def]
    build(people)
    payload = compute_replay_payload(people.practice.pk)
    assert set(payload) == {"validation"}
    assert "sentence" not in json.dumps(payload)


def test_the_practice_replay_judges_an_ocd_episode_on_the_oci(people):  # type: ignore[no-untyped-def]
    # Issue 15.3: the practice's replay read PHQ-9 and GAD-7 only; an OCD episode that got
    # reliably worse on the OCI (its own measure) counted as steady.
    from tandem.care.models import Session
    from tandem.measures.models import Response

    episode = Episode.objects.create(
        client=people.client,
        therapist=people.therapist,
        number=9,
        status=Episode.ENDED,
        problem="ocd",
    )
    add_course(episode, [(12, 10), (12, 10), (12, 10)], people.client_user)
    for number, total in ((1, 50), (2, 70), (3, 100)):
        Response.objects.create(
            episode=episode,
            session=Session.objects.get(episode=episode, number=number),
            instrument_id="oci",
            instrument_version="1",
            respondent=people.client_user,
            respondent_role="client",
            total=total,
        )
    frame = practice_long_frame(people.practice.pk)
    assert set(frame.loc[frame["episode_id"] == episode.pk, "problem"]) == {"ocd"}
    assert "oci" in set(frame["instrument"])
    validation = compute_replay_payload(people.practice.pk)["validation"]
    assert validation["reliable_deterioration"] == 1
