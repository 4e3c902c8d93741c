"""One exercise, one entry: the full sheet prints a protocol's exercise once, as the
program prescribed it, even when the clinic customised it after the program was made;
the blank form prints the clinic's copy in place of the base. English and Spanish."""

import pytest
from django.core.management import call_command

from handouts.models import Mode
from handouts.services import render_program_pdf
from library.models import Exercise
from library.services import customise_for_clinic
from tests.helpers import pdf_text

CUSTOM = "Stand one big step from the wall."


@pytest.fixture
def customised(program, clinic):
    """The clinic customises Wall push-ups after the program was made (the demo does)."""
    call_command("load_library_translations", "fixtures/library_es.json", verbosity=0)
    base = Exercise.objects.get(slug="wall-push-ups", clinic=None)
    copy, _ = customise_for_clinic(exercise=base, clinic_id=clinic.pk)
    copy.take_care = copy.take_care_en = CUSTOM
    copy.save()
    return base


@pytest.mark.parametrize(("language", "name"), [("en", "Wall push-ups"), ("es", "Flexiones")])
@pytest.mark.parametrize("large_print", [False, True])
def test_the_full_sheet_prints_a_customised_exercise_once_as_prescribed(
    program, patient, customised, language, name, large_print
):
    patient.language = language
    patient.save()
    text = pdf_text(render_program_pdf(program, mode=Mode.FULL, large_print=large_print))
    assert text.count(f"☑ {name}") == 1
    assert f"☐ {name}" not in text
    # The program holds the base exercise: its text, not the copy's.
    assert CUSTOM not in text


def test_the_full_sheet_prints_the_clinics_copy_when_the_program_holds_it(program, customised):
    item = program.items.get(exercise=customised)
    item.exercise = Exercise.objects.get(based_on=customised)
    item.save()
    text = pdf_text(render_program_pdf(program, mode=Mode.FULL))
    assert text.count("Wall push-ups") == 1 and CUSTOM in text


def test_the_blank_form_prints_the_clinics_copy_once(program, customised):
    text = pdf_text(render_program_pdf(program, mode=Mode.BLANK))
    assert text.count("☐ Wall push-ups") == 1 and CUSTOM in text
