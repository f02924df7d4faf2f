"""The two charts of an analysed transcript: counts drawn and told in words, text escaped."""

from __future__ import annotations

from tandem.transcripts.charts import client_talk_chart, therapist_behaviour_chart


def t(behaviour: str, subtype: str | None = None) -> dict[str, object]:
    return {"speaker": "therapist", "behaviour": behaviour, "subtype": subtype, "text": "…"}


def c(talk: str, text: str = "Something.") -> dict[str, object]:
    return {"speaker": "client", "talk_type": talk, "talk_type_probability": 0.7, "text": text}


def test_it_counts_each_kind_of_therapist_turn() -> None:
    turns = [
        t("question", "open"),
        t("question", "open"),
        t("question", "closed"),
        t("reflection", "complex"),
        t("reflection", "simple"),
        t("reflection", None),
        t("therapist_input", "advice"),
        t("other"),
        c("change"),
    ]
    chart = therapist_behaviour_chart(turns, "x")
    assert chart is not None
    counts = {row[0]: row[1] for row in chart.rows}
    assert counts == {
        "Open questions": 2,
        "Closed questions": 1,
        "Complex reflections": 1,
        "Simple reflections": 2,
        "Information and advice": 1,
        "Other": 1,
    }
    assert chart.summary == (
        "Of 8 therapist turns, 3 were questions (2 open), 3 were reflections (1 complex) "
        "and 1 gave information or advice."
    )
    assert chart.svg.count('class="bar"') == 6


def test_it_marks_change_up_sustain_down_in_the_order_said() -> None:
    turns = [c("neutral"), c("sustain"), t("question", "open"), c("change"), c("change")]
    chart = client_talk_chart(turns, "y")
    assert chart is not None
    assert [row[1] for row in chart.rows] == ["neutral", "sustain", "change", "change"]
    assert chart.svg.count("talk-change") == 2 and chart.svg.count("talk-sustain") == 1
    assert chart.summary == (
        "2 of 4 client turns were change talk and 1 sustain talk; "
        "2 of the 2 change-talk turns came in the second half."
    )


def test_it_escapes_what_people_said() -> None:
    chart = client_talk_chart([c("change", "<script>alert(1)</script> & more")], "z")
    assert chart is not None
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg


def test_it_draws_nothing_for_a_side_that_did_not_speak() -> None:
    assert therapist_behaviour_chart([c("change")], "a") is None
    assert client_talk_chart([t("question")], "b") is None


def test_in_spanish_the_counts_are_told_without_agreeing_with_a_number() -> None:
    """ "1 complejos", "1 dieron", "1 de los 1 turnos … llegaron": a count of one in a sentence
    pluralised for another count reads wrong, so the Spanish names each count ("complejos: 1")."""
    from django.utils import translation

    turns = [t("question", "open"), t("reflection", "complex"), t("therapist_input", "advice")]
    talk = [c("change"), c("sustain"), c("neutral"), c("change")]
    with translation.override("es"):
        therapist = therapist_behaviour_chart(turns, "x")
        client = client_talk_chart(talk, "y")
    assert therapist is not None and client is not None
    assert therapist.summary == (
        "Turnos del terapeuta: 3. Preguntas: 1 (abiertas: 1); reflejos: 1 (complejos: 1); "
        "información o consejos: 1."
    )
    assert client.summary == (
        "Turnos del cliente: 4. Lenguaje de cambio: 2 (en la segunda mitad: 1); "
        "lenguaje de mantenimiento: 1."
    )
