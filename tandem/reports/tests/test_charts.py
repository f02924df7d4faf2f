"""The SVG charts: every point drawn, the band and cutoff where given, text alternatives, no
inline styles (a strict Content-Security-Policy), everything escaped."""

from __future__ import annotations

import re

from tandem.reports import charts


def _chart(**kw: object) -> charts.Chart:
    args: dict[str, object] = {
        "id": "c",
        "title": "PHQ-9 over sessions",
        "summary": "PHQ-9 went from 18 to 9.",
        "y_label": "PHQ-9",
        "y_min": 0,
        "y_max": 27,
        "series": [charts.Series("PHQ-9", [(1, 18), (2, 15), (3, 9)])],
    }
    args.update(kw)
    return charts.line_chart(**args)  # type: ignore[arg-type]


def test_it_draws_one_point_per_score_with_a_title_and_description() -> None:
    chart = _chart()
    assert chart.svg.count('class="pt pt-primary"') == 3
    assert '<title id="c-t">PHQ-9 over sessions</title>' in chart.svg
    assert '<desc id="c-d">PHQ-9 went from 18 to 9.</desc>' in chart.svg
    assert 'role="img"' in chart.svg and 'aria-labelledby="c-t c-d"' in chart.svg


def test_it_gives_the_data_as_a_table() -> None:
    chart = _chart()
    assert chart.columns == ["Session", "PHQ-9"]
    assert chart.rows == [[1, "18"], [2, "15"], [3, "9"]]


def test_it_draws_the_expected_band_and_the_cutoff() -> None:
    band = [charts.BandPoint(s, 5, 8, 14, 18) for s in (1, 2, 3)]
    chart = _chart(band=band, cutoff=10, cutoff_label="Clinical cutoff 10")
    assert 'class="band-outer"' in chart.svg and 'class="band-inner"' in chart.svg
    assert 'class="cutoff"' in chart.svg and "Clinical cutoff 10" in chart.svg
    assert chart.columns[-1] == "Expected range (25th–75th)"
    assert chart.rows[0][-1] == "8–14"
    assert ("key-band", "Expected range for similar clients (middle half darker)") in chart.legend


def test_markers_differ_in_shape_not_only_colour() -> None:
    chart = _chart(
        markers=[
            charts.Marker(3, 9, "improved", "reliable improvement"),
            charts.Marker(2, 15, "deteriorated", "reliable deterioration"),
        ]
    )
    assert re.search(r'<circle class="mk mk-improved"', chart.svg)
    assert re.search(r'<path class="mk mk-deteriorated"', chart.svg)


def test_it_has_no_inline_style_and_escapes_text() -> None:
    chart = _chart(series=[charts.Series("<b>Ada</b>", [(1, 3), (2, None), (3, 4)])])
    assert "style=" not in chart.svg
    assert "<b>" not in chart.svg and "&lt;b&gt;Ada&lt;/b&gt;" in chart.svg
    assert "<script" not in chart.svg


def test_a_missing_score_breaks_the_line() -> None:
    chart = _chart(series=[charts.Series("x", [(1, 3), (2, None), (3, 4), (4, 5)])])
    assert chart.svg.count('class="line line-primary"') == 1  # only the 3-4 run has two points
    assert chart.rows[1] == [2, "—"]


def test_the_sparkline_is_tiny_labelled_and_style_free() -> None:
    svg = charts.sparkline([14, 12, 9], y_min=0, y_max=27, label="PHQ-9 trend")
    assert 'aria-label="PHQ-9 trend"' in svg and "style=" not in svg
    assert charts.sparkline([], y_min=0, y_max=27, label="x") == ""


def test_suppressed_rows_say_so_in_words() -> None:
    chart = charts.interval_chart(
        id="t",
        title="Therapists",
        summary="…",
        rows=[
            charts.Interval("Priya", -1.2, -2.0, -0.4),
            charts.Interval("Tomás", None, note="fewer than 10 episodes"),
        ],
        x_min=-4,
        x_max=4,
        percent=False,
    )
    assert "fewer than 10 episodes" in chart.svg
    assert chart.rows[1] == ["Tomás", "fewer than 10 episodes", "—"]
    assert chart.svg.count('class="interval"') == 1
    # The note follows the name on one line, so a wide name cannot run into it on a phone.
    assert ">Tomás<tspan> — fewer than 10 episodes</tspan></text>" in chart.svg
