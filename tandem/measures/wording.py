"""Which words of an instrument a person is shown: the active language's, when the instrument has
them, else the instrument's own (``tandem.core.instruments.translation``).

The form (``forms.InstrumentForm``) and the action that stores the answers
(``actions.submit_response``) both ask here, in the same request, so the language stored with a
response is the language its questions were shown in.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from tandem.core.instruments import Instrument, Shown, in_language


def shown(instrument: Instrument) -> Shown:
    """The instrument in the language of the page being shown (the person's, or their
    browser's), with the language actually used."""
    active = translation.get_language()
    return in_language(instrument, active) if active else in_language(instrument)


def title(instrument: Instrument) -> str:
    return shown(instrument).instrument.title


# The languages Tandem's own wording comes in, named as in the middle of a sentence ("no está
# disponible en español": Spanish writes them in lower case there, German does not).
IN_A_SENTENCE = {
    "en": pgettext_lazy("language name in a sentence", "English"),
    "es": pgettext_lazy("language name in a sentence", "Spanish"),
}


def language_name(tag: str) -> str:
    """ "Spanish" (in the page's language) for "es"; the tag itself for a language Django does
    not name."""
    base = tag.split("-", 1)[0].lower()
    if base in IN_A_SENTENCE:
        return str(IN_A_SENTENCE[base])
    for candidate in (tag, tag.split("-", 1)[0]):
        try:
            return str(translation.get_language_info(candidate.lower())["name_translated"])
        except KeyError:
            continue
    return tag


def fell_back_note(seen: Shown) -> str:
    """What the page says when the questionnaire is not in the person's language; empty when it
    is (and for English, the language every instrument has)."""
    if not seen.fell_back:
        return ""
    return _("This questionnaire is not available in %(wanted)s; it is shown in %(shown)s.") % {
        "wanted": language_name(seen.asked),
        "shown": language_name(seen.language),
    }
