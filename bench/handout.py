"""Handout speed, both sides measured in this one run:

- handout_ratio: a therapist's "Print handout" request for a 12-exercise program (Django
  test client: access check, queries, snapshot, template, WeasyPrint, storing the PDF,
  the row) over bare WeasyPrint rendering the identical HTML.
- reprint_speedup: rendering that handout over downloading the issued copy.

Run with `make bench` (or `.venv/bin/python bench/handout.py`)."""

import statistics

from common import median_seconds, report, timed  # first: sets Django up
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from weasyprint import HTML

from handouts import services
from handouts.fetcher import SafeFetcher
from handouts.models import IssuedHandout
from handouts.render import FONT_CONFIG, IMAGE_CACHE, PDF_OPTIONS
from programs.models import Clinic, Patient, Protocol, Therapist
from programs.services import create_program

RUNS = 9


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
    assert program.items.count() == 12
    return program, user


def main():
    program, user = twelve_exercise_program()
    client = Client()
    client.force_login(user)
    issue_url = reverse("handouts:issue", args=[program.pk])

    def end_to_end():
        response = client.post(issue_url, {"mode": "filled"})
        assert response.status_code == 302, response.status_code

    loaded = services.handout_programs("filled").get(pk=program.pk)
    snapshot = services.build_snapshot(loaded, mode="filled", large_print=False)
    html = render_to_string(services.TEMPLATE, {"snapshot": snapshot, "for_pdf": True})

    def bare():
        HTML(string=html, url_fetcher=SafeFetcher()).write_pdf(**PDF_OPTIONS)

    def bare_cached():
        """Bare WeasyPrint given the app's image cache and font configuration too: what is
        left is our overhead."""
        HTML(string=html, url_fetcher=SafeFetcher()).write_pdf(
            cache=IMAGE_CACHE, font_config=FONT_CONFIG, **PDF_OPTIONS
        )

    # Alternate them so that none gets a quieter machine.
    runs = {end_to_end: [], bare: [], bare_cached: []}
    for function in runs:
        function()
    for _ in range(RUNS):
        for function, times in runs.items():
            times.append(timed(function))
    e2e, bare_median, cached_median = (statistics.median(times) for times in runs.values())
    report(
        "handout_ratio",
        f"{e2e / bare_median:.3f}",
        "<= 1.10",
        f"request {e2e * 1000:.0f} ms, bare WeasyPrint {bare_median * 1000:.0f} ms, "
        f"median of {RUNS} each; against bare WeasyPrint with the same caches "
        f"({cached_median * 1000:.0f} ms) the ratio is {e2e / cached_median:.3f}",
    )

    handout = IssuedHandout.objects.latest("pk")
    pdf_url = reverse("handouts:pdf", args=[handout.pk])

    def download():
        return b"".join(client.get(pdf_url).streaming_content)

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
