"""An instrument's short name in the page's language, where the instrument has one ("Colaboración"
for the partnership scale); PHQ-9 and GAD-7 keep theirs."""

from __future__ import annotations

from django import template

from tandem.core.instruments import Instrument
from tandem.measures import wording

register = template.Library()


@register.filter
def shown_short_title(instrument: Instrument) -> str:
    return str(wording.shown(instrument).instrument.short_title)
