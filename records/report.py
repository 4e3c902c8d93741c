"""The progress report: a patient's last N days as one PDF for the patient, the referring
doctor or a payer. Built here, in records, because it reads every layer of the patient's
care (the ticks of phone, the answers of outcomes, the program) and prints through
handouts' one safe render path (handouts/render.py)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from handouts.render import render_pdf
from outcomes.trends import patient_trends, plain
from phone.adherence import pain_trend, revisions_up_to
from phone.models import DayFeeling, ExerciseTick
from programs.models import Program, ProgramItem


@dataclass
class Report:
    patient: object
    program: object
    start: datetime.date
    end: datetime.date
    active_days: int = 0
    exercises: list = field(default_factory=list)  # (name, dose, days done, days possible)
    pains: list = field(default_factory=list)  # (day, pain)
    pain_trend: str | None = None
    measures: list = field(default_factory=list)  # Trend
    added: list = field(default_factory=list)  # exercise names added in the period
    removed: list = field(default_factory=list)
    discharge: object = None  # outcomes' Discharge of the current program, if any

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def threshold(self):
        return settings.MONITORING_DAYS_THRESHOLD

    @property
    def meets_threshold(self):
        return self.active_days >= self.threshold


def build_report(patient, *, days=30, today=None):
    """The report's facts for the `days` days ending today (the clinic's day): about 8
    queries whatever the number of ticks and answers."""
    zone = patient.clinic.zone
    end = today or timezone.localdate(timezone=zone)
    start = end - datetime.timedelta(days=days - 1)
    programs = list(
        Program.objects.filter(patient=patient)
        .select_related("therapist__user", "next_revision", "discharge")
        .order_by("-created_at", "-pk")
    )
    current = next((p for p in programs if p.is_current), None)
    report = Report(patient=patient, program=current, start=start, end=end)
    report.discharge = getattr(current, "discharge", None) if current else None
    report.measures = patient_trends(patient, since=start)
    answered = set(
        patient.answer_sets.filter(day__gte=start, day__lte=end).values_list("day", flat=True)
    )
    if current is None:
        report.active_days = len(answered)
        return report
    chain = revisions_up_to(current, programs)
    pks = [p.pk for p in chain]
    ticks = ExerciseTick.objects.filter(program__in=pks, day__gte=start, day__lte=end)
    done = {}
    for exercise_id, day in ticks.values_list("exercise_id", "day"):
        done.setdefault(exercise_id, set()).add(day)
    feelings = DayFeeling.objects.filter(program__in=pks, day__gte=start, day__lte=end)
    report.pains = list(feelings.order_by("day").values_list("day", "pain"))
    report.pain_trend = pain_trend([pain for _, pain in report.pains])
    active = answered | {day for days_done in done.values() for day in days_done}
    active |= {day for day, _ in report.pains}
    report.active_days = len(active)
    made = {p.pk: timezone.localdate(p.created_at, timezone=zone) for p in chain}
    first_in = {}
    items_by_program = {}
    for item in ProgramItem.objects.filter(program__in=pks).select_related("exercise"):
        items_by_program.setdefault(item.program_id, []).append(item)
        day = made[item.program_id]
        first_in[item.exercise_id] = min(first_in.get(item.exercise_id, day), day)
    for item in sorted(items_by_program.get(current.pk, []), key=lambda i: (i.order, i.pk)):
        possible_from = max(start, first_in[item.exercise_id])
        possible = max((end - possible_from).days + 1, 1)
        days_done = len({d for d in done.get(item.exercise_id, ()) if d >= possible_from})
        report.exercises.append((item.exercise.name, item.dose, days_done, possible))
    # What changed in the period: each revision made in it, against the one before.
    for program in chain[:-1]:
        if made[program.pk] < start:
            break
        now = {i.exercise_id: i.exercise.name for i in items_by_program.get(program.pk, [])}
        before_pk = program.previous_id
        before = {i.exercise_id: i.exercise.name for i in items_by_program.get(before_pk, [])}
        report.added += [name for pk, name in now.items() if pk not in before]
        report.removed += [name for pk, name in before.items() if pk not in now]
    return report


def report_pdf(report):
    """The report as tagged PDF bytes, on the clinic's paper (the slow part: WeasyPrint)."""
    clinic = report.patient.clinic
    context = {
        "report": report,
        "clinic": clinic,
        "snapshot": {"language": "en", "paper_size": clinic.paper_size},
        "plain": plain,
    }
    return render_pdf("records/progress_report.html", context)
