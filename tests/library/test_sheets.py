"""Education sheets: the seed sheets read easily, print after the exercises in every mode,
and a therapist picks them for a program."""

import io

import pikepdf
import pytest
import textstat
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from audit.models import Action, AuditEvent
from handouts.models import IssuedHandout, Mode
from handouts.services import render_program_pdf
from library.models import Condition, Protocol, Sheet, SheetSection
from programs import services
from programs.models import Program, ProgramSheet
from tests.helpers import MAX_GRADE, pdf_pages, pdf_text

SEEDS = ["food-for-strong-bones", "fall-proof-home", "move-safely", "walking-plan"]


@pytest.fixture
def library(seed_fixtures):
    call_command("loaddata", "education_sheets", verbosity=0)


@pytest.fixture
def program(library, patient, therapist):
    protocol = Protocol.objects.get(slug="bone-health-trunk-lower-body")
    return services.create_program(patient=patient, therapist=therapist, protocol=protocol)


def with_sheets(program, *slugs):
    for sheet in Sheet.objects.filter(slug__in=slugs):
        services.change_sheets(program=program, action="add", sheet=sheet)
    return program


def sheets_url(program):
    return reverse("programs:sheets", args=[program.pk])


# The seed sheets


def test_every_seed_sheet_reads_at_grade_seven_or_below(library):
    # Titles and headings of a few words are left out: the grade formula scores a single
    # two-syllable word ("Kitchen") at 8.4.
    texts = [(sheet.slug, sheet.title) for sheet in Sheet.objects.all()]
    for section in SheetSection.objects.select_related("sheet"):
        if len(section.heading.split()) > 3:
            texts.append((section.sheet.slug, section.heading))
        texts += [(section.sheet.slug, line) for line in section.text.splitlines() if line]
        texts += [(section.sheet.slug, line) for line in section.checklist.splitlines() if line]
    too_hard = [
        f"{slug}: {text!r} ({textstat.flesch_kincaid_grade(text):.1f})"
        for slug, text in texts
        if textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]
    assert len(texts) > 80
    assert not too_hard, "\n".join(too_hard)


def test_the_seed_sheets_load_twice_without_duplicates(library):
    call_command("loaddata", "education_sheets", verbosity=0)
    assert sorted(Sheet.objects.values_list("slug", flat=True)) == sorted(SEEDS)
    assert SheetSection.objects.filter(sheet__slug="fall-proof-home").count() == 7
    food = Sheet.objects.get(slug="food-for-strong-bones")
    assert {condition.slug for condition in food.conditions.all()} == {
        "osteoporosis",
        "vertebral-fracture",
    }
    assert food.sources.count() >= 3


def test_the_food_sheet_gives_the_daily_amounts_for_women_over_50(library):
    food = " ".join(
        SheetSection.objects.filter(sheet__slug="food-for-strong-bones").values_list(
            "text", flat=True
        )
    )
    assert "Women over 50 need about 1,200 mg a day." in food
    assert "People over 70 need 800 IU a day." in food


# Printed


def test_the_sheets_print_after_the_exercises_the_first_on_a_new_page(program):
    """The others follow on without a page of their own (tests/handouts/test_sheet_flow.py)."""
    with_sheets(program, *SEEDS)
    pdf = render_program_pdf(program)
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    first = program.sheet_links.first().sheet
    starts = [page for page in pages if first.title in page]
    assert starts[0].index(first.title) < 60  # at the top of its first page
    for sheet in Sheet.objects.all():
        assert sheet.title in text, sheet.slug
        assert text.index(sheet.title) > text.index("☑ Wall push-ups")  # after the exercises
    assert "☐ A night light between the bed and the bathroom" in text
    assert "☐ Grab bars next to the toilet and in the tub or shower" in text
    assert "Where these facts come from: CDC STEADI" in text


@pytest.mark.parametrize("mode", [Mode.BLANK, Mode.FULL])
@pytest.mark.parametrize("large_print", [False, True])
def test_every_mode_prints_the_sheets_with_empty_boxes(program, mode, large_print):
    with_sheets(program, "fall-proof-home")
    text = pdf_text(render_program_pdf(program, mode=mode, large_print=large_print))
    assert "Make your home fall-proof" in text
    assert "☐ A lamp you can reach from the bed" in text
    assert "☑ A lamp" not in text


