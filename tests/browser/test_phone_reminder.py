"""On the phone page, the patient picks a time and gets a calendar file to import
(issue 30; tests/phone/test_reminder.py checks the file and wrong times)."""

from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import ProgramItemFactory
from tests.helpers import TIMEOUT_MS, TOKEN, issue_with_link

pytestmark = pytest.mark.browser


def test_the_patient_downloads_a_daily_reminder(browser, live_server, therapist, program, settings):
    cache.clear()  # the link pages' rate limit
    settings.SITE_URL = live_server.url
    ProgramItemFactory(program=program, order=1)
    issue_with_link(program, therapist.user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/h/{TOKEN}")
        page.get_by_label("Remind me every day at").fill("07:45")
        with page.expect_download() as download:
            page.get_by_role("button", name="Add a daily reminder to my calendar").click()
        assert download.value.suggested_filename == "reminder.ics"
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert "T074500" in text and "RRULE:FREQ=DAILY" in text
        assert f"URL:{live_server.url}/h/{TOKEN}" in text
    finally:
        context.close()
