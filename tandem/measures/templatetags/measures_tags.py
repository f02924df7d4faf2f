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


@register.filter
def fell_back_note(instrument: Instrument) -> str:
    """What a list says under a questionnaire that is not in the page's language ("This
    questionnaire is not available in Spanish; it is shown in English."); empty when it is."""
    return wording.fell_back_note(wording.shown(instrument))


@register.filter
def shown_language(instrument: Instrument) -> str:
    """The language the instrument's words are shown in (for a ``lang`` attribute)."""
    return wording.shown(instrument).language
