"""The patient's phone page and the therapist's adherence summary.

- phone_page_p95_ms_<label>: GET /h/<token> as the patient's phone (no login, Django's
  test client: middleware, rate limit, token lookup, today's ticks, template, audit row)
  for a 12-exercise filled handout whose program has 120 days of ticks and answers.
- adherence_summary_queries (with --queries): the SQL queries of
  programs.selectors.adherence_summary for 1 exercise ticked on 1 day and for 40
  exercises ticked on each of 120 days; flat means the same number.

--demo loads the library and the demo clinic (seed_demo) into the empty database first;
otherwise the database is one seed_scale filled (bench/scale.py runs it that way).

Usage: bench/phone.py LABEL [--demo] [--queries]; BENCH_SMOKE=1 for 10 requests and 7
days (bench/smoke.py)."""

import argparse
import datetime
import io
import os

# The benchmark asks for the page far more often than a phone may (PATIENT_LINK_RATE_LIMIT).
os.environ["PATIENT_LINK_RATE_LIMIT"] = "100000000"

from common import collect_static, percentile, report, scaled, timed  # noqa: E402 (Django)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.management.commands.seed_scale import SLUG_PREFIX  # noqa: E402
from clinics.models import Patient, Therapist
from handouts.models import IssuedHandout, Mode  # noqa: E402
from handouts.services import build_snapshot, handout_programs  # noqa: E402
from library.models import Exercise  # noqa: E402
from phone.adherence import adherence_summary  # noqa: E402
from phone.links import new_token  # noqa: E402
from phone.models import DayFeeling, Effort, ExerciseTick, PatientLink, hash_token  # noqa: E402
from programs.models import Program, ProgramItem

PAGE_RUNS = scaled(300, 10)
DAYS = scaled(120, 7)


def program_with(therapist, size):
    patient = Patient.objects.filter(clinic=therapist.clinic).order_by("pk").first()
    program = Program.objects.create(patient=patient, therapist=therapist, title=f"{size} items")
    shipped = list(Exercise.objects.exclude(slug__startswith=SLUG_PREFIX).order_by("pk"))
    seeded = list(Exercise.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk")[:size])
    exercises = (shipped + seeded)[:size]
    for number in range(size - len(exercises)):  # the demo's library has 28
        copy = Exercise.objects.get(pk=shipped[number % len(shipped)].pk)
        copy.pk = None
        copy.name, copy.slug = f"{copy.name} (bench {number})", f"{copy.slug}-bench-{number}"
        copy.save()
        exercises.append(copy)
    ProgramItem.objects.bulk_create(
        ProgramItem.from_defaults(exercise, program=program, order=order)
        for order, exercise in enumerate(exercises, start=1)
    )
    return program, exercises


def with_history(program, exercises, days):
    """A filled handout with a patient link (issued `days` ago), and every exercise
    ticked on each of those days with an answer a day. Returns the link's token."""
    user = program.therapist.user
    snapshot = build_snapshot(
        handout_programs(Mode.FILLED).get(pk=program.pk), mode=Mode.FILLED, large_print=False
    )
    handout = IssuedHandout.objects.create(
        program=program, mode=Mode.FILLED, snapshot=snapshot, sha256="0" * 64, issued_by=user
    )
    token = new_token()
    link = PatientLink.objects.create(handout=handout, token_sha256=hash_token(token))
    zone = program.patient.clinic.zone
    today = timezone.localdate(timezone=zone)
    dates = [today - datetime.timedelta(days=n) for n in range(days)]
    # Made at noon of the first day in the clinic's zone: `days` before now in hours may
    # fall on another local day when a clock change lies between (120 days did).
    start = datetime.datetime.combine(dates[-1], datetime.time(12), tzinfo=zone)
    PatientLink.objects.filter(pk=link.pk).update(created_at=start)
    ExerciseTick.objects.bulk_create(
        ExerciseTick(program=program, exercise=exercise, day=day)
        for day in dates
        for exercise in exercises
    )
    DayFeeling.objects.bulk_create(
        DayFeeling(program=program, day=day, pain=n % 11, effort=Effort.ABOUT_RIGHT)
        for n, day in enumerate(dates)
    )
    return token


def phone_page(therapist, label):
    program, exercises = program_with(therapist, 12)
    token = with_history(program, exercises, DAYS)
    url = reverse("phone:page", args=[token])
    client = Client()
    response = client.get(url)  # warm-up, and proof it renders
    assert response.status_code == 200, response.status_code
    assert program.title.encode() in response.content

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    samples = [timed(get) for _ in range(PAGE_RUNS)]
    p50, p95 = (percentile(samples, share) * 1000 for share in (0.50, 0.95))
    programs = Program.objects.count()
    report(
        f"phone_page_p95_ms_{label}",
        f"{p95:.1f}",
        "< 100",
        f"p50 {p50:.1f} ms; {PAGE_RUNS} requests; 12 exercises, {DAYS} days of ticks; "
        f"{programs:,} programs in the database",
    )


def summary_queries(therapist):
    counts = {}
    for size, days in ((1, 1), (40, DAYS)):
        program, exercises = program_with(therapist, size)
        with_history(program, exercises, days)
        program = Program.objects.select_related("next_revision").get(pk=program.pk)
        zone = therapist.clinic.zone
        with CaptureQueriesContext(connection) as captured:
            summary = adherence_summary(program, zone=zone)
        assert summary.days == days, (summary.days, days)
        assert len(summary.exercises) == size
        counts[(size, days)] = len(captured)
    report(
        "adherence_summary_queries",
        str(counts[(40, DAYS)]),
        f"the same for 1 exercise on 1 day and 40 exercises on {DAYS} days",
        f"1 exercise, 1 day: {counts[(1, 1)]}",
    )
    assert counts[(40, DAYS)] == counts[(1, 1)], f"the summary's queries grow: {counts}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("label")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()
    if args.demo:
        call_command("migrate", verbosity=0)
        call_command("loaddata", "exercise_library", "conditions", "protocols", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
    collect_static()
    therapist = Therapist.objects.select_related("user", "clinic").order_by("pk").first()
    assert therapist, "run with --demo, or on a database seed_scale filled"
    phone_page(therapist, args.label)
    if args.queries:
        summary_queries(therapist)


if __name__ == "__main__":
    main()
