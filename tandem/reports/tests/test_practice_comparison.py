"""The practice report's fair therapist comparison, funnel plot, intervals and secondary
suppression (issue 15.2)."""

from __future__ import annotations

from typing import Any

from tandem.care.models import Client, Episode
from tandem.reports import practice
from tandem.reports.practice_context import report_context
from tandem.reports.tests.conftest import add_scores, closed_month_end


def _episode(people: Any, therapist: Any, label: str, problem: str = "none", **kw: Any) -> Any:
    c = Client.objects.create(practice=people.practice, display_name=label, therapist=therapist)
    return Episode.objects.create(
        client=c,
        therapist=therapist,
        number=1,
        status=Episode.ENDED,
        ended_on=closed_month_end(),
        end_reason=kw.get("end_reason", "mutual"),
        problem=problem,
    )


def _many(people: Any, therapist: Any, count: int, tag: str) -> None:
    for i in range(count):
        e = _episode(people, therapist, f"{tag}-{i}")
        add_scores(e, {"phq9": [16, 12, 8 + i % 6], "gad7": [12, 9, 6 + i % 5]})


def test_the_page_compares_therapists_with_a_funnel_plot_and_its_table(
    client: Any, people: Any
) -> None:
    _many(people, people.therapist, 14, "a")
    _many(people, people.colleague, 12, "b")
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert 'data-chart="chart-funnel"' in html
    assert "Comparing therapists fairly" in html
    assert "95% limits at this size" in html  # the funnel's text alternative (its table)
    assert "within the range chance allows" in html
    assert "99.8% limits at this size" in html  # both limits are named and used
    # The comparison counts every ended episode, a wider count than the paired-only table.
    assert "Improved, all ended episodes" in html
    # Two therapists are too few to estimate how far chance spreads them: no estimate of no
    # width ("50% (50–50%)"), a dash and the reason.
    assert "fewer than 4 therapists to compare, no estimate is given" in html
    assert 'title="No estimate: the data cannot tell the therapists apart">—' in html
    # The word "reliably" belongs to reliable change of one client's scores, never to a
    # comparison of therapists.
    assert "reliably higher" not in html and "reliably lower" not in html
    assert "end reliably" not in html


def test_each_therapist_rate_has_its_wilson_interval(client: Any, people: Any) -> None:
    _many(people, people.therapist, 12, "a")
    client.force_login(people.admin)
    payload = practice.compute_report_payload(people.practice.pk)
    context = report_context(payload, people.practice.pk)
    (row,) = context["therapists"]
    improvement = row["cells"][1]
    r = row["report"].reliable_improvement
    from tandem.core.outcomes.comparison import wilson_interval

    low, high = wilson_interval(r.count, r.denominator)
    assert (improvement["low"], improvement["high"]) == (round(low * 100), round(high * 100))


def test_a_lone_small_therapist_cannot_be_recovered_from_the_practice_totals(
    client: Any, people: Any
) -> None:
    from tandem.accounts.models import User

    third = User.objects.create_user(
        "third@practice.test",
        "a-long-test-password",
        practice=people.practice,
        is_therapist=True,
        full_name="Third Therapist",
    )
    _many(people, people.therapist, 25, "a")
    _many(people, people.colleague, 12, "b")
    _many(people, third, 4, "c")
    payload = practice.compute_report_payload(people.practice.pk)
    context = report_context(payload, people.practice.pk)
    by_name = {r["name"]: r["report"] for r in context["therapists"]}
    assert by_name["Third Therapist"].suppressed
    # The colleague (the next smallest) is hidden too, so that the practice's totals minus the
    # shown therapist give only the two together.
    colleague = by_name[people.colleague.full_name]
    assert colleague.episodes is None
    assert colleague.reliable_improvement.suppressed and colleague.recovery.suppressed
    shown = by_name[people.therapist.full_name]
    assert shown.episodes == 25 and not shown.reliable_improvement.suppressed
