"""When a program asks its measures. A program's own schedule (ProgramMeasure rows), else
its protocol's defaults (ProtocolMeasure), else the clinic-wide default below. Answers
belong to the patient, so what is due reads the patient's answers across revisions."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min, Q

from programs.models import Program

from .models import AnswerSet, Discharge, Measure, ProgramMeasure, ProtocolMeasure

# Without a protocol's own: PSFS and pain at the start and every 14 days, the rating of
# change every 14 days from the second week on (there is no change to rate at the start),
# all three at discharge.
DEFAULT_SCHEDULE = [
    ("psfs", True, 14, True),
    ("nprs", True, 14, True),
    ("groc", False, 14, True),
]


@dataclass
class Planned:
    measure: Measure
    at_start: bool
    every_days: int | None
    at_discharge: bool


def planned_for(program):
    """The program's schedule as Planned entries (2 queries at most, 3 for the default).
    A program's own rows, once it has any, are its whole schedule: a row with no time set
    keeps its measure off (services.set_schedule), so "none" is a schedule too."""
    own = list(ProgramMeasure.objects.filter(program=program).select_related("measure"))
    if own:
        return [
            Planned(o.measure, o.at_start, o.every_days, o.at_discharge) for o in own if o.is_asked
        ]
    if program.protocol_id:
        own = list(
            ProtocolMeasure.objects.filter(protocol_id=program.protocol_id).select_related(
                "measure"
            )
        )
    if own:
        return [Planned(o.measure, o.at_start, o.every_days, o.at_discharge) for o in own]
    measures = Measure.objects.filter(
        clinic__isnull=True, slug__in=[slug for slug, *_ in DEFAULT_SCHEDULE]
    ).prefetch_related("items")
    by_slug = {measure.slug: measure for measure in measures}
    return [
        Planned(by_slug[slug], start, every, discharge)
        for slug, start, every, discharge in DEFAULT_SCHEDULE
        if slug in by_slug
    ]


def course_start(program):
    """The first day of the patient's care here: their first program's day (one query)."""
    first = Program.objects.filter(patient_id=program.patient_id).aggregate(
        first=Min("created_at")
    )["first"]
    return (first or program.created_at).date()


def discharge_of(program):
    """The program's discharge, or its next revision's (a link of the revised program still
    works a few days), or None: one query."""
    return (
        Discharge.objects.filter(Q(program_id=program.pk) | Q(program__previous_id=program.pk))
        .order_by("-day", "-pk")
        .first()
    )


def due_measures(program, *, today):
    """The measures due on `today`, in the schedule's order: never answered and asked at
    the start (or, for one not asked at the start, every_days into the course), or
    answered every_days ago or more. Once the patient is discharged from the program,
    only the measures asked at discharge, each until it is answered on or after that day."""
    planned = planned_for(program)
    discharge = discharge_of(program)
    if discharge is not None:
        asked = [entry.measure for entry in planned if entry.at_discharge]
        answered = set(
            AnswerSet.objects.filter(
                patient_id=program.patient_id, measure__in=asked, day__gte=discharge.day
            ).values_list("measure_id", flat=True)
        )
        return [measure for measure in asked if measure.pk not in answered]
    last = dict(
        AnswerSet.objects.filter(
            patient_id=program.patient_id, measure__in=[p.measure for p in planned]
        )
        .values_list("measure_id")
        .annotate(last=Max("day"))
    )
    start = course_start(program)
    due = []
    for entry in planned:
        answered = last.get(entry.measure.pk)
        if answered is None:
            if entry.at_start or (entry.every_days and (today - start).days >= entry.every_days):
                due.append(entry.measure)
        elif entry.every_days and (today - answered) >= datetime.timedelta(entry.every_days):
            due.append(entry.measure)
    return due
