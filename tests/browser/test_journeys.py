"""What therapists and clinic admins do, in a real browser against the real pages."""

import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from clinics.models import Patient
from library.models import Exercise
from programs.models import Program
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import log_in, pdf_text, print_handout

pytestmark = pytest.mark.browser


def item_names(page):
    return page.locator("#items .item-name").all_inner_texts()


def row(page, name):
    return page.locator("#items > li", has=page.locator(".item-name", has_text=name))


# The dragged row (SortableJS's ghost) has left the top, and no row is still sliding into
# its new place (SortableJS animates each moved row with an inline transition).
DRAGGED_DOWN_AND_SETTLED = """() => {
    const rows = [...document.querySelectorAll("#items > li")];
    const ghost = rows.findIndex(row => row.classList.contains("sortable-ghost"));
    return ghost > 0 && rows.every(row => !row.style.transition);
}"""


def drag(page, handle, target):
    """Drag with real mouse steps, as a person does (SortableJS follows the pointer). The row
    is brought to the middle of the window first, clear of the editor's sticky bar."""
    handle.evaluate("handle => handle.scrollIntoView({block: 'center', behavior: 'instant'})")
    start = handle.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2 + 8)
    page.locator("#items > li.sortable-ghost").wait_for()  # the drag has begun
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.75, steps=20)
    page.wait_for_function(DRAGGED_DOWN_AND_SETTLED)
    page.mouse.up()


