"""The handout for older eyes, read back from the PDF: type sizes from the content stream,
page counts and fullness, no exercise split, the running header, the footer as artifacts,
nothing ambiguous."""

import functools
import io
import re
from dataclasses import dataclass

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from clinics.models import Clinic
from handouts import services
from handouts.fetcher import SafeFetcher
from handouts.models import Mode
from handouts.render import print_stylesheet
from handouts.services import render_program_pdf
from handouts.tagging import MARKED, loose_sequences
from library.models import Condition, Exercise, Protocol
from programs.models import ProgramItem
from programs.services import create_program
from tests.factories import PatientFactory
from tests.helpers import font_names, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

INCH = 72
MARGIN_TOP, MARGIN_BOTTOM = 0.65 * INCH, 0.6 * INCH  # static/css/handout.css, normal print


@dataclass
class Run:
    text: str
    size: float  # points, as printed
    y: float  # from the top of the page, points


@functools.lru_cache(maxsize=8)
def runs(pdf):
    """Every piece of text of every page with its printed size and height on the page (read
    once a handout: several tests read the same one)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        found = []

        def visit(text, cm, tm, font, size, found=found, height=height):
            if not text.strip():
                return
            scale = abs(tm[3] * cm[3] + tm[1] * cm[2])
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Run(text.strip(), round(size * scale, 2), height - y))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


@pytest.fixture
def normal(program):
    return render_program_pdf(program)


@pytest.fixture
def large(program):
    return render_program_pdf(program, large_print=True)


# Type


def test_normal_print_body_is_12_pt_and_nothing_is_below_11(normal):
    sizes = [run.size for page in runs(normal) for run in page]
    assert min(sizes) >= 11
    body = [run.size for page in runs(normal) for run in page if run.size < 14]
    assert max(set(body), key=body.count) >= 12  # most of the text


def test_large_print_is_16_pt_and_up_everywhere(large):
    assert min(run.size for page in runs(large) for run in page) >= 16


def test_safety_text_is_as_large_as_the_steps(normal):
    by_text = {run.text: run.size for page in runs(normal) for run in page}
    take_care = next(size for text, size in by_text.items() if text.startswith("Take care"))
    benefits = next(size for text, size in by_text.items() if text.startswith("Benefits"))
    step = next(size for text, size in by_text.items() if text.startswith("Lie on your back"))
    assert take_care >= step and benefits >= step >= 12


# Pages


def exercise_pages(pdf):
    """The pages before the "My week" log."""
    texts = pdf_pages(pdf)
    return texts[: next(n for n, text in enumerate(texts) if text.startswith("My week"))]


def test_twelve_exercises_print_on_at_most_seven_letter_pages(normal, large):
    assert len(exercise_pages(normal)) <= 7
    # Large print: 13 pages before page 1's "When to call" box, one more with it.
    assert len(exercise_pages(large)) <= 14


def test_no_exercise_is_split_across_pages(program, normal, large):
    names = [item.exercise.name for item in program.items.select_related("exercise")]
    for pdf in (normal, large):
        texts = pdf_pages(pdf)
        for name in names:
            pages = [number for number, text in enumerate(texts) if f"☑ {name}" in text]
            assert len(pages) == 1, name
            page = texts[pages[0]]
            # Its last part, the benefits, is on the same page as its name.
            after = page.split(f"☑ {name}", 1)[1]
            assert "Benefits:" in after, name


def test_no_page_but_the_last_is_less_than_half_full(normal):
    reader = PdfReader(io.BytesIO(normal))
    height = float(reader.pages[0].mediabox.height)
    body_height = height - MARGIN_TOP - MARGIN_BOTTOM
    for number, page in enumerate(runs(normal)[:-1], start=1):
        body = [run.y for run in page if MARGIN_TOP <= run.y <= height - MARGIN_BOTTOM]
        filled = (max(body) - MARGIN_TOP) / body_height
        assert filled >= 0.5, f"page {number} is {filled:.0%} full"


# Header and footer


def running_header(pdf):
    """The text above the top margin of each page."""
    return [" ".join(run.text for run in page if run.y < MARGIN_TOP) for page in runs(pdf)]


def test_every_later_page_carries_the_patients_name_and_the_date(normal):
    date = date_format(timezone.localdate(), "F j, Y")
    headers = running_header(normal)
    assert len(headers) > 1
    assert headers[0] == ""  # page 1 has the full header instead
    assert headers[1:] == [f"Margaret Okafor {date}"] * (len(headers) - 1)


def test_the_blank_form_has_no_running_header(program):
    assert set(running_header(render_program_pdf(program, mode=Mode.BLANK))) == {""}


def test_page_one_shows_the_clinic_with_its_address_phone_and_logo(program):
    clinic = program.therapist.clinic
    clinic.address = "12 Harbor Road\nPortsmouth"
    clinic.phone = "(555) 010-3000"
    logo = io.BytesIO()
    Image.new("RGB", (200, 80), (20, 60, 140)).save(logo, "PNG")
    clinic.logo.save("logo.png", ContentFile(logo.getvalue()))
    pdf = render_program_pdf(program)
    first = pdf_pages(pdf)[0]
    assert first.startswith("Harbor Physical Therapy 12 Harbor Road, Portsmouth · (555) 010-3000")
    document = pikepdf.open(io.BytesIO(pdf))
    images = [pikepdf.PdfImage(image) for image in document.pages[0].get_images().values()]
    assert any(image.width == 200 for image in images)


def test_a_long_clinic_name_never_wraps_the_footer(program):
    clinic = program.therapist.clinic
    name = "The Very Long Named Community Physical Therapy and Rehabilitation Centre of the Valley"
    clinic.name = (name + " " + name)[: Clinic._meta.get_field("name").max_length]
    clinic.save()
    pdf = render_program_pdf(program)
    total = len(pdf_pages(pdf))
    for number, page in enumerate(runs(pdf), start=1):
        counter = [run for run in page if run.text == f"Page {number} of {total}"]
        assert counter, f"page {number}: the page counter is not on one line"
        bottom = [run for run in page if run.y > counter[0].y - 20]
        assert len({round(run.y) for run in bottom}) == 1  # the footer is one line


def test_the_footer_and_running_header_are_artifacts(normal):
    pdf = pikepdf.open(io.BytesIO(normal))
    for number, (page, loose) in enumerate(loose_sequences(pdf), start=1):
        content = page.Contents.read_bytes()
        tagged = {int(mcid) for mcid in MARKED.findall(content)}
        assert not tagged & loose, f"page {number}"
        artifacts_with_text = re.findall(rb"/Artifact\nBMC\n(?:(?!EMC).)*?BT", content, re.S)
        assert len(artifacts_with_text) >= (2 if number == 1 else 4), f"page {number}"


def test_each_picture_is_a_figure_with_alt_text(normal):
    pdf = pikepdf.open(io.BytesIO(normal))
    figures = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            walk(node.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    alts = set(Exercise.objects.values_list("illustration_alt", flat=True))
    assert len(figures) == 12
    assert all(alt in alts for alt in figures)


# Nothing ambiguous


def test_a_prescribed_exercise_prints_only_the_choices_that_were_ticked(program):
    head_press = program.items.get(exercise__slug="head-press")
    text = pdf_text(render_program_pdf(program))
    assert "Do the one that is ticked" not in text
    assert "☐" not in text  # no empty box anywhere on the filled handout
    variant = head_press.exercise.variants.first()
    head_press.variant = variant
    head_press.save()
    support = head_press.exercise.support_options.first()
    head_press.supports.add(support)
    text = pdf_text(render_program_pdf(program))
    assert f"Do it this way: ☑ {variant.when}: {variant.instruction}" in text
    assert f"What to use: ☑ {support.name}" in text
    assert "☐" not in text


def test_the_preview_warns_when_no_version_is_ticked(therapist_client, program):
    from django.urls import reverse

    url = reverse("handouts:preview", args=[program.pk])
    page = therapist_client.get(url).content.decode()
    assert "No version ticked:" in page and "Head press has versions" in page
    head_press = program.items.get(exercise__slug="head-press")
    head_press.variant = head_press.exercise.variants.first()
    head_press.save()
    assert "No version ticked" not in therapist_client.get(url).content.decode()
    blank = therapist_client.get(url, {"mode": "blank"}).content.decode()
    assert "No version ticked" not in blank


def test_full_sheet_marks_what_is_not_prescribed_and_leaves_out_what_a_caution_kept_out(
    library, therapist
):
    patient = PatientFactory(clinic=therapist.clinic, name="Ruth Park")
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    protocol = Protocol.objects.get(slug="low-back-pain-home-stretches")
    program = create_program(patient=patient, therapist=therapist, protocol=protocol)
    # The therapist took knees to chest out (spinal flexion, osteoporosis) and walking too.
    program.items.filter(exercise__slug__in=["knees-to-chest", "walking"]).delete()
    text = pdf_text(render_program_pdf(program, mode=Mode.FULL))
    assert "Knees to chest" not in text
    assert "☐ Walking" in text
    walking = text.split("☐ Walking", 1)[1]
    assert walking.split()[:3] == ["·", "Standing", "Not"]
    assert "Not part of your program — ask your therapist before you do it." in walking
    assert text.count("Not part of your program") == 1


def test_the_same_exercise_twice_prints_twice(program):
    bridge = program.items.get(exercise__slug="bridge")
    ProgramItem.objects.create(
        program=program, exercise=bridge.exercise, order=99, reps=5, note="In the evening."
    )
    text = pdf_text(render_program_pdf(program))
    assert text.count("☑ Bridge") == 2
    assert "In the evening." in text


def test_the_blank_form_asks_for_sets_and_the_goal_as_the_paper_form_does(program):
    text = pdf_text(render_program_pdf(program, mode=Mode.BLANK))
    assert "Repeat ________ times with each leg. Do ________ sets. Work up to ________ times." in (
        text
    )


def test_handwriting_lines_are_at_least_8_mm_apart(program):
    snapshot = services.build_snapshot(
        services.handout_programs("blank").get(pk=program.pk), mode="blank", large_print=False
    )
    html = render_to_string(services.TEMPLATE, {"snapshot": snapshot, "for_pdf": True})
    document = HTML(string=html, url_fetcher=SafeFetcher()).render(stylesheets=[print_stylesheet()])
    heights = []

    def walk(box):
        element = getattr(box, "element", None)
        if element is not None and "fill-line" in (element.get("class") or "").split():
            heights.append(box.margin_height() * 25.4 / 96)  # CSS px to mm
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    assert len(heights) == 3
    assert min(heights) >= 8


def test_emoji_and_symbols_print_with_a_font_that_has_them(program):
    item = program.items.get(exercise__slug="bridge")
    item.note = "Great work 😊 ✔ ★"
    item.save()
    pdf = render_program_pdf(program)
    # The emoji in colour (tests/handouts/test_print_layout.py); ✔ and ★ in DejaVu Sans.
    assert "Noto-Color-Emoji" in font_names(pdf)
    # Read by pypdf: PDFium (pdf_text) leaves out a colour emoji's text, which WeasyPrint
    # writes in a Type 3 font of pictures, though the PDF maps it to its character.
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert "Great work 😊 ✔ ★" in " ".join(" ".join(page.extract_text().split()) for page in pages)
