"""The patient page and the progress report with two years of weekly outcome answers
(issue 29), each beside a baseline: the same program and clinic for a patient with one
answer set of each measure, timed alternately in this run.

- outcomes_patient_page_ms: GET /patients/<id>/ for the patient with 104 weeks of PSFS,
  pain and change answers (312 sets) and 2 years of daily ticks, and the baseline; the SQL
  queries of each (they must be the same: the page's queries are flat in answers).
- outcomes_patient_page_answers_only_ms: the same answers with one week of ticks, so the
  answers' own cost shows apart from the phone record's.
- outcomes_report_30_ms / outcomes_report_365_ms: the progress report PDF (build_report
  and WeasyPrint through the view) for the last 30 and 365 days, and the baseline.

--demo loads the library and the demo clinic (seed_demo) into the empty database first.
Usage: bench/outcome_pages.py [--demo]; BENCH_SMOKE=1 for 4 weeks and 2 rounds (bench/smoke.py)."""

import argparse
import datetime
import io

from common import alternating_medians, collect_static, report, scaled  # first: sets Django up
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinics.models import Patient, Therapist
from handouts.models import IssuedHandout, Mode
from handouts.services import build_snapshot, handout_programs
from library.models import Exercise
from outcomes.builtin import ensure_builtin
from outcomes.models import Source
from outcomes.services import name_activities, record_answers
from phone.links import new_token
from phone.models import DayFeeling, Effort, ExerciseTick, PatientLink, hash_token
from programs.models import Program, ProgramItem

WEEKS = scaled(104, 4)
RUNS = scaled(10, 2)  # even: equal turns for each side
REPORT_RUNS = scaled(4, 2)


def patient_with(therapist, name, weeks, tick_weeks=None):
    """A patient with a 12-exercise program, a phone link since `weeks` weeks ago, every
    exercise ticked each day of the last `tick_weeks` (default: all `weeks`) with a pain
    answer a day, and PSFS, pain and change answers each week (one week: one of each)."""
    patient = Patient.objects.create(clinic=therapist.clinic, name=name)
    program = Program.objects.create(patient=patient, therapist=therapist, title="Bench program")
    exercises = list(Exercise.objects.order_by("pk")[:12])
    ProgramItem.objects.bulk_create(
        ProgramItem.from_defaults(exercise, program=program, order=order)
        for order, exercise in enumerate(exercises, start=1)
    )
    zone = therapist.clinic.zone
    today = timezone.localdate(timezone=zone)
    days = weeks * 7
    start = timezone.now() - datetime.timedelta(days=days - 1)
    Program.objects.filter(pk=program.pk).update(created_at=start)
    snapshot = build_snapshot(
        handout_programs(Mode.FILLED).get(pk=program.pk), mode=Mode.FILLED, large_print=False
    )
    handout = IssuedHandout.objects.create(
        program=program,
        mode=Mode.FILLED,
        snapshot=snapshot,
        sha256="0" * 64,
        issued_by=therapist.user,
    )
    link = PatientLink.objects.create(handout=handout, token_sha256=hash_token(new_token()))
    PatientLink.objects.filter(pk=link.pk).update(created_at=start)
    dates = [today - datetime.timedelta(days=n) for n in range((tick_weeks or weeks) * 7)]
    ExerciseTick.objects.bulk_create(
        ExerciseTick(program=program, exercise=exercise, day=day)
        for day in dates
        for exercise in exercises
    )
    DayFeeling.objects.bulk_create(
        DayFeeling(program=program, day=day, pain=n % 11, effort=Effort.ABOUT_RIGHT)
        for n, day in enumerate(dates)
    )
    measures = ensure_builtin()
    activities = name_activities(
        patient=patient, measure=measures["psfs"], names=["Stairs", "Shopping", "Gardening"]
    )
    for week in range(weeks):
        day = today - datetime.timedelta(days=7 * (weeks - 1 - week))
        better = min(10, 2 + week // 8)
        answers = {
            "psfs": {activity.pk: better for activity in activities},
            "nprs": {measures["nprs"].items.get().pk: max(0, 8 - week // 8)},
            "groc": {measures["groc"].items.get().pk: min(7, week // 10)},
        }
        for slug, values in answers.items():
            record_answers(
                patient=patient,
                measure=measures[slug],
                values=values,
                day=day,
                source=Source.PHONE,
                program=program,
            )
    return patient


def getter(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def queries(get):
    with CaptureQueriesContext(connection) as captured:
        get()
    return len(captured)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args()
    if args.demo:
        call_command("migrate", verbosity=0)
        call_command("loaddata", "exercise_library", "conditions", "protocols", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
    collect_static()
    therapist = Therapist.objects.select_related("user", "clinic").order_by("pk").first()
    assert therapist, "run with --demo, or on a database with a therapist"
    long = patient_with(therapist, "Bench two years", WEEKS)
    answers_only = patient_with(therapist, "Bench answers only", WEEKS, tick_weeks=1)
    base = patient_with(therapist, "Bench baseline", 1)
    client = Client()
    client.force_login(therapist.user)

    page_long = getter(client, reverse("programs:patient", args=[long.pk]))
    page_base = getter(client, reverse("programs:patient", args=[base.pk]))
    assert page_long().content.count(b"<tr><td>") >= 3 * WEEKS  # every answer's table row
    counted = queries(page_long), queries(page_base)
    slow, fast = alternating_medians(page_long, page_base, RUNS)
    report(
        "outcomes_patient_page_ms",
        f"{slow * 1000:.1f}",
        "near the baseline",
        f"baseline {fast * 1000:.1f} ms (1 week); {WEEKS} weeks = {3 * WEEKS} answer sets; "
        f"queries {counted[0]} vs {counted[1]}",
    )
    assert counted[0] == counted[1], f"the patient page's queries grow with answers: {counted}"
    # The same two years of answers with one week of ticks: what the answers alone cost.
    page_answers = getter(client, reverse("programs:patient", args=[answers_only.pk]))
    slow, fast = alternating_medians(page_answers, page_base, RUNS)
    report(
        "outcomes_patient_page_answers_only_ms",
        f"{slow * 1000:.1f}",
        "near the baseline",
        f"baseline {fast * 1000:.1f} ms; {3 * WEEKS} answer sets, 1 week of ticks",
    )

    for days in (30, 365):
        url = reverse("records:report", args=[long.pk]) + f"?days={days}"
        report_long = getter(client, url)
        report_base = getter(client, reverse("records:report", args=[base.pk]) + f"?days={days}")
        assert report_long().content.startswith(b"%PDF")
        slow, fast = alternating_medians(report_long, report_base, REPORT_RUNS)
        report(
            f"outcomes_report_{days}_ms",
            f"{slow * 1000:.0f}",
            "near the baseline (WeasyPrint dominates)",
            f"baseline {fast * 1000:.0f} ms (1 week of answers); {WEEKS} weeks of answers",
        )


if __name__ == "__main__":
    main()
