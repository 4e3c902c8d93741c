"""Education sheets flow one after another without near-empty pages, and cite public titles
a patient could look up (Spanish ones on Spanish sheets, where they exist); read back from
the PDF in English and Spanish, normal and large print."""

import re
import subprocess

import pytest
from django.core.management import call_command

from handouts.models import Mode
from handouts.services import render_program_pdf
from library.models import Sheet, SheetSource
from programs.models import ProgramSheet
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

INCH = 72
MARGINS = {False: (0.65 * INCH, 0.6 * INCH), True: (0.8 * INCH, 0.8 * INCH)}  # handout.css
SEEDS = ["food-for-strong-bones", "fall-proof-home", "move-safely", "walking-plan"]
TITLES = {
    "en": ["Food for strong bones", "Make your home fall-proof"],
    "es": ["Comida para huesos fuertes", "Haga su casa segura contra caídas"],
}


@pytest.fixture
def sheets(program):
    call_command("loaddata", "education_sheets", verbosity=0)
    call_command("load_library_translations", "fixtures/library_es.json", verbosity=0)
    for order, slug in enumerate(SEEDS, start=1):
        ProgramSheet.objects.create(
            program=program, sheet=Sheet.objects.get(slug=slug), order=order
        )
    return program


def page_lines(pdf, tmp_path):
    """Each page's height and its text lines' bottoms (from the top), with their words."""
    (tmp_path / "h.pdf").write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(tmp_path / "h.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = re.findall(r'yMax="([\d.]+)">(.*?)</word>', line)
            lines.append((max(float(y) for y, _ in words), " ".join(w for _, w in words)))
        pages.append((height, lines))
    return pages


def test_no_seed_sheet_cites_a_clinic_document(library):
    call_command("loaddata", "education_sheets", verbosity=0)
    for source in SheetSource.objects.all():
        assert "seed document" not in source.title and "clinic" not in source.title.lower()
        assert source.url.startswith("https://"), source.title


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sheets_flow_without_near_empty_pages(sheets, patient, language, large_print, tmp_path):
    patient.language = language
    patient.save()
    pdf = render_program_pdf(sheets, mode=Mode.FILLED, large_print=large_print)
    pages = page_lines(pdf, tmp_path)
    top, bottom = MARGINS[large_print]
    first = next(
        number
        for number, (_, lines) in enumerate(pages)
        if any(text == TITLES[language][0] for _, text in lines)
    )

    # The first sheet starts a page; the others follow on (below: no near-empty page).
    opening = [text for y, text in sorted(pages[first][1]) if y > top][0]
    assert opening == TITLES[language][0]
    for number, (height, lines) in enumerate(pages[first:-1], start=first + 1):
        body = [y for y, _ in lines if top < y < height - bottom]
        filled = (max(body) - top) / (height - top - bottom)
        assert filled >= 0.6, f"page {number} is {filled:.0%} full"


def test_sources_are_public_titles_in_the_sheets_language(sheets, patient):
    english = pdf_text(render_program_pdf(sheets))
    assert "MedlinePlus: Osteoporosis (https://medlineplus.gov/osteoporosis.html)" in english
    patient.language = "es"
    patient.save()
    spanish = pdf_text(render_program_pdf(sheets))
    assert "Comida para huesos fuertes" in spanish
    assert "MedlinePlus en español: Osteoporosis." in spanish
    assert "Calcio: Hoja informativa para consumidores." in spanish
    assert "MedlinePlus en español: Caídas." in spanish
    # Its link is the English page's: a Spanish title prints without it.
    assert "medlineplus.gov/osteoporosis.html" not in spanish
    # A source with no Spanish edition prints as published, with its link.
    assert "CDC STEADI: Check for Safety" in spanish
    for text in (english, spanish):
        assert "seed document" not in text
