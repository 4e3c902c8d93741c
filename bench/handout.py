"""Handout speed, both sides of every ratio measured in this one run.

The request side is a therapist's "Print handout" request (Django test client, one POST
to handouts:issue): login and access check, the program's queries, the snapshot, the
print template, WeasyPrint through handouts/render.py (the process's shared font
configuration and image cache, the tagged PDF options), storing the PDF, the issued row
and the audit row, the redirect.

The bare side is WeasyPrint alone on the identical HTML (rendered once beforehand from
the same snapshot) with the same URL fetcher, font configuration, image cache and PDF
options as the app's render path, so that a ratio measures only what the app adds.
Before timing, the text of the bare PDF is checked against the issued one.

Each round runs both sides once, the side that goes first alternating from round to
round, with garbage collected before every timed call (common.alternating_medians).

- handout_ratio: request over bare WeasyPrint, 12-exercise program, normal print.
- handout_ms_12, handout_ms_12_large, handout_ms_40: the request's median time for the
  12-exercise program in normal and large print and for a 40-exercise program, each
  beside its bare WeasyPrint time (fewer rounds for 40 exercises, which is slower).
- reprint_speedup: the 12-exercise request over downloading the issued copy.

Run with `make bench` (or `.venv/bin/python bench/handout.py`); BENCH_SMOKE=1 for one
round each of 2- and 3-exercise handouts (bench/smoke.py)."""

import io
import re

from common import alternating_medians, median_seconds, report, scaled  # first: Django
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from clinics.models import Clinic, Patient, Therapist
from handouts import services
from handouts.fetcher import SafeFetcher
from handouts.models import IssuedHandout
from handouts.render import (
    FONT_CONFIG,
    IMAGE_CACHE,
    PDF_OPTIONS,
    collection_paused,
    print_stylesheet,
)
from library.models import Exercise, Protocol
from phone.links import new_short_code, new_token, qr_code, typed_address
from phone.models import PatientLink
from programs.models import ProgramItem
from programs.services import create_program

RUNS = scaled(10, 1)  # rounds, even so that each side goes first equally often
RUNS_40 = scaled(6, 1)  # fewer: a 40-exercise handout takes three times as long
# The smoke run prints short handouts: the protocol's first 2 exercises for the 12, and 2 of
# the seed library's with 1 copy for the 40.
TWELVE = scaled(12, 2)
LIBRARY_SHARE, COPIES = scaled((28, 12), (2, 1))
# The QR code's alt text in English, the language these handouts print in.
QR_ALT = "QR code for your exercises on your phone"
EXERCISE_PARTS = ["steps", "tips", "benefits", "variants"]
EXERCISE_LISTS = ["regions", "movement_tags", "support_options"]


def twelve_exercise_program():
    from django.contrib.auth import get_user_model

    call_command("migrate", verbosity=0)
    call_command("loaddata", "exercise_library", "conditions", "protocols", verbosity=0)
    clinic = Clinic.objects.create(name="Bench Clinic", phone="(555) 010-0000")
    user = get_user_model().objects.create_user("bench", first_name="Ben", last_name="Ch")
    therapist = Therapist.objects.create(user=user, clinic=clinic, phone="(555) 010-0001")
    patient = Patient.objects.create(clinic=clinic, name="Pat Bench")
    protocol = Protocol.objects.get(slug="bone-health-trunk-lower-body")
    program = create_program(patient=patient, therapist=therapist, protocol=protocol)
    program.frequency = "Once a day"
    program.special_instructions = "Go slowly at first."
    program.save()
    program.items.filter(order__gt=TWELVE).delete()
    assert program.items.count() == TWELVE
    return program, user


def copy_exercise(exercise, number):
    """A second library exercise with the same words (its name numbered: the base library
    refuses two exercises of one name), lists and drawing."""
    parts = {part: list(getattr(exercise, part).all()) for part in EXERCISE_PARTS}
    lists = {name: list(getattr(exercise, name).all()) for name in EXERCISE_LISTS}
    exercise.pk = None
    exercise._state.adding = True
    exercise.slug = f"{exercise.slug}-bench-copy-{number}"
    exercise.name = exercise.name_en = f"{exercise.name} (copy {number})"
    exercise.save()
    for rows in parts.values():
        for row in rows:
            row.pk = None
            row._state.adding = True
            row.exercise = exercise
            row.save()
    for name, rows in lists.items():
        getattr(exercise, name).set(rows)
    return exercise


def forty_exercise_program(twelve):
    """A program of 40 different exercises for the same patient and therapist: the seed
    library's 28 and copies of 12 of them (same words, lists and drawings). Different, so
    that the handout prints 40 however the app treats an exercise listed twice (at commit
    6263b8c a filled-in handout printed it once: 40 items cycling through the library
    printed 28)."""
    library = list(Exercise.objects.order_by("pk")[:LIBRARY_SHARE])
    originals = Exercise.objects.order_by("pk")[:COPIES]  # fresh objects: copying changes them
    copies = [copy_exercise(exercise, number) for number, exercise in enumerate(originals, 1)]
    program = create_program(
        patient=twelve.patient, therapist=twelve.therapist, title="Forty exercises"
    )
    program.frequency = twelve.frequency
    program.special_instructions = twelve.special_instructions
    program.save()
    ProgramItem.objects.bulk_create(
        ProgramItem.from_defaults(exercise, program=program, order=position)
        for position, exercise in enumerate(library + copies, start=1)
    )
    assert len(set(program.items.values_list("exercise", flat=True))) == LIBRARY_SHARE + COPIES
    return program


