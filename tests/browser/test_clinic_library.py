"""A clinic's own library, end to end: a clinic admin adds two exercises in admin, one with
an uploaded SVG drawing and one with a photo; a therapist of that clinic finds both in the
editor and prints them, and the PDF carries both names and both pictures; a therapist of
another clinic finds neither, by search or by id."""

import re

import pytest
from PIL import Image

from library.models import Exercise
from tests.factories import PatientFactory, ProgramFactory
from tests.helpers import (
    figures,
    log_in,
    pdf_text,
    print_handout,
    raster_images,
    search_settled,
)

pytestmark = pytest.mark.browser

PDF_URL = re.compile(r"/handouts/\d+/pdf/$")
DRAWING = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 100"><title>Wall slide</title>'
    '<path d="M20 90 L80 10 L140 90" stroke="black" stroke-width="3" fill="none"/></svg>'
)
HOSTILE = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


@pytest.fixture
def files(tmp_path):
    (tmp_path / "wall-slide.svg").write_text(DRAWING)
    (tmp_path / "hostile.svg").write_text(HOSTILE)
    Image.new("RGB", (800, 600), (40, 110, 200)).save(tmp_path / "chair-squat.jpg")
    return tmp_path


def loaded_width(image):
    """The picture's width once the browser has it (0 if it failed to load)."""
    return image.evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)")


def fill_exercise(page, name, slug, alt):
    page.fill("#id_name_en", name)
    page.fill("#id_slug", slug)
    page.fill("#id_summary_en", f"{name} makes your legs stronger.")
    page.select_option("#id_position", "standing")
    page.select_option("#id_kind", "strengthening")
    page.fill("#id_steps-0-text_en", "Stand with your back to a wall.")
    page.fill("#id_benefits-0-text_en", "Makes getting up easier.")
    page.fill("#id_illustration_alt_en", alt)


def saved(page):
    page.click("input[name=_continue]")
    page.get_by_text("was added successfully").wait_for()


def test_clinic_exercises_with_uploaded_pictures_print_for_their_clinic_only(
    browser, live_server, library, files, clinic_admin, therapist,
    other_clinic_therapist,
):  # fmt: skip
    admin = browser.new_context(viewport={"width": 1366, "height": 900})
    admin_page = admin.new_page()
    log_in(admin_page, live_server, clinic_admin.user)

    # The drawing: a hostile SVG is refused with the reason, the typed fields kept.
    admin_page.goto(f"{live_server.url}/admin/library/exercise/add/")
    fill_exercise(admin_page, "Wall slide", "wall-slide", "Back on the wall, knees bend.")
    admin_page.check("input[name=picture][value=drawing]")
    admin_page.set_input_files("#id_drawing", str(files / "hostile.svg"))
    admin_page.click("input[name=_continue]")
    admin_page.get_by_text("has an event handler (onload)").wait_for()
    assert admin_page.input_value("#id_name_en") == "Wall slide"
    assert admin_page.input_value("#id_steps-0-text_en") == "Stand with your back to a wall."
    admin_page.set_input_files("#id_drawing", str(files / "wall-slide.svg"))
    saved(admin_page)

    # The photo, chosen as the picture; admin shows it as it will print.
    admin_page.goto(f"{live_server.url}/admin/library/exercise/add/")
    fill_exercise(admin_page, "Chair squat", "chair-squat", "Sitting down onto a chair.")
    admin_page.check("input[name=picture][value=photo]")
    admin_page.set_input_files("#id_photo", str(files / "chair-squat.jpg"))
    saved(admin_page)
    preview = admin_page.locator("img.exercise-picture-preview.photo")
    assert loaded_width(preview) > 0
    admin.close()

    drawn = Exercise.objects.get(name="Wall slide")
    photographed = Exercise.objects.get(name="Chair squat")
    assert drawn.clinic_id == photographed.clinic_id == clinic_admin.clinic_id
    assert drawn.drawing and photographed.photo and photographed.picture == "photo"

    # A therapist of the clinic finds both in the editor and prints them.
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    program = ProgramFactory(patient=patient, therapist=therapist)
    own = browser.new_context(viewport={"width": 1366, "height": 900})
    page = own.new_page()
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    for name in ["Wall slide", "Chair squat"]:
        page.fill("#search-q", name)
        search_settled(page, name)  # not the last name's results, swapped under the click
        result = page.locator("#search-results .search-result", has_text=name)
        assert loaded_width(result.locator("img")) > 0
        page.get_by_role("button", name=f"Add {name}").click()
        page.locator("#items .item-name", has_text=name).wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved at").wait_for()
    page.get_by_role("link", name="Back to program").click()
    page.get_by_role("link", name="Preview and print handout").click()
    tab = print_handout(page)
    pdf = tab.request.get(tab.url).body()
    text = pdf_text(pdf)
    assert "Wall slide" in text and "Chair squat" in text
    # The two pictures, and the phone link's QR code every filled handout prints.
    assert sorted(figures(pdf)) == [
        "Back on the wall, knees bend.",
        "QR code for your exercises on your phone",
        "Sitting down onto a chair.",
    ]
    [photo] = raster_images(pdf)  # the drawing prints as lines, the photo as grey pixels
    assert photo.image.mode == "L"
    own.close()

    # Another clinic's therapist: not in search, and by id or slug as if missing.
    theirs = ProgramFactory(
        patient=PatientFactory(clinic=other_clinic_therapist.clinic),
        therapist=other_clinic_therapist,
    )
    other = browser.new_context(viewport={"width": 1366, "height": 900})
    page = other.new_page()
    log_in(page, live_server, other_clinic_therapist.user)
    for exercise in [drawn, photographed]:
        search = page.goto(
            f"{live_server.url}/programs/{theirs.pk}/edit/search/?q={exercise.name.split()[0]}"
        )
        assert search.status == 200 and exercise.name not in page.content()
        row = page.goto(
            f"{live_server.url}/programs/{theirs.pk}/edit/row/?exercise={exercise.pk}&index=0"
        )
        assert row.status == 404
        assert page.goto(f"{live_server.url}/exercises/{exercise.slug}/").status == 404
    other.close()
