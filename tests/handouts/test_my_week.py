"""Without a phone: a filled handout ends its exercises with a "My week" paper log, one
row per exercise, a box per day for two weeks (days in the patient's language) and a line
for pain 0-10. English and Spanish, normal and large print."""

import io

import pytest
from pypdf import PdfReader

from handouts.models import Mode
from handouts.services import render_program_pdf

WORDS = {
    "en": ("My week", "Week 1", "Week 2", "Mon Tue Wed Thu Fri Sat Sun", "Pain (0–10)"),
    "es": ("Mi semana", "Semana 1", "Semana 2", "lun mar mié jue vie sáb dom", "Dolor (0–10)"),
}


def pages(pdf):
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_filled_handout_has_a_paper_log(program, patient, language, large_print):
    patient.language = language
    patient.save()
    text = pages(render_program_pdf(program, mode=Mode.FILLED, large_print=large_print))
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


@pytest.mark.parametrize("mode", [Mode.FULL, Mode.BLANK])
def test_the_other_modes_have_none(program, mode):
    assert "My week" not in " ".join(pages(render_program_pdf(program, mode=mode)))
