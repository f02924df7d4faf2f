"""Every response keeps the language its questions were shown in, and the exports carry it."""

import pytest
from django.utils import translation

from tandem.errors import ActionError
from tandem.interop import export
from tandem.interop.fhir_io import response_resource
from tandem.measures.actions import submit_response
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

PARTNERSHIP = {"heard": "9", "focus": "8", "fit": "7", "together": "8", "takeaway": "6"}
PHQ9 = {f"q{n}": "1" for n in range(1, 10)}
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"}


def url(people, instrument_id):
    return f"/portal/sessions/{people.session.pk}/{instrument_id}/"


def test_a_client_whose_browser_asks_for_spanish_answers_our_scale_in_spanish(client, people):
    client.force_login(people.client_user)
    page = client.get(url(people, "partnership"), **SPANISH)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Colaboración en la sesión" in text
    assert "Sentí que me escuchaban y me respetaban." in text
    assert "I felt heard and respected." not in text
    assert 'id="language-note"' not in text
    assert client.post(url(people, "partnership"), PARTNERSHIP, **SPANISH).status_code == 302
    saved = Response.objects.get(session=people.session, instrument_id="partnership")
    assert saved.language == "es"
    # Scored as the English would be: the words changed, nothing else.
    assert saved.total == pytest.approx((9 + 8 + 7 + 8 + 6) / 5)


def test_an_english_page_shows_the_file_s_own_words_and_no_note(client, people):
    client.force_login(people.client_user)
    page = client.get(url(people, "partnership"), HTTP_ACCEPT_LANGUAGE="en-GB")
    text = page.content.decode()
    assert "I felt heard and respected." in text
    assert 'id="language-note"' not in text
    assert ' lang="en"' not in text.split("<body", 1)[1]
    client.post(url(people, "partnership"), PARTNERSHIP, HTTP_ACCEPT_LANGUAGE="en-GB")
    assert Response.objects.get(instrument_id="partnership").language == "en"


def test_the_phq9_says_it_is_shown_in_english_and_keeps_en(client, people):
    client.force_login(people.client_user)
    page = client.get(url(people, "phq9"), **SPANISH)
    text = page.content.decode()
    assert 'id="language-note"' in text
    # The English questions are marked as English for a screen reader on a Spanish page.
    assert '<form method="post" novalidate id="instrument-form" lang="en">' in text
    assert "Little interest or pleasure in doing things" in text
    assert client.post(url(people, "phq9"), PHQ9, **SPANISH).status_code == 302
    assert Response.objects.get(instrument_id="phq9").language == "en"


@pytest.mark.parametrize(
    ("active", "kept"), [(None, "en"), ("en-gb", "en"), ("es", "es"), ("fr", "en")]
)
def test_without_a_language_given_it_keeps_the_one_the_form_would_show(people, active, kept):
    # None: no language active at all (a script): the file's own words.
    with translation.override(active):
        submitted = submit_response(
            people.client_user, people.episode, "growth", dict.fromkeys(GROWTH, 2)
        )
    assert submitted.response.language == kept


GROWTH = (
    "confidence", "choice", "self_activation", "spontaneity", "entitlement",
    "commitment", "intimacy", "responsibility", "limits", "containment",
)  # fmt: skip


def test_it_refuses_a_language_the_instrument_is_not_written_in(people):
    with pytest.raises(ActionError, match="has no wording in “fr” \\(it has en, es\\)"):
        submit_response(
            people.client_user,
            people.episode,
            "partnership",
            PARTNERSHIP,
            session=people.session,
            language="fr",
        )
    assert not Response.objects.exists()


def test_the_exports_say_which_language_and_the_fhir_text_is_what_was_read(client, people):
    client.force_login(people.client_user)
    client.post(url(people, "partnership"), PARTNERSHIP, **SPANISH)
    client.post(url(people, "phq9"), PHQ9, HTTP_ACCEPT_LANGUAGE="en")
    answers, _, _ = export.tables(people.therapist)
    by_instrument = dict(zip(answers["instrument"], answers["language"], strict=False))
    assert by_instrument == {"partnership": "es", "phq9": "en"}
    spanish = response_resource(Response.objects.get(instrument_id="partnership"))
    assert spanish is not None
    assert spanish["language"] == "es"
    assert spanish["item"][0]["text"] == "Sentí que me escuchaban y me respetaban."
    english = response_resource(Response.objects.get(instrument_id="phq9"))
    assert english is not None
    assert english["language"] == "en"
    assert english["item"][0]["text"] == "Little interest or pleasure in doing things"


def test_a_response_whose_language_is_not_known_exports_none(people):
    submitted = submit_response(
        people.client_user, people.episode, "partnership", PARTNERSHIP, session=people.session
    )
    Response.objects.filter(pk=submitted.response.pk).update(language="")
    resource = response_resource(Response.objects.get(pk=submitted.response.pk))
    assert resource is not None
    assert "language" not in resource
