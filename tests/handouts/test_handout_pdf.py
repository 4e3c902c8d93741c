"""What the printed handout says, read back from the PDF: its text by PDFium, the rest by
pypdf."""

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from clinics.models import PaperSize
from handouts.models import Mode
from handouts.services import render_program_pdf
from programs.models import ProgramItem
from tests.helpers import font_names, page_count, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def test_filled_mode_prints_the_patients_program(program):
    text = pdf_text(render_program_pdf(program, mode=Mode.FILLED))

    assert "Name Margaret Okafor" in text
    assert "Therapist Alice Ng, PT, DPT" in text
    assert "Therapist's direct line (555) 010-2031" in text
    assert "Do these exercises: Once a day, 3 days a week" in text
    assert "Start with 5 times each. Add 1 a week up to 10." in text
    items = list(program.items.select_related("exercise"))
    assert len(items) == 12
    for item in items:
        assert f"☑ {item.exercise.name}" in text
        assert item.dose in text
    assert "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg." in text
    assert "☐ Shoulder press" not in text


def test_the_date_is_the_day_it_is_printed(program):
    from django.utils import timezone
    from django.utils.formats import date_format

    text = pdf_text(render_program_pdf(program))
    assert f"Date {date_format(timezone.localdate(), 'F j, Y')}" in text


def test_the_programs_own_dose_is_printed(program):
    item = program.items.get(exercise__slug="bridge")
    item.reps, item.sets = 15, 2
    item.save()
    text = pdf_text(render_program_pdf(program))
    assert "Repeat 15 times. Do 2 sets." in text


def test_letter_by_default(program):
    pdf = render_program_pdf(program)
    width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]
    assert (round(width), round(height)) == (612, 792)
    assert "Page 1 of" in pdf_text(pdf)


def test_a4_when_the_clinic_prints_on_a4(program):
    clinic = program.therapist.clinic
    clinic.paper_size = PaperSize.A4
    clinic.save()
    width, height = PdfReader(io.BytesIO(render_program_pdf(program))).pages[0].mediabox[2:]
    assert (round(width), round(height)) == (595, 842)


def test_footer_names_the_clinic_on_every_page(program):
    pages = pdf_pages(render_program_pdf(program))
    for number, text in enumerate(pages, start=1):
        assert "Harbor Physical Therapy" in text
        assert f"Page {number} of {len(pages)}" in text


def test_blank_form_carries_no_patient_data(program):
    program.title = "Margaret's program"
    program.save()
    text = pdf_text(render_program_pdf(program, mode=Mode.BLANK))

    for private in ["Margaret", "Okafor", "Alice", "(555) 010-2031", "Once a day", "Start with 5"]:
        assert private not in text
    assert "Bone health: trunk and lower body" in text
    assert "☑" not in text
    assert "☐ Shoulder press" in text
    assert "Repeat ________ times." in text
    assert "Stay in this position for ________ minutes." in text


def test_full_sheet_ticks_the_prescribed_and_leaves_the_rest_blank(program):
    program.items.filter(exercise__slug__in=["head-press", "bridge"]).delete()
    text = pdf_text(render_program_pdf(program, mode=Mode.FULL))

    assert "☑ Shoulder press" in text
    assert "☐ Head press" in text
    assert "☐ Bridge" in text
    assert "Name Margaret Okafor" in text
    filled = pdf_text(render_program_pdf(program, mode=Mode.FILLED))
    assert "Head press" not in filled


def test_full_sheet_keeps_the_protocols_order_and_the_filled_one_the_programs(program):
    protocol = [entry.exercise.name for entry in program.protocol.items.all()]
    items = list(program.items.order_by("order"))
    first, last = items[0].order, items[-1].order  # the therapist swapped them
    ProgramItem.objects.filter(pk=items[0].pk).update(order=0)  # places are unique
    ProgramItem.objects.filter(pk=items[-1].pk).update(order=first)
    ProgramItem.objects.filter(pk=items[0].pk).update(order=last)
    in_program = [item.exercise.name for item in program.items.order_by("order")]
    assert in_program != protocol

    def printed_order(text, names):
        return sorted(names, key=lambda name: re.search(rf"[☑☐] {re.escape(name)}\b", text).start())

    full = pdf_text(render_program_pdf(program, mode=Mode.FULL))
    filled = pdf_text(render_program_pdf(program, mode=Mode.FILLED))
    assert printed_order(full, protocol) == protocol
    assert printed_order(filled, in_program) == in_program


def test_large_print_embeds_atkinson_hyperlegible(program):
    normal = render_program_pdf(program)
    large = render_program_pdf(program, large_print=True)

    assert "Atkinson-Hyperlegible" in font_names(large)
    assert not any(name.startswith("Atkinson") for name in font_names(normal))
    assert page_count(large) > page_count(normal)
    assert "Name Margaret Okafor" in pdf_text(large)


def test_it_is_a_tagged_pdf_with_title_and_language(program):
    reader = PdfReader(io.BytesIO(render_program_pdf(program)))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Bone health: trunk and lower body"


def test_nothing_is_embedded(program):
    reader = PdfReader(io.BytesIO(render_program_pdf(program)))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})


class CountingHandler(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { display: none }")

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A real server on 127.0.0.1 that counts what is asked of it."""
    CountingHandler.requests = []
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_user_text_prints_literally_and_fetches_nothing(program, listener):
    hostile = [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/hostname">',
        f"<style>@import url({listener}/x.css)</style>",
        f'<img src="{listener}/pixel.png">',
    ]
    program.special_instructions = "\n".join(hostile)
    program.frequency = f'<a href="{listener}/a">daily</a>'
    program.patient.name = "<b>Mallory</b>"
    program.patient.save()
    program.save()
    item = program.items.first()
    item.note = f"<iframe src='{listener}/frame'></iframe>"
    item.save()

    pdf = render_program_pdf(program)
    text = pdf_text(pdf)

    for line in hostile:
        assert line in text
    assert "<b>Mallory</b>" in text
    assert "root:" not in text
    assert CountingHandler.requests == []
    assert PdfReader(io.BytesIO(pdf)).attachments == {}


@pytest.mark.parametrize(
    "name",
    ["Zoë Ångström-Núñez", "王小明", "佐藤 花子", "Ольга Петрова"],
)
def test_unicode_names_print(program, name):
    program.patient.name = name
    program.patient.save()
    assert f"Name {name}" in pdf_text(render_program_pdf(program))


def test_right_to_left_names_print(program):
    program.patient.name = "שרה כהן"
    program.special_instructions = "تمرين يومي"
    program.patient.save()
    program.save()
    text = pdf_text(render_program_pdf(program))
    # Extracted in logical or visual order depending on the reader; both words appear.
    for word in ["שרה", "כהן", "تمرين", "يومي"]:
        assert word in text or word[::-1] in text


def test_the_handout_never_shows_editor_only_data(program):
    item = program.items.first()
    text = pdf_text(render_program_pdf(program))
    assert "revision" not in text.lower()
    assert "A-1" not in text  # chart number
    assert item.exercise.summary not in text
