"""`tandem outcomes --from-db` gives the same report as the same scores exported to a file."""

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone

from tandem.care.models import Episode, Session
from tandem.cli import main
from tandem.measures.models import Response
from tandem.measures.outcomes_source import long_frame

pytestmark = pytest.mark.django_db(transaction=True)

# (PHQ-9, GAD-7) per session, for four episodes: recovered, deteriorated, no change, one session.
COURSES = [
    [(15, 12), (11, 9), (7, 5)],
    [(9, 6), (12, 8), (16, 11)],
    [(14, 10), (13, 10)],
    [(18, 14)],
]


def add_course(episode, course, respondent):
    """A session per (PHQ-9, GAD-7) pair, numbered from 1, each with both scores."""
    today = timezone.localdate()
    for number, (phq, gad) in enumerate(course, start=1):
        session, _ = Session.objects.get_or_create(
            episode=episode,
            number=number,
            defaults={"date": today - timedelta(days=30 - number)},
        )
        for instrument, total in (("phq9", phq), ("gad7", gad)):
            Response.objects.create(
                episode=episode,
                session=session,
                instrument_id=instrument,
                instrument_version="1",
                respondent=respondent,
                respondent_role="client",
                total=total,
            )


def build(people):
    for index, course in enumerate(COURSES):
        episode = (
            people.episode
            if index == 0
            else Episode.objects.create(
                client=people.client,
                therapist=people.therapist,
                number=index + 1,
                status=Episode.ENDED,
            )
        )
        add_course(episode, course, people.client_user)


def end_first(people):
    """Only ended episodes are outcomes: end the first episode too (``build`` leaves it open)."""
    Episode.objects.filter(pk=people.episode.pk).update(status=Episode.ENDED)


def test_the_database_and_the_file_give_the_same_report(people, tmp_path):
    build(people)
    end_first(people)
    path = tmp_path / "scores.csv"
    frame = long_frame()
    frame.astype({"score": "int64"}).to_csv(path, index=False)
    from_file = CliRunner().invoke(main, ["outcomes", str(path), "--json"])
    from_db = CliRunner().invoke(main, ["outcomes", "--from-db", "--practice", "harbour", "--json"])
    assert from_file.exit_code == 0, from_file.output
    assert from_db.exit_code == 0, from_db.output
    file_report, db_report = json.loads(from_file.output), json.loads(from_db.output)
    assert file_report == db_report
    assert db_report["episodes"] == 4 and db_report["finished"] == 3
    assert db_report["recovered"] == 1 and db_report["reliable_deterioration"] == 1


def test_an_open_episode_from_the_database_is_not_an_outcome(people):
    build(people)  # the first episode stays open
    Episode.objects.filter(client=people.client, number=3).update(
        status=Episode.ENDED, problem="social_anxiety"
    )
    report = json.loads(
        CliRunner()
        .invoke(main, ["outcomes", "--from-db", "--practice", "harbour", "--json"])
        .output
    )
    # The recovered course (15 -> 7) is still open: counted, but not finished nor recovered.
    assert (report["episodes"], report["not_ended"], report["finished"]) == (4, 1, 2)
    assert report["recovered"] == 0 and report["paired"] == 2


def _outsider_scores(people):
    """One finished, recovered episode at the other practice."""
    episode = Episode.objects.get(client=people.outsider_client)
    add_course(episode, [(16, 12), (6, 4)], people.outsider_client_user)
    Episode.objects.filter(pk=episode.pk).update(status=Episode.ENDED)


def test_it_keeps_each_practice_to_its_own_report(people):
    build(people)
    end_first(people)
    _outsider_scores(people)
    run = CliRunner().invoke
    harbour = json.loads(
        run(main, ["outcomes", "--from-db", "--practice", "harbour", "--json"]).output
    )
    elsewhere = json.loads(
        run(main, ["outcomes", "--from-db", "--practice", "elsewhere", "--json"]).output
    )
    everyone = json.loads(run(main, ["outcomes", "--from-db", "--all-practices", "--json"]).output)
    assert (harbour["episodes"], elsewhere["episodes"], everyone["episodes"]) == (4, 1, 5)
    assert (harbour["recovered"], elsewhere["recovered"], everyone["recovered"]) == (1, 1, 2)


def _listed(people):
    """The practices as the errors list them: by slug, each with its number."""
    return f"elsewhere (#{people.other_practice.pk}), harbour (#{people.practice.pk})"


def test_it_asks_which_practice_when_there_are_several(people):
    build(people)
    result = CliRunner().invoke(main, ["outcomes", "--from-db", "--json"])
    assert result.exit_code != 0
    assert f"holds 2 practices: {_listed(people)}." in result.output
    assert "--practice (its slug or its number)" in result.output
    assert "{" not in result.output  # no report


def test_it_names_the_practices_when_the_one_asked_for_does_not_exist(people):
    result = CliRunner().invoke(main, ["outcomes", "--from-db", "--practice", "nowhere"])
    assert result.exit_code != 0
    assert "no practice 'nowhere'" in result.output and _listed(people) in result.output
