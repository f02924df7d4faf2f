from tandem.core.transcripts import parse_transcript


def test_it_reads_t_and_c_labels(fixture_text):
    [t] = parse_transcript(fixture_text("session.txt"), "text")
    assert t.id == "1"
    assert len(t.utterances) == 14
    assert t.utterances[0].speaker == "therapist"
    assert t.utterances[1].speaker == "client"
    assert t.utterances[1].text.startswith("My doctor says")
    assert [u.id for u in t.utterances[:3]] == ["0", "1", "2"]


def test_it_reads_therapist_and_client_words_in_any_case():
    [t] = parse_transcript("THERAPIST: Hello.\nclient: Hi.\nCounsellor: Welcome.\nPatient: Thanks.")
    assert [u.speaker for u in t.utterances] == ["therapist", "client", "therapist", "client"]


def test_it_maps_names_to_roles_and_joins_continuation_lines(fixture_text):
    [t] = parse_transcript(
        fixture_text("names.txt"), speaker_map={"Dr Lee": "therapist", "sam": "client"}
    )
    assert [(u.speaker, u.name) for u in t.utterances] == [
        ("therapist", "Dr Lee"),
        ("client", "Sam"),
        ("therapist", "Dr Lee"),
    ]
    assert t.utterances[1].text == "Honestly, pretty rough. It was a long one."
    assert t.utterances[0].start == "00:00:05"


def test_it_keeps_a_colon_inside_a_turn_as_text():
    [t] = parse_transcript("T: Here is the thing: you came anyway.\nC: I did: twice.")
    assert t.utterances[0].text == "Here is the thing: you came anyway."
    assert len(t.utterances) == 2
