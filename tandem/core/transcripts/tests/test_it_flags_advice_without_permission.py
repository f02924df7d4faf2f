from tandem.core.transcripts.rules import asked_permission

T, C = "therapist", "client"


def test_it_sees_permission_asked_in_the_turn_before():
    speakers = [T, C, T]
    texts = ["Is it okay if I share an idea?", "Sure.", "You could try a nicotine patch."]
    assert asked_permission(speakers, texts, 2)


def test_it_sees_permission_asked_at_the_start_of_the_advice():
    assert asked_permission([T], ["If it's okay with you, I'd suggest a patch."], 0)


def test_it_sees_a_client_asking_for_advice():
    speakers = [C, T]
    texts = ["What should I do about the cravings?", "Many people find a patch helps."]
    assert asked_permission(speakers, texts, 1)


def test_it_flags_advice_that_nobody_asked_for():
    speakers = [T, C, T]
    texts = ["How was your week?", "Busy.", "You need to stop smoking now."]
    assert not asked_permission(speakers, texts, 2)


def test_it_sees_permission_asked_in_the_therapists_previous_turn():
    # the demo session's exchange: permission, the client's yes (in two turns), then the advice
    speakers = [T, C, C, T]
    texts = [
        "Would it be all right if I shared something that has helped other people with this?",
        "Sure.",
        "Go on.",
        "Some people put the walk in their calendar like a meeting.",
    ]
    assert asked_permission(speakers, texts, 3)


def test_it_does_not_count_permission_the_client_turned_down():
    speakers = [T, C, T]
    texts = ["Can I share an idea about the cravings?", "No thanks, not right now.",
             "You could try a nicotine patch."]  # fmt: skip
    assert not asked_permission(speakers, texts, 2)


def test_it_does_not_reach_back_past_the_therapists_previous_turn():
    speakers = [T, C, T, C, T]
    texts = ["Can I share an idea?", "Sure.", "How was the weekend?", "Fine.",
             "You should cut down to five a day."]  # fmt: skip
    assert not asked_permission(speakers, texts, 4)


def test_it_does_not_count_a_self_disclosure_as_unasked_advice():
    from tandem.core.transcripts.rules import gives_directions

    assert not gives_directions(
        "I'll be honest, when I started running I had exactly the same trouble with dark evenings."
    )
    assert gives_directions("When I quit I used patches, and I'd suggest you try them.")


def test_the_demo_session_has_no_advice_without_permission_and_one_self_disclosure():
    from pathlib import Path

    from tandem.core.transcripts import analyse_sessions, parse_transcript

    demo = Path(__file__).resolve().parents[3] / "demo" / "transcript.txt"
    [session] = analyse_sessions(parse_transcript(demo.read_text(encoding="utf-8")))
    assert session.metrics["advice_without_permission"] == 0
    disclosed = [u.text for u in session.utterances if u.self_disclosure]
    assert disclosed == [
        "I'll be honest, when I started running I had exactly the same trouble with dark evenings."
    ]