@pytest.mark.parametrize("slugs", [SEEDS[:1], SEEDS])
def test_the_handouts_queries_do_not_grow_with_the_sheets(
    therapist_client, program, django_assert_num_queries, slugs
):
    with_sheets(program, *slugs)
    # tests/handouts' budget (12) plus the sheets' sections and their sources
    with django_assert_num_queries(14):
        therapist_client.get(reverse("handouts:sheet", args=[program.pk]))


def test_an_issued_handout_stays_the_same_after_a_sheet_is_edited(therapist_client, program):
    with_sheets(program, "walking-plan")
    therapist_client.post(reverse("handouts:issue", args=[program.pk]), {"mode": "filled"})
    handout = IssuedHandout.objects.get()
    before = handout.read_pdf()
    section = SheetSection.objects.filter(sheet__slug="walking-plan").first()
    section.heading = "A heading written later"
    section.save()
    response = therapist_client.get(reverse("handouts:pdf", args=[handout.pk]))
    assert response.getvalue() == before
    assert "A heading written later" not in pdf_text(before)
    assert handout.snapshot["sheets"][0]["title"] == "A walking plan"


# Choosing sheets for a program


def test_it_requires_login(client, program):
    assert client.get(sheets_url(program)).status_code == 302


def test_it_hides_other_clinics(client, other_clinic_therapist, program):
    client.force_login(other_clinic_therapist.user)
    assert client.get(sheets_url(program)).status_code == 404
    sheet = Sheet.objects.first()
    response = client.post(sheets_url(program), {"action": "add", "sheet": sheet.pk})
    assert response.status_code == 404
    assert not ProgramSheet.objects.exists()


def test_sheets_for_the_patients_conditions_are_suggested_first(therapist_client, program):
    program.patient.conditions.clear()
    program.patient.conditions.add(Condition.objects.get(slug="low-back-pain"))
    page = therapist_client.get(sheets_url(program)).content.decode()
    suggested, others = page.split("Other sheets", 1)
    assert "Move safely every day" in suggested and "A walking plan" in suggested
    assert "Food for strong bones" in others and "Food for strong bones" not in suggested
    assert AuditEvent.objects.filter(action=Action.PROGRAM_VIEWED, detail="sheets").exists()


def test_add_move_and_remove(therapist_client, program):
    food, walking = Sheet.objects.get(slug=SEEDS[0]), Sheet.objects.get(slug=SEEDS[3])
    for sheet in (food, walking):
        therapist_client.post(sheets_url(program), {"action": "add", "sheet": sheet.pk})
    assert [link.sheet for link in program.sheet_links.all()] == [food, walking]
    therapist_client.post(sheets_url(program), {"action": "up", "sheet": walking.pk})
    assert [link.sheet for link in program.sheet_links.all()] == [walking, food]
    therapist_client.post(sheets_url(program), {"action": "remove", "sheet": walking.pk})
    assert [link.sheet for link in program.sheet_links.all()] == [food]
    changes = AuditEvent.objects.filter(action=Action.PROGRAM_CHANGED, patient=program.patient)
    assert changes.count() == 4


def test_an_archived_or_repeated_sheet_is_refused_with_a_message(therapist_client, program):
    sheet = Sheet.objects.get(slug=SEEDS[0])
    therapist_client.post(sheets_url(program), {"action": "add", "sheet": sheet.pk})
    response = therapist_client.post(
        sheets_url(program), {"action": "add", "sheet": sheet.pk}, follow=True
    )
    assert "cannot be added" in response.content.decode()
    Sheet.objects.filter(slug=SEEDS[1]).update(archived=True)
    archived = Sheet.objects.get(slug=SEEDS[1])
    therapist_client.post(sheets_url(program), {"action": "add", "sheet": archived.pk})
    assert program.sheet_links.count() == 1
    garbage = therapist_client.post(sheets_url(program), {"action": "burn", "sheet": "x"})
    assert garbage.status_code == 400


def test_revising_keeps_the_sheets_and_the_earlier_revision_is_frozen(therapist_client, program):
    with_sheets(program, "walking-plan", "move-safely")
    therapist_client.post(reverse("programs:revise", args=[program.pk]))
    revision = Program.objects.get(previous=program)
    assert list(revision.sheet_links.values_list("sheet__slug", flat=True)) == list(
        program.sheet_links.values_list("sheet__slug", flat=True)
    )
    food = Sheet.objects.get(slug=SEEDS[0])
    therapist_client.post(sheets_url(program), {"action": "add", "sheet": food.pk})
    assert program.sheet_links.count() == 2