SHORT_ADDRESS = re.compile(r"/h/[0-9A-Z]+(?:-[0-9A-Z]+)*")


def printed(pdf):
    """What a PDF prints: each page's text (any short address to type read as one), and
    the alt text of every figure its tagged structure holds (the drawings and, on a filled
    handout, the phone link's QR code, which has no text of its own)."""
    reader = PdfReader(io.BytesIO(pdf))
    figures = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return [SHORT_ADDRESS.sub("/h/CODE", page.extract_text()) for page in reader.pages], figures


def measure(client, program, *, large_print, runs):
    """Median seconds of the request and of bare WeasyPrint for one handout, and the
    number of exercises and pages it prints."""
    url = reverse("handouts:issue", args=[program.pk])
    data = {"mode": "filled", **({"large_print": "on"} if large_print else {})}

    def request():
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code

    loaded = services.handout_programs("filled").get(pk=program.pk)
    snapshot = services.build_snapshot(loaded, mode="filled", large_print=large_print)
    # A filled handout prints its patient link's QR code and short address: a new link per
    # request, each token and code the same length, so one link's are the same work as any
    # other's (printed() reads every short address as the same one).
    context = {
        "snapshot": snapshot,
        "for_pdf": True,
        "qr": qr_code(new_token()),
        "address": typed_address(new_short_code()),
    }
    with translation.override(services.snapshot_language(snapshot)):
        html = render_to_string(services.TEMPLATE, context)

    def bare():
        """What handouts.render.render_pdf does after its template."""
        with IMAGE_CACHE.writing():
            return HTML(string=html, url_fetcher=SafeFetcher()).write_pdf(
                stylesheets=[print_stylesheet()],
                cache=IMAGE_CACHE,
                font_config=FONT_CONFIG,
                **PDF_OPTIONS,
            )

    # Both sides must print the same document, QR code included.
    request()
    issued = IssuedHandout.objects.latest("pk")
    assert issued.snapshot == snapshot and issued.large_print == large_print
    assert PatientLink.objects.filter(handout=issued).exists(), "the request made no link"
    text, figures = printed(issued.read_pdf())
    assert QR_ALT in figures, figures
    assert printed(bare()) == (text, figures), "bare WeasyPrint printed something else"

    request_median, bare_median = alternating_medians(request, bare, runs)
    return request_median, bare_median, len(snapshot["exercises"]), len(text), bare


def paused_median(bare, runs):
    """Bare WeasyPrint with Python's cycle collector paused, as the app's render path
    pauses it (handouts.render.collection_paused): shown beside the ratio, whose bare
    side is WeasyPrint as any caller runs it."""

    def paused():
        with collection_paused():
            bare()

    return median_seconds(paused, runs)


def main():
    twelve, user = twelve_exercise_program()
    forty = forty_exercise_program(twelve)
    client = Client()
    client.force_login(user)

    cases = [
        ("handout_ms_12", twelve, False, RUNS),
        ("handout_ms_12_large", twelve, True, RUNS),
        ("handout_ms_40", forty, False, RUNS_40),
    ]
    results = {}
    for name, program, large_print, runs in cases:
        results[name] = measure(client, program, large_print=large_print, runs=runs)

    assert results["handout_ms_40"][2] == LIBRARY_SHARE + COPIES, results["handout_ms_40"]
    e2e, bare_median, _, _, bare = results["handout_ms_12"]
    paused = paused_median(bare, RUNS)
    report(
        "handout_ratio",
        f"{e2e / bare_median:.3f}",
        "<= 1.10",
        f"request {e2e * 1000:.0f} ms, bare WeasyPrint {bare_median * 1000:.0f} ms with the "
        f"app's font configuration, image cache and PDF options; median of {RUNS} each, "
        f"alternating which goes first; bare with the cycle collector paused as the app "
        f"pauses it: {paused * 1000:.0f} ms (request over it {e2e / paused:.3f})",
    )
    for name, _program, large_print, runs in cases:
        request_median, bare_side, exercises, pages, _ = results[name]
        report(
            name,
            f"{request_median * 1000:.0f}",
            "reported",
            f"bare WeasyPrint {bare_side * 1000:.0f} ms, ratio {request_median / bare_side:.2f}; "
            f"{exercises} exercises, {pages} pages{', large print' if large_print else ''}; "
            f"median of {runs} each",
        )

    # The download reads the stored copy of the last normal-print 12-exercise request.
    twelve_url = reverse("handouts:issue", args=[twelve.pk])
    assert client.post(twelve_url, {"mode": "filled"}).status_code == 302
    handout = IssuedHandout.objects.latest("pk")
    pdf_url = reverse("handouts:pdf", args=[handout.pk])

    def download():
        response = client.get(pdf_url)
        assert response.status_code == 200, response.status_code
        return response.getvalue()  # streamed or not

    assert download() == handout.read_pdf()

    download_median = median_seconds(download, RUNS * 3)
    report(
        "reprint_speedup",
        f"{e2e / download_median:.0f}x",
        ">= 30x",
        f"render {e2e * 1000:.0f} ms, download {download_median * 1000:.1f} ms",
    )


if __name__ == "__main__":
    main()
