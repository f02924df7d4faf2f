"""An arrow points the right way round for the page's direction: Unicode turns brackets round in
right-to-left text, but not arrows, so Tandem chooses them (``{% arrow %}``), and the
right-to-left pseudo-language turns those inside messages, as a translator would."""

from __future__ import annotations

from typing import Any

from django.template import Context, Template
from django.utils import translation

from tandem.web import pseudo
from tandem.web.templatetags.tandem_tags import arrow


def test_an_arrow_back_points_to_where_lines_start(pseudo_languages: Any) -> None:
    with translation.override("es"):
        assert (arrow("back"), arrow("forward")) == ("←", "→")
    with translation.override("ar-xb"):
        assert (arrow("back"), arrow("forward")) == ("→", "←")


def test_the_tag_writes_it_in_a_template(pseudo_languages: Any) -> None:
    back = Template('{% load tandem_tags %}{% arrow "back" %} Ada L.')
    with translation.override("en"):
        assert back.render(Context()) == "← Ada L."
    with translation.override("ar-xb"):
        assert back.render(Context()) == "→ Ada L."


def test_the_right_to_left_pseudo_language_turns_a_messages_arrows() -> None:
    assert pseudo.right_to_left("← Back") == f"{pseudo.RLO}[→ Ɓâçķ]{pseudo.PDF}"
    assert pseudo.right_to_left("growth %(first)s → %(latest)s").count("←") == 1
    # The accented one, read left to right, keeps them.
    assert pseudo.accented("← Back") == "[← Ɓâçķ]"
