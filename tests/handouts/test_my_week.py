"""Without a phone: a filled handout ends its exercises with a "My week" paper log, one
row per exercise, a box per day for two weeks (days in the patient's language) and a line
for pain 0-10. English and Spanish, normal and large print; each week whole on a page with
the library's Spanish names in large print, on Letter and A4."""

from pathlib import Path

import pytest
from django.core.management import call_command

from clinics.models import PaperSize
from handouts.models import Mode
from handouts.services import (
    build_snapshot,
    handout_programs,
    render_program_pdf,
    render_snapshot_pdf,
)
from tests.helpers import pdf_pages

LIBRARY_ES = Path(__file__).resolve().parents[2] / "fixtures" / "library_es.json"

WORDS = {
    "en": ("My week", "Week 1", "Week 2", "Mon Tue Wed Thu Fri Sat Sun", "Pain (0–10)"),
    "es": ("Mi semana", "Semana 1", "Semana 2", "lun mar mié jue vie sáb dom", "Dolor (0–10)"),
}


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_filled_handout_has_a_paper_log(program, patient, language, large_print):
    patient.language = language
    patient.save()
    text = pdf_pages(render_program_pdf(program, mode=Mode.FILLED, large_print=large_print))
    title, first, second, days, pain = WORDS[language]
    log = [page for page in text if page.startswith(title) or f" {title} " in page]
    assert log, "no My week page"
    whole = " ".join(text[text.index(log[0]) :])
    assert first in whole and second in whole
    assert whole.count(days) == 2 and whole.count(pain) == 2
    # Each week's table is whole on one page, its caption with it.
    for week in (first, second):
        page = next(page for page in text if f"{week} " in page)
        assert page.split(f"{week} ", 1)[1].count(pain) >= 1, week
    # One row per exercise: each ticked exercise's name, once a week (the library's text
    # is English here: its Spanish is not loaded).
    assert whole.count("Bridge") >= 2


@pytest.mark.parametrize("paper", [PaperSize.LETTER, PaperSize.A4])
def test_each_large_print_week_is_whole_on_one_page_in_spanish(program, patient, paper):
    """The library's Spanish names are longer than the English ones ("Flexiones contra la
    pared"): each week's table, its caption, day names, a row per exercise and the pain row,
    is on one page, and the log's title and instruction on the first week's page."""
    call_command("load_library_translations", str(LIBRARY_ES), verbosity=0)
    program.therapist.clinic.paper_size = paper
    program.therapist.clinic.save()
    patient.language = "es"
    patient.save()
    snapshot = build_snapshot(
        handout_programs(Mode.FILLED).get(pk=program.pk), mode=Mode.FILLED, large_print=True
    )
    text = pdf_pages(render_snapshot_pdf(snapshot))
    title, first, second, days, pain = WORDS["es"]
    names = [exercise["name"] for exercise in snapshot["exercises"]]
    assert "Flexiones contra la pared" in names  # Spanish names, not the English ones
    week_pages = []
    for week in (first, second):
        page = next(number for number, page in enumerate(text) if f"{week} " in page)
        table = text[page].split(f"{week} ", 1)[1]
        assert days in table and pain in table, week
        for name in names:
            assert name in table, f"{week}: {name} is not on page {page + 1}"
        week_pages.append(page)
    assert f"{title} Marque" in text[week_pages[0]]
    assert week_pages[1] == week_pages[0] + 1  # nothing between (no page of a lone title)


@pytest.mark.parametrize("mode", [Mode.FULL, Mode.BLANK])
def test_the_other_modes_have_none(program, mode):
    assert "My week" not in " ".join(pdf_pages(render_program_pdf(program, mode=mode)))
