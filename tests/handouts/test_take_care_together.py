"""No exercise splits from its "Take care" in any mode, in normal and large print, on Letter
and A4, in English and Spanish: its name and its "Take care" line are on the same page,
read back from the PDF."""

import pytest

from clinics.models import PaperSize
from handouts.models import Mode
from handouts.services import build_snapshot, handout_programs, render_snapshot_pdf
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db

TAKE_CARE = {"en": "Take care:", "es": "Tenga cuidado:"}


@pytest.mark.parametrize("paper", [PaperSize.LETTER, PaperSize.A4])
@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("mode", [Mode.FILLED, Mode.FULL, Mode.BLANK])
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_exercise_keeps_its_take_care_on_its_page(
    program, patient, language, mode, large_print, paper
):
    clinic = program.therapist.clinic
    clinic.paper_size = paper
    clinic.save()
    patient.language = language
    patient.save()
    snapshot = build_snapshot(
        handout_programs(mode).get(pk=program.pk), mode=mode, large_print=large_print
    )
    text = pdf_pages(render_snapshot_pdf(snapshot))
    label = TAKE_CARE[language]
    checked, page_number = 0, 0
    for exercise in snapshot["exercises"]:
        heading = f"{'☑' if exercise['ticked'] else '☐'} {exercise['name']}"
        # The exercises print in the snapshot's order: look from the last one's page on.
        page_number = next(
            number for number in range(page_number, len(text)) if heading in text[number]
        )
        if not exercise["take_care"]:
            continue
        after = text[page_number].split(heading, 1)[1]
        start = " ".join(exercise["take_care"].split())[:40]
        assert f"{label} {start}" in after, f"{exercise['name']}, page {page_number + 1}"
        checked += 1
    assert checked >= 10  # the bone-health protocol's exercises nearly all have one
