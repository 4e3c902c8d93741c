"""Page speed on a database filled by `seed_scale` (DATABASE_URL names it; bench/scale.py
prepares it). Server time is the whole request through Django's test client: middleware,
session, access check, queries, template.

- editor_ratio / editor_queries (with --editor): the editor page for a 40-item program
  over a 1-item one, timed alternately in this run; SQL queries of each.
- library_search_p95_ms_<label> / patient_search_p95_ms_<label>: the library and the
  patient list searched with a mix of words, as the seeded clinic's therapist.

Usage: bench/pages.py LABEL [--editor]; BENCH_SMOKE=1 for 2 requests each (bench/smoke.py)."""

import argparse
import statistics

from common import collect_static, percentile, report, scaled, timed  # first: sets Django up
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.management.commands.seed_scale import CLINIC_PREFIX, SLUG_PREFIX
from clinics.models import Patient, Therapist
from library.models import Exercise
from programs.models import Program, ProgramItem

EDITOR_RUNS = scaled(15, 2)
SEARCH_RUNS = scaled(25, 2)
# Common and rare words, several words, a number, words that match only step text, and a
# miss, so that both the "many matches" and the "scan everything" cases are in the mix.
LIBRARY_QUERIES = ["bridge", "hamstring stretch", "knee", "slowly", "calf raise 12", "zzz", "sit"]
PATIENT_QUERIES = ["smith", "mar", "S004242", "o'brien", "lee", "zz", "anaïs"]


def seeded_therapist():
    therapist = (
        Therapist.objects.select_related("user", "clinic")
        .filter(clinic__name=f"{CLINIC_PREFIX}01")
        .first()
    )
    assert therapist, "run seed_scale first (bench/scale.py does)"
    return therapist


def program_with(therapist, size):
    """A program of `size` items: the shipped library's exercises first (they have
    variants and supports, as the editor shows them), then seeded ones."""
    patient = Patient.objects.filter(clinic=therapist.clinic).order_by("pk").first()
    program = Program.objects.create(patient=patient, therapist=therapist, title=f"{size} items")
    shipped = list(Exercise.objects.exclude(slug__startswith=SLUG_PREFIX).order_by("pk"))
    seeded = list(Exercise.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk")[:size])
    exercises = (shipped + seeded)[:size]
    ProgramItem.objects.bulk_create(
        ProgramItem.from_defaults(exercise, program=program, order=order)
        for order, exercise in enumerate(exercises, start=1)
    )
    assert program.items.count() == size
    return program


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def editor(client, therapist):
    big, small = program_with(therapist, Program.MAX_ITEMS), program_with(therapist, 1)
    urls = {size: reverse("programs:edit", args=[p.pk]) for size, p in ((40, big), (1, small))}
    queries = {}
    for size, url in urls.items():
        get(client, url)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        queries[size] = len(captured)
    times = {size: [] for size in urls}
    for _ in range(EDITOR_RUNS):
        for size, url in urls.items():
            times[size].append(timed(lambda url=url: get(client, url)))
    big_ms, small_ms = (statistics.median(times[size]) * 1000 for size in (40, 1))
    report(
        "editor_ratio",
        f"{big_ms / small_ms:.2f}",
        "<= 1.5",
        f"40 items {big_ms:.1f} ms, 1 item {small_ms:.1f} ms, median of {EDITOR_RUNS} each",
    )
    report(
        "editor_queries",
        str(queries[40]),
        "the same for 1 and 40 items",
        f"1 item: {queries[1]}",
    )
    assert queries[40] == queries[1], f"the editor's queries grow with its items: {queries}"


def search(client, name, url, queries, label):
    samples = []
    for query in queries:
        get(client, url + "?" + _query(query))  # warm-up, and proof it renders
        for _ in range(SEARCH_RUNS):
            samples.append(timed(lambda query=query: get(client, url + "?" + _query(query))))
    p50, p95 = (percentile(samples, share) * 1000 for share in (0.50, 0.95))
    report(
        f"{name}_p95_ms_{label}",
        f"{p95:.1f}",
        "< 25",
        f"p50 {p50:.1f} ms; {len(samples)} requests, {len(queries)} queries x {SEARCH_RUNS}",
    )


def _query(text):
    from urllib.parse import urlencode

    return urlencode({"q": text})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("label")
    parser.add_argument("--editor", action="store_true")
    args = parser.parse_args()
    collect_static()
    therapist = seeded_therapist()
    client = Client()
    client.force_login(therapist.user)
    if args.editor:
        editor(client, therapist)
    exercises = Exercise.objects.count()
    patients = Patient.objects.filter(clinic=therapist.clinic).count()
    library_url, patients_url = reverse("library:list"), reverse("programs:patients")
    search(client, "library_search", library_url, LIBRARY_QUERIES, args.label)
    search(client, "patient_search", patients_url, PATIENT_QUERIES, args.label)
    print(f"  ({args.label}: {exercises} exercises; {patients} patients in the searched clinic)")


if __name__ == "__main__":
    main()
