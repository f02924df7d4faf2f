"""A browser named the way its owner would name it ("Firefox on an iPhone"), from its User-Agent,
for the 'where you are signed in' page. Only the common families: anything else is "A browser"."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and so on.
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("iPhone", pgettext_lazy("a browser on …", "an iPhone")),
    ("iPad", pgettext_lazy("a browser on …", "an iPad")),
    ("Android", pgettext_lazy("a browser on …", "Android")),
    ("Windows", pgettext_lazy("a browser on …", "Windows")),
    ("Macintosh", pgettext_lazy("a browser on …", "a Mac")),
    ("CrOS", pgettext_lazy("a browser on …", "a Chromebook")),
    ("Linux", pgettext_lazy("a browser on …", "Linux")),
]


def describe(user_agent: str) -> str:
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((str(name) for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or _("A browser on %(system)s") % {"system": system}
    return _("A browser")
