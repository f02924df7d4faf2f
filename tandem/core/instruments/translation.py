"""An instrument's words in other languages: checking a translation, and choosing the words to show.

A translation changes only what the person answering reads: the title, the instructions, each
question and each answer's label. The answers' values, which items are scored, reversed items,
cutoffs and every other number stay the instrument's own, so a response scores the same in every
language. That is why a translation must cover every item with exactly the instrument's answer
values and add nothing: a missing or extra question would make the two versions different
questionnaires.

A translation is written in the instrument file (``translations: {es: {...}}``, as Tandem's own
scales do) or in a file of its own (``translation_of: phq9``, ``language: es``), which is how a
practice adds the official translation of a validated questionnaire without touching the file
Tandem ships.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.core.instruments.schema import (
    _LANGUAGE,
    Instrument,
    Item,
    ItemWording,
    Option,
    Risk,
    RiskWording,
    TranslationFile,
    Wording,
)
from tandem.core.words import Words


@dataclass(frozen=True)
class Shown:
    """The words chosen for a person: ``instrument`` is a copy in ``language``, scored exactly
    like the original; ``asked`` the language wanted."""

    instrument: Instrument
    language: str
    asked: str

    @property
    def fell_back(self) -> bool:
        """The language wanted was not available, so another was shown."""
        return not same_language(self.asked, self.language)


def base_language(tag: str) -> str:
    """ "es" for "es-MX": the language without its region or script."""
    return tag.split("-", 1)[0].lower()


def same_language(first: str, second: str) -> bool:
    return base_language(first) == base_language(second)


def languages(instrument: Instrument) -> tuple[str, ...]:
    """Every language the instrument can be shown in, its own first."""
    return (instrument.language, *sorted(instrument.translations))


def _match(instrument: Instrument, wanted: str) -> str | None:
    """The available language that fits ``wanted``: the same tag, else the same language
    (Spanish for "es-MX"), else None."""
    available = languages(instrument)
    for tag in available:
        if tag.lower() == wanted.lower():
            return tag
    for tag in available:
        if same_language(tag, wanted):
            return tag
    return None


def in_language(instrument: Instrument, *wanted: str) -> Shown:
    """The instrument in the first of ``wanted`` it has (compared as language tags, so "es-MX"
    finds Spanish), else in its own language; ``Shown.language`` says which was used."""
    asked = wanted[0] if wanted else instrument.language
    for tag in wanted:
        found = _match(instrument, tag)
        if found is not None:
            return Shown(_with_wording(instrument, found), found, asked)
    return Shown(instrument, instrument.language, asked)


def _topic(wording: Risk | RiskWording) -> str:
    # The label, its first letter made small, when no topic is given ("has had thoughts of …"),
    # unless it opens with an abbreviation ("PTSD flashbacks"), which keeps its capitals.
    if wording.topic:
        return wording.topic
    label = wording.label
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def risk_words(risk: Risk, language: str) -> RiskWording:
    """A risk item's label and topic in ``language`` (compared as language tags, so "es-MX"
    finds Spanish) when its file gives them, else as the file writes them; the topic is never
    empty."""
    found: Risk | RiskWording = risk
    exact = [w for tag, w in risk.translations.items() if tag.lower() == language.lower()]
    near = [w for tag, w in risk.translations.items() if same_language(tag, language)]
    if exact or near:
        found = (exact or near)[0]
    return RiskWording(label=found.label, topic=_topic(found))


def risk_topic(risk: Risk) -> Words:
    """The topic with all its languages, for a sentence shown later in its reader's language
    (``Said``): "thoughts of self-harm", "pensamientos de hacerse daño"."""
    return Words(
        _topic(risk), tuple((tag, _topic(words)) for tag, words in risk.translations.items())
    )


def _with_wording(instrument: Instrument, tag: str) -> Instrument:
    if tag == instrument.language:
        return instrument
    wording = instrument.translations[tag]
    by_id = {item.id: item for item in wording.items}
    items = tuple(_item_in(item, by_id[item.id]) for item in instrument.items)
    copy = instrument.model_copy(
        update={
            "title": wording.title,
            "short_title": wording.short_title or instrument.short_title,
            "description": wording.description or instrument.description,
            "instructions": wording.instructions,
            "items": items,
            "language": tag,
        }
    )
    # model_copy copies what the original had already worked out, such as its items by id;
    # this copy has other words, so it works them out afresh.
    copy.__dict__.pop("_items_by_id", None)
    return copy


def _item_in(item: Item, wording: ItemWording) -> Item:
    labels = {option.value: option.label for option in wording.options}
    return item.model_copy(
        update={
            "text": wording.text,
            "min_label": wording.min_label,
            "max_label": wording.max_label,
            "options": tuple(Option(value=o.value, label=labels[o.value]) for o in item.options),
        }
    )


# -- checks ---------------------------------------------------------------------------------------


def translation_problems(instrument: Instrument) -> list[str]:
    """Every problem in the translations an instrument file carries, as "field.path: what"."""
    problems: list[str] = []
    for tag, wording in instrument.translations.items():
        at = f"translations.{tag}"
        if not _LANGUAGE.match(tag):
            problems.append(
                f'{at}: must be a language tag such as "es", "pt-BR" or "zh-Hant", got {tag!r}'
            )
        problems += _language_problems(instrument, tag, at)
        problems += wording_problems(instrument, wording, at)
    for index, item in enumerate(instrument.items):
        for tag in item.risk.translations if item.risk is not None else ():
            at = f"items[{index}] ({item.id}).risk.translations.{tag}"
            if not _LANGUAGE.match(tag):
                problems.append(
                    f'{at}: must be a language tag such as "es", "pt-BR" or "zh-Hant", got {tag!r}'
                )
            problems += _language_problems(instrument, tag, at)
    return problems


def _language_problems(instrument: Instrument, tag: str, at: str) -> list[str]:
    if tag.lower() == instrument.language.lower():
        return [f"{at}: is the instrument's own language ({instrument.language})"]
    return []


def wording_problems(instrument: Instrument, wording: Wording, at: str) -> list[str]:
    """What keeps ``wording`` from being the same questionnaire in another language."""
    problems: list[str] = []
    if instrument.instructions.strip() and not wording.instructions.strip():
        problems.append(f"{at}.instructions: the instrument has instructions; translate them")
    elif wording.instructions.strip() and not instrument.instructions.strip():
        problems.append(f"{at}.instructions: the instrument has no instructions to translate")
    seen: dict[str, int] = {}
    for index, item_wording in enumerate(wording.items):
        where = f"{at}.items[{index}]"
        if item_wording.id in seen:
            problems.append(
                f"{where}.id: {item_wording.id!r} is translated twice "
                f"(also items[{seen[item_wording.id]}])"
            )
            continue
        seen[item_wording.id] = index
        if item_wording.id not in instrument.item_ids:
            problems.append(
                f"{where}.id: the instrument has no item {item_wording.id!r}; a translation "
                "may not add questions"
            )
            continue
        problems += _item_problems(instrument.item(item_wording.id), item_wording, where)
    for item_id in instrument.item_ids:
        if item_id not in seen:
            problems.append(f"{at}.items: item {item_id!r} has no translation")
    return problems


def _item_problems(item: Item, wording: ItemWording, at: str) -> list[str]:
    problems: list[str] = []
    at = f"{at} ({item.id})"
    if item.kind == "choice":
        expected = [option.value for option in item.options]
        given = [option.value for option in wording.options]
        if sorted(given) != sorted(expected):
            problems.append(
                f"{at}.options: must translate exactly the answers {_values(expected)}, "
                f"got {_values(given) if given else 'none'}"
            )
    elif wording.options:
        problems.append(f"{at}.options: the item is a {item.kind}, which has no answers to name")
    for end in ("min_label", "max_label"):
        ours, theirs = getattr(item, end).strip(), getattr(wording, end).strip()
        if ours and not theirs:
            problems.append(
                f"{at}.{end}: the instrument labels this end of the scale; translate it"
            )
        elif theirs and not ours:
            problems.append(f"{at}.{end}: the instrument has no label here to translate")
    return problems


def _values(values: list[int]) -> str:
    return ", ".join(str(v) for v in sorted(values))


def add_translation(
    instrument: Instrument, translation: TranslationFile
) -> tuple[Instrument, list[str]]:
    """The instrument with a translation file's words added, and the problems that stop it (then
    the instrument is returned unchanged)."""
    tag = translation.language
    problems = []
    if translation.translation_of != instrument.id:
        problems.append(f"translation_of: is {translation.translation_of!r}, not {instrument.id!r}")
    if tag.lower() == instrument.language.lower():
        problems.append(f"language: {tag} is the instrument's own language")
    elif _exact(instrument, tag) is not None:
        problems.append(f"language: {instrument.id} already has words in {tag}")
    problems += wording_problems(instrument, translation, "")
    if problems:
        return instrument, [p.removeprefix(".") for p in problems]
    wording = Wording.model_validate(translation.model_dump(exclude={"translation_of", "language"}))
    added = instrument.model_copy(
        update={"translations": {**instrument.translations, tag: wording}}
    )
    added.__dict__.pop("_items_by_id", None)
    return added, []


def _exact(instrument: Instrument, tag: str) -> str | None:
    for known in instrument.translations:
        if known.lower() == tag.lower():
            return known
    return None
