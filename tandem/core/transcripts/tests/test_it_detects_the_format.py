import pytest

from tandem.core.transcripts import detect_format, parse_transcript


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("session.txt", "text"),
        ("names.txt", "text"),
        ("session.vtt", "vtt"),
        ("prefixed.vtt", "vtt"),
        ("session.srt", "srt"),
        ("session.csv", "csv"),
        ("annomi_like.csv", "annomi"),
    ],
)
def test_it_detects_each_format(fixture_text, name, expected):
    assert detect_format(fixture_text(name)) == expected


def test_it_parses_with_auto_the_same_as_with_the_format_named(fixture_text):
    for name, fmt in [("session.vtt", "vtt"), ("session.srt", "srt"), ("session.csv", "csv")]:
        assert parse_transcript(fixture_text(name)) == parse_transcript(fixture_text(name), fmt)


def test_it_ignores_a_byte_order_mark_and_windows_line_ends(fixture_text):
    text = "\ufeff" + fixture_text("session.vtt").replace("\n", "\r\n")
    [t] = parse_transcript(text)
    assert len(t.utterances) == 3
