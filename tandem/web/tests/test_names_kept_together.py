"""A short name is shown with no line break next to its initial (tandem.web.words.kept_together):
only there, so a long name still wraps between its words, and escaped as any text is."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from tandem.web.words import kept_together

NB = "\u00a0"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Bilal G.", f"Bilal{NB}G."),
        ("Oisín H.", f"Oisín{NB}H."),
        ("R. Okafor", f"R.{NB}Okafor"),
        ("Esme C", f"Esme{NB}C"),
        ("Ana", "Ana"),
        ("Mary Ann Smith", "Mary Ann Smith"),
        ("Gabriela Fernández Castellanos R.", f"Gabriela Fernández Castellanos{NB}R."),
        (None, ""),
    ],
)
def test_the_space_beside_an_initial_does_not_break(name: str | None, shown: str) -> None:
    assert kept_together(name) == shown


def test_the_filter_still_escapes() -> None:
    html = Template("{{ name|kept_together }}").render(Context({"name": "<b>Al</b> G."}))
    assert html == f"&lt;b&gt;Al&lt;/b&gt;{NB}G."
