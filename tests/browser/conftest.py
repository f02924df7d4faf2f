"""Browser tests: real headless Chromium (Debian's) driven by Playwright against a live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test's thread; the database work the tests do
# around it is ordinary synchronous code, which Django would otherwise refuse next to a loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
PASSWORD = "a-long-test-password"


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="Also write each dashboard page's screenshot to docs/screenshots/ (make screenshots).",
    )


# Actions that can open a page: after each, wait for the page it opened to load.
SETTLING_ACTIONS = (
    "click",
    "dblclick",
    "tap",
    "press",
    "check",
    "uncheck",
    "set_checked",
    "select_option",
)


def _settling(action: Any) -> Any:
    def act_then_settle(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = action(self, *args, **kwargs)
        page = getattr(self, "page", self)
        if not page.is_closed():
            page.wait_for_load_state("load")
        return result

    act_then_settle.settles = True  # type: ignore[attr-defined]
    return act_then_settle


def pytest_configure(config: Any) -> None:
    """Every action that can open a page waits until that page has loaded, in every browser test.

    Playwright's click (and key press, tick, choice) waits only for a navigation it started to be
    committed: ``page.url`` already names the new page while its document may still be empty, and
    a read that does not wait (``count()``, ``evaluate``, ``is_visible()``) then sees nothing. CI
    failed twice on exactly that (a chart count of 0 right after opening a client). When the action
    opened no page, the current page is already loaded and the wait returns at once; what scripts
    change on the page afterwards is still for ``expect(...)`` to wait for."""
    try:
        from playwright.sync_api import Locator, Page
    except ImportError:  # the suite says how to install it when a browser test starts
        return
    for cls in (Locator, Page):
        for name in SETTLING_ACTIONS:
            action = getattr(cls, name, None)
            if action is not None and not getattr(action, "settles", False):
                setattr(cls, name, _settling(action))


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make setup` (installs Debian's chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def new_page(browser: Any, viewport: dict[str, int], *, phone: bool, **options: Any) -> Any:
    """A page in a browser context of its own: a phone's (touch, mobile, twice the pixels) or a
    desk's; ``options`` go to the context (``locale="es-ES"``: the browser asks for Spanish).
    Close it with ``page.context.close()``."""
    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
        **options,
    )
    page = context.new_page()
    # 30 s, not 15: two copies of tests/browser + tests/i18n at -n 3 on two cores (load average
    # 10 to 14) failed 19 times in 16 runs, every one a 15 s timeout: a sign-in click "waiting for
    # scheduled navigations to finish" (the demo server's single worker hashes with Argon2) or a
    # report page's Page.goto. No assertion read a page too early; expect() keeps them exact.
    page.set_default_timeout(30_000)
    return page


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    page = new_page(browser, PHONE, phone=True)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    page = new_page(browser, DESKTOP, phone=False)
    yield page
    page.context.close()


def sign_in(page: Any, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")


def sign_in_by_fields(
    page: Any, base_url: str, email: str, *, button: str | None = None, password: str = PASSWORD
) -> None:
    """Sign in through the form's fields, whatever language the page is in; ``button``, when
    given, is the name the sign-in button must have there ("Entrar")."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    if button:
        page.get_by_role("button", name=button).click()
    else:
        page.click("main button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
