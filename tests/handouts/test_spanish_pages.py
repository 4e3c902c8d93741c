"""The full sheet and the blank form in Spanish, with the library's Spanish text, fill their
pages: Spanish runs about a tenth longer than English, and with the margins and spacing
sized for English most Spanish exercises took just over half a page, so most pages held
one (the full sheet 7 pages of exercises, the blank form 11). Each exercise still keeps
its name and its "Take care" on one page. Read back from the PDF, on Letter and A4."""

from pathlib import Path

import pytest
from django.core.management import call_command

from clinics.models import PaperSize
from handouts.models import Mode
from handouts.services import build_snapshot, handout_programs, render_snapshot_pdf
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db

LIBRARY_ES = Path(__file__).resolve().parents[2] / "fixtures" / "library_es.json"
# Pages of exercises for the bone-health protocol's 12 (on A4 as on Letter): the full
# sheet two to a page; the blank form, which lists every support with a box to tick, at
# most three pages of one (each then more than half full).
MOST_PAGES = {Mode.FULL: 6, Mode.BLANK: 9}


@pytest.mark.parametrize("paper", [PaperSize.LETTER, PaperSize.A4])
@pytest.mark.parametrize("mode", [Mode.FULL, Mode.BLANK])
def test_spanish_exercises_share_pages_and_keep_their_take_care(program, patient, mode, paper):
    call_command("load_library_translations", str(LIBRARY_ES), verbosity=0)
    program.therapist.clinic.paper_size = paper
    program.therapist.clinic.save()
    patient.language = "es"
    patient.save()
    snapshot = build_snapshot(
        handout_programs(mode).get(pk=program.pk), mode=mode, large_print=False
    )
    text = pdf_pages(render_snapshot_pdf(snapshot))
    assert len(snapshot["exercises"]) == 12
    on_page, page_number = [], 0
    for exercise in snapshot["exercises"]:
        heading = f"{'☑' if exercise['ticked'] else '☐'} {exercise['name']}"
        page_number = next(
            number for number in range(page_number, len(text)) if heading in text[number]
        )
        if exercise["take_care"]:
            after = text[page_number].split(heading, 1)[1]
            take_care = " ".join(exercise["take_care"].split())[:40]
            assert f"Tenga cuidado: {take_care}" in after, exercise["name"]
        on_page.append(page_number)
    assert "Flexiones contra la pared" in text[on_page[-1]]  # Spanish names, not English
    assert len(set(on_page)) <= MOST_PAGES[mode], on_page
