"""`tandem createpractice` creates a practice and prints its admin's one-time link."""

import pytest
from click.testing import CliRunner

from tandem.accounts.models import Practice, User
from tandem.cli import main
from tandem.measures.models import Schedule

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_creates_the_practice_with_default_schedules_and_an_invited_admin():
    result = CliRunner().invoke(
        main, ["createpractice", "Riverside Therapy", "--admin-email", "Lead@Riverside.example"]
    )
    assert result.exit_code == 0, result.output
    practice = Practice.objects.get(name="Riverside Therapy")
    admin = User.objects.get(email="lead@riverside.example")
    assert admin.is_practice_admin and admin.practice == practice and not admin.is_active
    assert "/accounts/invite/" in result.output.splitlines()[-1]
    assert Schedule.objects.filter(practice=practice, instrument_id="phq9").exists()


def test_it_explains_a_missing_name():
    result = CliRunner().invoke(main, ["createpractice", " ", "--admin-email", "a@b.example"])
    assert result.exit_code != 0 and "needs a name" in result.output
    assert not Practice.objects.exists()
