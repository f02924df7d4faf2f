"""The core's sentences on a page: in the reader's language, numbers written the reader's way."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from tandem.core.outcomes.alerts import EpisodeSeries, InstrumentMeta, episode_alerts
from tandem.core.words import Said
from tandem.web.words import say

META = {"phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6)}


def _feeling_better() -> Said:
    series = EpisodeSeries(
        scores={"phq9": [(1, 16), (2, 14), (3, 12), (4, 10)]},
        meta=META,
        reliance=[(2, 1.0), (3, 1.5), (4, 2.0)],
    )
    (alert,) = [a for a in episode_alerts(series) if a.kind == "feeling_better_not_getting_better"]
    return alert.said


def test_it_shows_the_english_sentence_unchanged_in_english() -> None:
    said = _feeling_better()
    with translation.override("en-gb"):
        assert say(said) == str(said)
        page = Template("{% for a in alerts %}<li>{{ a|say }}</li>{% endfor %}").render(
            Context({"alerts": [said, "Asked to pause therapy: talk it through together."]})
        )
    assert "reliance rose by 1.0 (0-4) between sessions 2 and 4" in page
    # A sentence already written (a request, a risk alert) passes through, escaped as ever.
    assert "<li>Asked to pause therapy: talk it through together.</li>" in page


def test_the_filter_escapes_what_it_says() -> None:
    said = Said("{label} went up", {"label": "<b>X</b>"})
    page = Template("{{ s|say }}").render(Context({"s": said}))
    assert page == "&lt;b&gt;X&lt;/b&gt; went up"


def test_numbers_are_written_the_readers_way() -> None:
    said = Said("{rise}: {sizes}", {"rise": 1.5, "sizes": _feeling_better().values["rise"]})
    with translation.override("es"):
        assert say(said) == "1,5: 1,0"
