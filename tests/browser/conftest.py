"""Browser journeys: Playwright for Python driving Debian's Chromium against live_server.

Playwright's sync API runs an event loop in the test's thread, so Django's ORM calls made by
the tests themselves need DJANGO_ALLOW_ASYNC_UNSAFE."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.helpers import SCREENSHOTS, TIMEOUT_MS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A tab that records JavaScript errors in `page.js_errors`."""
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, save each open tab as a PNG and name it in the report."""
    outcome = yield
    report = outcome.get_result()
    context = item.funcargs.get("context")
    if report.when != "call" or not report.failed or context is None:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    for number, tab in enumerate(context.pages, start=1):
        path = SCREENSHOTS / f"{item.name}-{number}.png"
        try:
            tab.screenshot(path=str(path), full_page=True)
        except Exception as error:  # a crashed tab must not hide the test's own failure
            report.sections.append(("screenshot", f"could not save {path}: {error}"))
        else:
            report.sections.append(("screenshot", f"saved {path}"))


@pytest.fixture
def library(transactional_db, seed_fixtures):
    """The seeds' exercises, conditions and protocols, for the live server."""
