"""Browsers named in words from their User-Agent (the 'where you are signed in' page)."""

import pytest

from tandem.accounts.browsers import describe

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
CHROME_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) CriOS/124.0 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (CHROME_MAC, "Chrome on a Mac"),
        (CHROME_IPHONE, "Chrome on an iPhone"),
        ("curl/8.5.0", "A browser"),
        ("", "A browser"),
    ],
)
def test_it_names_the_common_browsers_and_says_a_browser_otherwise(agent, words):
    assert describe(agent) == words
