"""An instrument's words in the page's language, for the lists that name a questionnaire."""

from __future__ import annotations

from django import template

from tandem.core.instruments import Instrument
from tandem.measures import wording

register = template.Library()


@register.filter
def shown_title(instrument: Instrument) -> str:
    """The instrument's title in the page's language when it has one, else its own."""
    return wording.title(instrument)