def test_the_demo_patient_with_osteoporosis_gets_the_food_and_home_sheets(library):
    call_command("seed_demo", stdout=io.StringIO())
    program = Program.objects.get(patient__chart_number="D-1001")
    assert list(program.sheet_links.values_list("sheet__slug", flat=True)) == [
        "food-for-strong-bones",
        "fall-proof-home",
    ]


# Admin


def test_a_library_editor_adds_a_sheet_and_previews_it(client, library_editor, library):
    client.force_login(library_editor)
    data = {
        "title_en": "Sleep well",
        "slug": "sleep-well",
        "summary": "Rest helps healing.",
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 0,
        "sections-MIN_NUM_FORMS": 1,
        "sections-MAX_NUM_FORMS": 1000,
        "sections-0-order": 1,
        "sections-0-heading_en": "Go to bed at the same time",
        "sections-0-text_en": "Keep the room dark.",
        "sections-0-checklist_en": "Curtains that keep out light",
        "sources-TOTAL_FORMS": 0,
        "sources-INITIAL_FORMS": 0,
        "sources-MIN_NUM_FORMS": 0,
        "sources-MAX_NUM_FORMS": 1000,
    }
    response = client.post(reverse("admin:library_sheet_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet = Sheet.objects.get(slug="sleep-well")
    preview = client.get(reverse("admin:library_sheet_preview", args=[sheet.pk]))
    page = preview.content.decode()
    assert "Go to bed at the same time" in page
    assert '<span class="box">☐</span> <span>Curtains that keep out light</span>' in page


def test_a_clinic_admin_reads_sheets_but_cannot_change_them(clinic_admin_client, library):
    sheet = Sheet.objects.first()
    change = reverse("admin:library_sheet_change", args=[sheet.pk])
    page = clinic_admin_client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert clinic_admin_client.post(change, {"title": "Changed"}).status_code == 403
    assert clinic_admin_client.get(reverse("admin:library_sheet_add")).status_code == 403


def picture_upload():
    picture = io.BytesIO()
    Image.new("RGB", (240, 160), (90, 140, 60)).save(picture, "PNG")
    return SimpleUploadedFile("lamp.png", picture.getvalue(), content_type="image/png")


def test_a_section_picture_is_uploaded_checked_and_printed(client, library_editor, program):
    client.force_login(library_editor)
    sheet = Sheet.objects.get(slug="fall-proof-home")
    section = sheet.sections.get(heading="Bedroom")
    url = reverse("admin:library_sheet_change", args=[sheet.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["conditions"] = [condition.pk for condition in sheet.conditions.all()]
    sections = list(sheet.sections.all())
    data.update(
        {
            "sections-TOTAL_FORMS": len(sections),
            "sections-INITIAL_FORMS": len(sections),
            "sections-MIN_NUM_FORMS": 1,
            "sections-MAX_NUM_FORMS": 1000,
            "sources-TOTAL_FORMS": 0,
            "sources-INITIAL_FORMS": 0,
            "sources-MIN_NUM_FORMS": 0,
            "sources-MAX_NUM_FORMS": 1000,
        }
    )
    for index, each in enumerate(sections):
        data[f"sections-{index}-order"] = each.order
        for name in ["heading", "text", "checklist", "picture_alt"]:  # English columns
            data[f"sections-{index}-{name}_en"] = getattr(each, name)
        data[f"sections-{index}-id"] = each.pk
        data[f"sections-{index}-sheet"] = sheet.pk
    place = sections.index(section)
    data[f"sections-{place}-picture"] = picture_upload()
    # Without words for the picture: a form error, nothing stored.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Describe the picture in a few words." in response.content.decode()
    data[f"sections-{place}-picture"] = picture_upload()
    data[f"sections-{place}-picture_alt_en"] = "A lamp on a bedside table"
    assert client.post(url, data).status_code == 302
    section.refresh_from_db()
    assert section.picture.name.startswith("sheet-pictures/")
    with_sheets(program, "fall-proof-home")
    pdf = render_program_pdf(program)
    document = pikepdf.open(io.BytesIO(pdf))
    widths = {
        pikepdf.PdfImage(image).width
        for page in document.pages
        for image in page.get_images().values()
    }
    assert 240 in widths
