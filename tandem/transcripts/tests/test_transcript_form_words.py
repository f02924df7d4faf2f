"""The transcript form and the waiting card say things once, in plain words, and promise only
what happens (issue 17.16)."""

import re

import pytest

from tandem.transcripts.models import TranscriptAnalysis

pytestmark = pytest.mark.django_db

ANNOMI = (
    "transcript_id,utterance_id,interlocutor,utterance_text,mi_quality\n"
    "7,0,therapist,What brings you here today?,high\n"
    "7,1,client,I keep drinking more than I want to.,high\n"
    "7,2,therapist,You want to cut down.,high\n"
    "7,3,client,Yes. I don't want my kids to see me like that.,high\n"
)


def _session_page(client, people):
    client.force_login(people.therapist)
    return client.get(f"/sessions/{people.session.pk}/").content.decode()


def test_it_says_optional_once(client, people):
    page = _session_page(client, people)
    label = re.search(r'<label for="id_speakers">(.*?)</label>', page, re.S)
    assert label is not None and "Names to roles" in label.group(1)
    assert label.group(1).count("optional") == 1


def test_it_names_formats_in_plain_words_and_not_the_research_format(client, people):
    page = _session_page(client, people)
    assert '<option value="auto" selected>Work it out from the file</option>' in page
    assert "Subtitles: WebVTT (.vtt)" in page
    assert "annomi" not in page.lower().replace("(annomi)", "")  # the model's source note only
    assert 'value="annomi"' not in page


def test_a_research_file_is_still_recognised_by_working_it_out(client, people):
    client.force_login(people.therapist)
    client.post(
        f"/sessions/{people.session.pk}/transcript/",
        {"text": ANNOMI, "format": "auto", "speakers": ""},
    )
    analysis = TranscriptAnalysis.objects.get(session=people.session)
    assert analysis.status == "done" and analysis.format == "auto"
    assert len(analysis.result["sessions"][0]["utterances"]) == 4


def test_the_waiting_card_promises_a_refresh_only_to_a_script(client, people):
    TranscriptAnalysis.objects.create(
        user=people.therapist,
        session=people.session,
        name="s1.txt",
        format="auto",
        status=TranscriptAnalysis.QUEUED,
    )
    page = _session_page(client, people)
    assert (
        "<span data-shown-with-script hidden>This page refreshes by itself when the analysis is "
        "ready.</span>" in page
    )
    assert page.count("refreshes by itself") == 1
    # The link is the no-script way to see the result: a script that refreshes hides it.
    assert "data-hidden-with-script>Refresh the page to see it</a>" in page
