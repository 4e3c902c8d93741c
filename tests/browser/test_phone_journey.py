"""The patient's side of a handout: the QR code on the printed sheet opens the phone page,
where they tick off exercises and say how it felt; the therapist then sees it."""

import pytest
from django.core.cache import cache

from library.models import Exercise
from phone.models import DayFeeling, ExerciseTick
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import TIMEOUT_MS, log_in, print_handout, qr_urls

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_patient_scans_ticks_two_exercises_and_the_therapist_sees_them(
    browser, page, live_server, library, therapist, settings, tmp_path
):
    cache.clear()  # the link pages' rate limit
    settings.SITE_URL = live_server.url  # the address the QR code prints
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado", chart_number="C-12")
    program = ProgramFactory(patient=patient, therapist=therapist, title="Bone health")
    for order, slug in enumerate(["bridge", "heel-raises", "walking"], start=1):
        ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug=slug), order=order)

    # The therapist prints the handout.
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/handout/")
    tab = print_handout(page)
    pdf = tab.request.get(tab.url).body()

    # At home, the patient's phone camera reads the code.
    [url] = qr_urls(pdf, tmp_path)
    assert url.startswith(f"{live_server.url}/h/")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.set_default_timeout(TIMEOUT_MS)
    try:
        tab = phone.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(url)
        tab.get_by_role("heading", name="Hello Rosa").wait_for()
        assert "Delgado" not in tab.content()
        # Nothing on the page is wider than the phone.
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        done = tab.get_by_role("button", name="Done: Bridge")
        assert done.bounding_box()["height"] >= 44  # a big tap target
        done.click()
        tab.get_by_role("button", name="Undo “done” for Bridge").wait_for()
        tab.get_by_role("button", name="Done: Heel raises").click()
        tab.get_by_role("button", name="Undo “done” for Heel raises").wait_for()
        assert "2 exercises done" in tab.inner_text("header")
        tab.get_by_label("3", exact=True).check()
        tab.get_by_label("About right").check()
        tab.get_by_role("button", name="Save how it felt").click()
        tab.get_by_text("Saved: pain 3 out of 10.").wait_for()
        assert errors == []
    finally:
        phone.close()

    ticked = ExerciseTick.objects.filter(program=program)
    assert sorted(ticked.values_list("exercise__slug", flat=True)) == ["bridge", "heel-raises"]
    assert DayFeeling.objects.get(program=program).pain == 3

    # Back at the clinic, the patient's page shows it.
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    section = page.locator("section[aria-labelledby=adherence-title]")
    section.get_by_text("Days with any exercise done in the last 4 weeks: 1").wait_for()
    rows = section.locator("tbody tr").all_inner_texts()
    assert [line.split("\t")[:2] for line in rows if "days" in line] == [
        ["Bridge", "100% (1 of 1 days)"],
        ["Heel raises", "100% (1 of 1 days)"],
        ["Walking", "0% (0 of 1 days)"],
    ]
    assert section.locator("td.done").count() == 1
    assert "3, about right" in section.inner_text()
    assert page.js_errors == []
