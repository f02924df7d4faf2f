"""The core's sentences in Spanish: every template translated, keeping every place, on the page.

The catalogue is tandem/core/locale/es/LC_MESSAGES/django.mo (compiled from its .po, both
committed; docs/i18n.md).
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

from django.utils import translation

from tandem.core.outcomes.alerts import EpisodeSeries, InstrumentMeta, episode_alerts
from tandem.core.words import places
from tandem.web.words import say

CORE = Path(__file__).resolve().parents[2] / "core"
CATALOG = CORE / "locale" / "es" / "LC_MESSAGES" / "django.mo"


def _templates() -> list[tuple[str, str | None]]:
    """Every template the core marks (gettext_noop and ngettext calls with literal words)."""
    found: list[tuple[str, str | None]] = []
    for path in sorted(CORE.rglob("*.py")):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            words = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "gettext_noop" and len(words) == 1:
                found.append((str(words[0]), None))
            elif node.func.id == "ngettext" and len(words) == 2:
                found.append((str(words[0]), str(words[1])))
    return found


def test_every_template_of_the_core_is_in_spanish_with_the_same_places() -> None:
    catalog = gettext.GNUTranslations(CATALOG.open("rb"))
    templates = _templates()
    assert len(templates) > 30  # the alerts, the reasons, the notes and the joins
    for singular, plural in templates:
        if plural is None:
            spanish = catalog.gettext(singular)
            assert spanish != singular or singular.startswith("{first}; "), singular
            # No translator can drop or rename a place: {first} must stay {first}.
            assert places(spanish) == places(singular), singular
        else:
            one, other = (
                catalog.ngettext(singular, plural, 1),
                catalog.ngettext(singular, plural, 3),
            )
            assert other != plural and one != singular, singular
            assert places(other) == places(plural), plural
            # "la última sesión" needs no number: the singular may leave out the count only.
            assert places(singular) - {"count"} <= places(one) <= places(singular), singular


def test_an_alert_reads_in_spanish_with_a_decimal_comma() -> None:
    meta = {"phq9": InstrumentMeta("PHQ-9", "higher_is_worse", cutoff=10, reliable_change=6)}
    series = EpisodeSeries(
        scores={"phq9": [(1, 16), (2, 14), (3, 12), (4, 10)]},
        meta=meta,
        reliance=[(2, 1.0), (3, 1.5), (4, 2.0)],
        partnership_client={s: {"h": 6.0} for s in (1, 2, 3)},
        partnership_therapist={1: {"h": 8.0}, 2: {"h": 7.5}, 3: {"h": 8.25}},
    )
    found = {a.kind: a for a in episode_alerts(series)}
    with translation.override("es"):
        better = say(found["feeling_better_not_getting_better"].said)
        gap = say(found["gap"].said)
    assert better == (
        "El PHQ-9 bajó de 16 a 10 desde el inicio, una bajada fiable (6 o más), mientras la "
        "dependencia subió 1,0 (0-4) entre las sesiones 2 y 4: sentirse mejor puede no ser "
        "todavía estar mejor"
    )
    # A list of numbers with decimal commas is joined by semicolons, so "2; 1,5; 2,2" reads.
    assert gap.startswith("En las últimas 3 sesiones el terapeuta puntuó la colaboración más alto")
    assert "por 2; 1,5; 2,2 puntos de 0 a 10" in gap
    # The English is untouched by the page's language.
    assert found["gap"].sentence.startswith("At the last 3 sessions the therapist rated")


def test_a_count_of_one_is_said_in_the_singular() -> None:
    from tandem.core.outcomes.relationship import RelationshipRules

    (gap,) = episode_alerts(
        EpisodeSeries(partnership_client={1: {"h": 6.0}}, partnership_therapist={1: {"h": 8.0}}),
        rules=RelationshipRules(gap_sessions=1),
    )
    with translation.override("es"):
        assert say(gap.said).startswith("En la última sesión el terapeuta puntuó")