def test_therapist_builds_prints_and_downloads_a_program(page, live_server, library, therapist):
    log_in(page, live_server, therapist.user)

    # A new patient with osteoporosis.
    page.get_by_role("link", name="Add a patient").click()
    page.fill("#id_name", "Rosa Delgado")
    page.get_by_label("Osteoporosis").check()
    page.click("main button[type=submit]")
    page.get_by_text("Added Rosa Delgado.").wait_for()

    # A program from the bone-health protocol.
    page.get_by_role("link", name="New program").click()
    page.get_by_label("Bone health: trunk and lower body").check()
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/programs/\d+/edit/$"))
    protocol_order = item_names(page)
    assert len(protocol_order) == 12
    page.fill("#id_frequency", "Every morning, 5 days a week")

    # Knees to chest, found by search, meets the osteoporosis flexion caution.
    page.fill("#search-q", "knees to chest")
    page.locator("#search-results [data-add-item]").first.click()
    knees = row(page, "Knees to chest")
    knees.get_by_text("Caution for this patient").wait_for()
    assert "spinal flexion" in knees.inner_text()
    knees.locator("input[name$='caution_reason']").fill("Pain-free in clinic; small range only")

    # Reorder: twice up with the keyboard buttons, then drag the first row below the third.
    knees.get_by_role("button", name="Move Knees to chest up").click()
    knees.get_by_role("button", name="Move Knees to chest up").click()
    assert item_names(page)[-3] == "Knees to chest"
    first = protocol_order[0]
    drag(page, row(page, first).locator(".drag-handle"), page.locator("#items > li").nth(2))
    after_drag = item_names(page)
    # Where exactly it lands depends on the pointer; it must have gone down, nothing lost.
    assert after_drag.index(first) in (1, 2)
    assert sorted(after_drag) == sorted([*protocol_order, "Knees to chest"])

    # A new dose for knees to chest, then save.
    knees.locator("input[data-dose='reps']").fill("7")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved at").wait_for()
    assert item_names(page) == after_drag
    assert page.js_errors == []

    program = Program.objects.get(patient__name="Rosa Delgado")
    saved = program.items.get(exercise__slug="knees-to-chest")
    assert (saved.reps, saved.caution_reason_by) == (7, therapist.user)
    assert [item.exercise.name for item in program.items.order_by("order")] == after_drag

    # The program page shows the reason; preview, then print: the PDF opens at once.
    page.get_by_role("link", name="Back to program").click()
    page.get_by_text("Pain-free in clinic; small range only").first.wait_for()
    page.get_by_role("link", name="Preview and print handout").click()
    frame = page.frame_locator("iframe.handout-preview")
    frame.get_by_text("Rosa Delgado").first.wait_for()
    tab = print_handout(page)
    # Headless Chromium shows no PDF viewer; read the bytes it was sent with its session.
    response = tab.request.get(tab.url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = pdf_text(pdf)
    assert "Name Rosa Delgado" in text
    assert "Every morning, 5 days a week" in text
    assert "Repeat 7 times" in text
    assert "Pain-free in clinic" not in text

    # The patient's page lists it, and it downloads the same bytes again.
    page.goto(f"{live_server.url}/patients/{program.patient_id}/")
    link = page.locator("a[href*='/pdf/']").first
    assert live_server.url + link.get_attribute("href") == tab.url
    assert page.js_errors == []


def test_another_clinics_patient_is_not_found(page, live_server, therapist, other_clinic_therapist):
    theirs = PatientFactory(clinic=other_clinic_therapist.clinic, name="Hidden Person")
    log_in(page, live_server, therapist.user)
    response = page.goto(f"{live_server.url}/patients/{theirs.pk}/")
    assert response.status == 404
    assert "Hidden Person" not in page.content()
    missing = page.goto(f"{live_server.url}/patients/{theirs.pk + 1000}/")
    assert missing.status == 404


def test_library_editor_uploads_a_photo_and_sees_it_in_the_preview(
    page, live_server, library, library_editor, tmp_path
):
    photo = tmp_path / "bridge-photo.png"
    Image.new("RGB", (320, 200), (200, 120, 40)).save(photo)
    bridge = Exercise.objects.get(slug="bridge")

    log_in(page, live_server, library_editor)
    page.goto(f"{live_server.url}/admin/library/exercise/{bridge.pk}/change/")
    page.fill("#id_summary_en", "Lift your hips to make your buttocks and back stronger.")
    page.set_input_files("#id_photo", str(photo))
    page.check("input[name=picture][value=photo]")
    page.click("input[name=_continue]")
    page.get_by_text("was changed successfully").wait_for()

    bridge.refresh_from_db()
    assert bridge.photo and default_storage.exists(bridge.photo.name)
    page.goto(f"{live_server.url}/admin/library/exercise/{bridge.pk}/preview/")
    image = page.locator(f"img[src$='{bridge.photo.name}']")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "Lift your hips to make your buttocks" in page.content()
    assert page.js_errors == []


def test_a_stale_save_in_a_second_tab_shows_the_conflict(context, live_server, therapist):
    patient = PatientFactory(clinic=therapist.clinic, name="Tom Ito")
    program = ProgramFactory(patient=patient, therapist=therapist)
    ProgramItemFactory(program=program, reps=10)
    first, second = context.new_page(), context.new_page()
    log_in(first, live_server, therapist.user)
    editor = f"{live_server.url}/programs/{program.pk}/edit/"
    first.goto(editor)
    second.goto(editor)

    first.locator("input[data-dose='reps']").fill("12")
    first.get_by_role("button", name="Save", exact=True).click()
    first.get_by_text("Saved at").wait_for()

    second.locator("input[data-dose='reps']").fill("15")
    second.get_by_role("button", name="Save", exact=True).click()
    second.locator("#stale-alert").wait_for()
    assert "this program was saved elsewhere" in second.locator("#stale-alert").inner_text()
    assert second.locator("input[data-dose='reps']").input_value() == "15"
    assert program.items.get().reps == 12

    # "Keep mine" saves this tab's version over the other one.
    second.get_by_role("button", name="Keep mine (replace the other version)").click()
    second.get_by_text("Saved at").wait_for()
    assert program.items.get().reps == 15
    assert second.locator("#stale-alert").count() == 0
    assert Patient.objects.count() == 1


def test_therapist_saves_a_template_and_starts_another_patients_program_from_it(
    page, live_server, library, therapist
):
    """Save as template from one patient's program (shared with the clinic), star an
    exercise in the editor's search, then start a second patient's program from it."""
    first = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    PatientFactory(clinic=therapist.clinic, name="Tom Ito")
    program = ProgramFactory(
        patient=first, therapist=therapist, title="Knee set", frequency="Every other day"
    )
    for order, slug in enumerate(["bridge", "heel-raises"], start=1):
        ProgramItemFactory(
            program=program, exercise=Exercise.objects.get(slug=slug), order=order, reps=7
        )
    log_in(page, live_server, therapist.user)

    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="Save as template").click()
    page.fill("#id_name", "Knee set, week 1")
    page.get_by_label("Share with my clinic").check()
    page.get_by_role("button", name="Save template").click()
    page.get_by_text("Saved the template “Knee set, week 1” for your clinic.").wait_for()

    # A star in the editor's search puts Walking first next time.
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    page.fill("#search-q", "walk")
    page.get_by_role("button", name="Favourite: Walking", exact=True).click()
    page.locator("[aria-label='Favourite: Walking'][aria-pressed='true']").wait_for()

    page.goto(f"{live_server.url}/patients/")
    page.get_by_role("link", name="Tom Ito").click()
    page.get_by_role("link", name="New program").click()
    page.get_by_label("Knee set, week 1").check()
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/programs/\d+/edit/$"))
    assert item_names(page) == ["Bridge", "Heel raises"]
    assert page.locator("#id_frequency").input_value() == "Every other day"
    started = Program.objects.get(patient__name="Tom Ito")
    assert [item.reps for item in started.items.all()] == [7, 7]
    assert therapist.favourites.get().exercise.slug == "walking"
