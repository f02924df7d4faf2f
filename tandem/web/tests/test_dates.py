"""One way of writing dates on every page: "3 Dec", with the year when it is not this year
(issue 17.17)."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from tandem.web import dates

TODAY = date(2026, 12, 4)
ROOT = Path(__file__).resolve().parents[2]


def test_it_leaves_out_this_years_year():
    assert dates.day(date(2026, 3, 7), today=TODAY) == "7 Mar"


def test_it_gives_the_year_of_another_year():
    assert dates.day(date(2025, 12, 30), today=TODAY) == "30 Dec 2025"
    assert dates.day(date(2026, 3, 7), year=True, today=TODAY) == "7 Mar 2026"


def test_it_names_the_weekday_when_asked():
    assert dates.day(date(2026, 12, 1), weekday=True, today=TODAY) == "Tue 1 Dec"


def test_a_moment_has_its_time_after_a_comma():
    at = datetime(2025, 6, 2, 9, 5, 7)
    assert dates.when(at, today=TODAY) == "2 Jun 2025, 09:05"
    assert dates.when(at, seconds=True, today=TODAY) == "2 Jun 2025, 09:05:07"


@pytest.mark.django_db
def test_every_template_has_the_filters_in_the_local_time(settings):
    settings.TIME_ZONE = "Europe/London"
    template = engines["django"].from_string("{{ at|when }} · {{ at|day:'year' }}")
    at = datetime(2024, 7, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 2 July in London
    assert template.render({"at": at}) == "2 Jul 2024, 00:30 · 2 Jul 2024"


def test_no_template_writes_a_date_its_own_way():
    """Whole dates go through |day or |when; |date is left for a month or a clock time alone."""
    own_way = []
    for path in sorted((ROOT / "tandem").rglob("templates/**/*.html")):
        for format_ in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            if format_ not in ("F Y", "H:i"):
                own_way.append(f"{path.relative_to(ROOT)}: {format_}")
    assert own_way == []
