"""The audit trail in Spanish: the practice log, a client's trail and "who has seen my record",
each action a whole phrase of its own (the client's own words too, never staff words with
"the client's" swapped out); the CSV download keeps its English, like its column names."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.accounts import twofactor
from tandem.audit.words import ACTION_WORDS, CLIENT_WORDS, words
from tandem.care import actions as care
from tandem.measures.actions import set_schedule

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    """A Spanish request leaves Spanish active in this thread: the next test starts in English."""
    yield
    translation.deactivate()


def test_the_practice_log_reads_in_spanish(client: Any, people: Any) -> None:
    set_schedule(people.admin, "phq9", ["every_session"], None, False)
    twofactor.set_required(people.admin, True)
    care.assign_client(people.admin, people.client, people.colleague)
    client.force_login(people.admin)
    html = client.get("/practice/log/", **SPANISH).content.decode()
    assert "<h1>Registro del centro</h1>" in html
    assert "cambió el calendario de recogida — PHQ-9: no se recoge" in html
    assert "obligatorio, con 7 días de margen" in html
    assert f"cambió quién es el terapeuta del cliente — a {people.colleague.name}" in html
    assert "Calendarios de recogida" in html  # the kinds to filter by
    for english in ("changed the collection schedule", "not collected", "Kind of change"):
        assert english not in html


def test_a_clients_trail_reads_in_spanish_and_its_csv_stays_english(
    client: Any, people: Any
) -> None:
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.admin)
    url = f"/practice/clients/{people.client.pk}/audit/"
    html = client.get(url, **SPANISH).content.decode()
    assert "Registro de auditoría:" in html and "consultó la historia del cliente" in html
    assert "sellado" in html and "En la cadena de hashes" in html
    csv = b"".join(client.get(url + "?format=csv", **SPANISH).streaming_content).decode()
    assert csv.startswith("when,who,action,in_words")
    assert "looked at the client's record" in csv and "consultó" not in csv


def test_a_client_reads_who_has_seen_their_record_in_spanish(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    client.get(f"/clients/{people.client.pk}/")
    client.force_login(people.client_user)
    html = client.get("/portal/who-has-seen-my-record/", **SPANISH).content.decode()
    assert "Quién ha visto mi historia" in html
    assert "(terapeuta)" in html and "consultó tu historia" in html
    assert "looked at" not in html


def test_every_action_the_client_reads_is_a_whole_phrase_in_each_language() -> None:
    # Every staff phrase about the client has the client's own phrase, and no client phrase
    # still speaks of "the client" (nor, in Spanish, "del cliente").
    about_the_client = {c for c, w in ACTION_WORDS.items() if "the client" in str(w)}
    assert about_the_client == set(CLIENT_WORDS)
    assert words("client.sharing", for_client=True) == "changed what you share"
    with translation.override("es"):
        for code in ACTION_WORDS:
            said = words(code, for_client=True)
            assert not any(w in said for w in ("del cliente", "al cliente", "el cliente")), said
        assert words("client.view", for_client=True) == "consultó tu historia"
