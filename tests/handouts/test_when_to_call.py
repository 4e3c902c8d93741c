"""Page 1 says when to call, with the clinic's phone as the one number; every page's footer
repeats it; the therapist's direct line is labelled as such. English and Spanish, normal
and large print, every mode."""

import pytest

from handouts.models import Mode
from handouts.services import render_program_pdf
from tests.helpers import pdf_pages

CLINIC_PHONE = "(555) 123-4567"  # tests/factories.py ClinicFactory
DIRECT_LINE = "(555) 010-2031"  # tests/handouts/conftest.py program

ENGLISH = {
    "box": "When to call",
    "call_us": f"Call us at {CLINIC_PHONE} if:",
    "emergency": "Call 911 (or your local emergency number) right away if:",
    "reasons": [
        "You fall.",
        "Your back hurts badly all of a sudden, or in a new way.",
        "The pain is worse the next day.",
        "You have chest pain, or it is hard to breathe.",
        "You feel dizzy, numb or weak, and it does not pass.",
    ],
    "direct": f"Therapist's direct line {DIRECT_LINE}",
}
SPANISH = {
    "box": "Cuándo llamar",
    "call_us": f"Llámenos al {CLINIC_PHONE} si:",
    "emergency": "Llame enseguida al 911 (o al número de emergencias de su zona) si:",
    "reasons": [
        "Se cae.",
        "Le duele mucho la espalda de repente, o de una forma nueva.",
        "El dolor es peor al día siguiente.",
        "Tiene dolor en el pecho, o le cuesta respirar.",
        "Se siente mareado, adormecido o débil, y no se le pasa.",
    ],
    "direct": f"Línea directa del terapeuta {DIRECT_LINE}",
}


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize(("language", "words"), [("en", ENGLISH), ("es", SPANISH)])
def test_page_one_says_when_to_call_and_every_page_gives_the_clinics_phone(
    program, patient, language, words, large_print
):
    patient.language = language
    patient.save()
    text = pdf_pages(render_program_pdf(program, mode=Mode.FILLED, large_print=large_print))
    first = text[0]
    assert words["box"] in first
    assert words["call_us"] in first  # the phone never breaks across lines
    assert words["emergency"] in first
    for reason in words["reasons"]:
        assert reason in first, reason
    assert words["direct"] in first
    assert len(text) > 3
    for number, page in enumerate(text, start=1):
        assert f"{CLINIC_PHONE} · Harbor Physical Therapy" in page, number


@pytest.mark.parametrize("mode", [Mode.FULL, Mode.BLANK])
def test_the_other_modes_say_when_to_call_too(program, mode):
    first = pdf_pages(render_program_pdf(program, mode=mode))[0]
    assert f"Call us at {CLINIC_PHONE} if:" in first and "You fall." in first


def test_no_direct_line_no_second_number(program, therapist):
    """Without a direct line, page 1 names one number: the clinic's."""
    therapist.phone = ""
    therapist.save()
    first = pdf_pages(render_program_pdf(program))[0]
    assert "direct line" not in first
    assert DIRECT_LINE not in first
    assert f"Call us at {CLINIC_PHONE} if:" in first


def test_the_clinic_writes_its_own_reasons_per_language(program, patient, clinic):
    clinic.call_us_if_en = "Your knee swells.\nYou miss two days."
    clinic.call_emergency_if_es = "Se desmaya."
    clinic.save()
    english = pdf_pages(render_program_pdf(program))[0]
    assert "Your knee swells." in english and "You miss two days." in english
    assert "You fall." not in english
    # Its emergency list in English is empty: the defaults print.
    assert "You have chest pain, or it is hard to breathe." in english
    patient.language = "es"
    patient.save()
    spanish = pdf_pages(render_program_pdf(program))[0]
    assert "Se desmaya." in spanish and "Tiene dolor en el pecho" not in spanish
    # No Spanish "call us" reasons: the Spanish defaults, never the English text.
    assert "Se cae." in spanish and "Your knee swells." not in spanish


def test_the_clinic_admin_edits_the_reasons_in_each_language(clinic_admin_client, clinic):
    page = clinic_admin_client.get(f"/admin/clinics/clinic/{clinic.pk}/change/")
    html = page.content.decode()
    for name in ("call_us_if_en", "call_us_if_es", "call_emergency_if_en", "call_emergency_if_es"):
        assert f'name="{name}"' in html, name
