"""A risk question's words for staff (the label saying what an answer means, the topic saying
what the question asks about) in the reader's language, from the instrument file's own
translations of them: the PHQ-9's item 9 in Spanish, any language's staff falling back to the
file's words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tandem.core.instruments import Instrument, InstrumentError, Registry, load_instrument
from tandem.core.instruments.translation import risk_topic, risk_words
from tandem.core.words import Said, Words, english_join, english_number

from .conftest import minimal


def _risky(**risk: Any) -> dict[str, Any]:
    data = minimal()
    data["items"][1]["risk"] = {"min_value": 1, "severity": "high", "label": "Hurts", **risk}
    return data


def test_the_phq9s_risk_question_speaks_spanish_to_spanish_staff(phq9: Instrument) -> None:
    risk = phq9.item("q9").risk
    assert risk is not None
    spanish = risk_words(risk, "es-MX")
    assert spanish.label == "Ha tenido pensamientos de que sería mejor morir o de hacerse daño"
    assert spanish.topic == "pensamientos de hacerse daño"
    english = risk_words(risk, "en-gb")
    assert (english.label, english.topic) == (risk.label, "thoughts of self-harm")
    assert risk_words(risk, "fr").topic == "thoughts of self-harm"


def test_every_risk_question_has_its_words_in_every_language_tandems_scales_speak(
    builtins: Registry,
) -> None:
    """Tandem's own scales come in Spanish, so a risk question Tandem marks does too: a new
    language or a new risk item without its staff words fails here."""
    languages = {tag for i in builtins.values() for tag in i.translations}
    assert "es" in languages
    risky = [(i.id, item) for i in builtins.values() for item in i.items if item.risk]
    assert risky
    for instrument_id, item in risky:
        assert item.risk is not None
        missing = languages - set(item.risk.translations)
        assert not missing, f"{instrument_id} {item.id}: no risk words in {sorted(missing)}"


def test_a_topic_falls_back_to_its_label_in_each_language(
    write_yaml: Callable[..., Path],
) -> None:
    data = _risky(
        translations={"es": {"label": "Le duele"}, "pt-BR": {"label": "Dói", "topic": "dor"}}
    )
    risk = load_instrument(write_yaml(data)).item("b").risk
    assert risk is not None
    assert risk_words(risk, "es").topic == "le duele"
    assert risk_words(risk, "pt-BR").topic == "dor"
    assert risk_words(risk, "pt-PT").topic == "dor"  # the same language, another region
    assert risk_words(risk, "en").topic == "hurts"
    assert risk_topic(risk) == Words("hurts", (("es", "le duele"), ("pt-BR", "dor")))


def test_a_sentence_names_the_topic_in_its_readers_language() -> None:
    topic = Words("thoughts of self-harm", (("es", "pensamientos de hacerse daño"),))
    said = Said("Question 9 ({topic}) was left blank", {"topic": topic})
    assert str(said) == "Question 9 (thoughts of self-harm) was left blank"

    def spanish(template: str, plural: str | None = None, count: int = 1) -> str:
        return {"Question 9 ({topic}) was left blank": "La pregunta 9 ({topic}) quedó en blanco"}[
            template
        ]

    rendered = said.render(spanish, english_number, english_join, "es-ES")
    assert rendered == "La pregunta 9 (pensamientos de hacerse daño) quedó en blanco"
    assert topic.in_language("de") == "thoughts of self-harm"
    assert topic.in_language(None) == "thoughts of self-harm"


@pytest.mark.parametrize(
    ("tag", "says"),
    [("Spanish", "must be a language tag"), ("en", "is the instrument's own language")],
)
def test_it_refuses_risk_words_under_a_tag_that_is_not_another_language(
    write_yaml: Callable[..., Path], tag: str, says: str
) -> None:
    with pytest.raises(InstrumentError) as raised:
        load_instrument(write_yaml(_risky(translations={tag: {"label": "Duele"}})))
    assert any("risk.translations" in e and says in e for e in raised.value.errors)


def test_it_refuses_risk_words_without_a_label(write_yaml: Callable[..., Path]) -> None:
    with pytest.raises(InstrumentError):
        load_instrument(write_yaml(_risky(translations={"es": {"topic": "dolor"}})))
