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
