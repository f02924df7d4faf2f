"""`tandem outcomes --from-db --practice` and `tandem recompute --practice` both take a practice's
number or its slug: a whole number is a number, anything else a slug. One that names no practice
stops the command with the practices there are."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tandem.accounts.models import Practice
from tandem.cli import main
from tandem.measures.models import PracticeSnapshot
from tandem.measures.tests.test_outcomes_from_db import build

pytestmark = pytest.mark.django_db


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _report(people: Any, practice: str) -> dict[str, Any]:
    result = _run("outcomes", "--from-db", "--practice", practice, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _listed(people: Any) -> str:
    return f"elsewhere (#{people.other_practice.pk}), harbour (#{people.practice.pk})"


def _recomputed() -> list[str]:
    return sorted(
        PracticeSnapshot.objects.filter(kind=PracticeSnapshot.BANDS).values_list(
            "practice__slug", flat=True
        )
    )


def test_outcomes_takes_a_practice_by_its_number_or_its_slug(people: Any) -> None:
    build(people)  # four episodes at Harbour, none elsewhere
    harbour = _report(people, str(people.practice.pk))
    assert harbour == _report(people, "harbour") and harbour["episodes"] == 4
    elsewhere = _report(people, str(people.other_practice.pk))
    assert elsewhere == _report(people, "elsewhere") and elsewhere["episodes"] == 0


def test_a_whole_number_is_always_a_practices_number(people: Any) -> None:
    build(people)
    # A practice whose slug is Harbour's number does not take Harbour's place.
    Practice.objects.create(name="Odd", slug=str(people.practice.pk))
    assert _report(people, str(people.practice.pk))["episodes"] == 4


def test_outcomes_names_the_practices_when_no_practice_has_that_number(people: Any) -> None:
    result = _run("outcomes", "--from-db", "--practice", "999999999")
    assert result.exit_code != 0
    assert "there is no practice numbered 999999999 in this database" in result.output
    assert f"Give a slug or a number from: {_listed(people)}" in result.output
    assert "{" not in result.output  # no report
    # Larger than any id a database can hold.
    result = _run("outcomes", "--from-db", "--practice", "9" * 30)
    assert result.exit_code != 0
    assert f"there is no practice numbered {'9' * 30} in this database" in result.output


def test_recompute_takes_practices_by_number_and_by_slug_each_once(people: Any) -> None:
    other = str(people.other_practice.pk)
    result = _run(
        "recompute", "--practice", "harbour", "--practice", other, "--practice", "harbour",
        "--kind", "bands",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _recomputed() == ["elsewhere", "harbour"]
    assert result.output.count("Harbour (#") == 1 and "Elsewhere (#" in result.output


def test_recompute_names_the_practices_when_one_asked_for_does_not_exist(people: Any) -> None:
    result = _run("recompute", "--practice", "harbour", "--practice", "nowhere", "--practice", "0")
    assert result.exit_code != 0
    assert "there is no practice 'nowhere' or numbered 0 in this database" in result.output
    assert _listed(people) in result.output
    assert _recomputed() == []  # not even the practice that does exist


def test_it_says_when_the_database_holds_no_practice() -> None:
    result = _run("recompute", "--practice", "harbour")
    assert result.exit_code != 0
    assert "there is no practice 'harbour' in this database. It holds no practice yet." in (
        result.output
    )
