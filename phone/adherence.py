"""What the therapist sees of the phone page's ticks and "how did it feel" answers: on the
patient page and on each row of the editor (phone/apps.py hands these to programs/home.py)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from programs.models import Program, ProgramItem

from .models import DayFeeling, Effort, ExerciseTick

CALENDAR_DAYS = 28
PAINFUL = 5  # pain this high on two days an exercise was done flags it


@dataclass
class ExerciseAdherence:
    """One exercise of a program as the patient ticked it: on how many days of the period
    (`rate`, 0 to 100), whether it was done on a day they called "too hard", and on how
    many days it was done with pain of 5 or more."""

    days_done: int = 0
    days: int = 0  # the days it could be done (course_summary: since it was added)
    rate: int = 0
    too_hard: bool = False
    painful_days: int = 0
    new: bool = False  # course_summary: first in the program asked about, not before it
    late: bool = False  # course_summary: added in a revision, counted from that day only

    @property
    def flagged(self):
        return self.too_hard or self.painful_days >= 2


@dataclass
class Adherence:
    """A program's phone-page record, from its first patient link until today (or until
    its links stopped, for a revised program)."""

    since: datetime.date | None
    until: datetime.date
    days: int = 0
    calendar: list = field(default_factory=list)  # 4 weeks of (day, done, counted)
    exercises: dict = field(default_factory=lambda: defaultdict(ExerciseAdherence))
    pains: list = field(default_factory=list)  # (day, pain, effort label), oldest first
    trend: str | None = None  # "rising", "falling", "steady", or None: too few answers
    spans_revisions: bool = False  # course_summary over revisions: an exercise in none is new

    @property
    def linked(self):
        return self.since is not None

    @property
    def days_done(self):
        return sum(1 for _, done, _ in self.calendar if done)

    def for_exercise(self, exercise_id):
        return self.exercises.get(exercise_id) or ExerciseAdherence(new=self.spans_revisions)

    @property
    def flagged(self):
        return any(entry.flagged for entry in self.exercises.values())


def adherence_summary(program, *, zone, today=None):
    """The program's ticks and "how did it feel" answers, summed up: 3 queries (first
    patient link, ticks, answers) whatever the number of exercises and days. `zone` is the
    clinic's time zone, in which the patient's days are counted. Patient links are reached
    through their relation's name, never imported (handouts sit above programs)."""
    today = today or timezone.localdate(timezone=zone)
    first = Program.objects.filter(pk=program.pk).aggregate(
        first=Min("handouts__patient_link__created_at")
    )["first"]
    until = today
    if not program.is_current:  # a query, unless next_revision was selected
        revised_at = program.next_revision.created_at
        stop = revised_at + datetime.timedelta(days=settings.PATIENT_LINK_REVISED_DAYS)
        until = min(today, timezone.localdate(stop, timezone=zone))
    since = timezone.localdate(first, timezone=zone) if first else None
    summary = Adherence(since=since, until=until)
    if since is None:
        return summary
    summary.days = max((until - since).days + 1, 1)
    done_by_day = defaultdict(set)
    for exercise_id, day in ExerciseTick.objects.filter(program=program).values_list(
        "exercise_id", "day"
    ):
        done_by_day[day].add(exercise_id)
        summary.exercises[exercise_id].days_done += 1
    for entry in summary.exercises.values():
        entry.rate = min(100, round(100 * entry.days_done / summary.days))
    feelings = DayFeeling.objects.filter(program=program).order_by("day")
    return _with_feelings(summary, done_by_day, feelings.values_list("day", "pain", "effort"))


def _with_feelings(summary, done_by_day, feelings):
    """Adds each day's answer (day, pain, effort), oldest first, to the exercises done that
    day, the last four weeks' pains and their trend, and the calendar; returns `summary`."""
    labels = dict(Effort.choices)
    for day, pain, effort in feelings:
        for exercise_id in done_by_day.get(day, ()):
            entry = summary.exercises[exercise_id]
            entry.too_hard |= effort == Effort.TOO_HARD
            entry.painful_days += pain >= PAINFUL
        if (summary.until - day).days < CALENDAR_DAYS:
            summary.pains.append((day, pain, labels.get(effort, effort)))
    summary.trend = pain_trend([pain for _, pain, _ in summary.pains])
    first_day = summary.until - datetime.timedelta(days=CALENDAR_DAYS - 1)
    days = [first_day + datetime.timedelta(days=n) for n in range(CALENDAR_DAYS)]
    summary.calendar = [(day, bool(done_by_day.get(day)), day >= summary.since) for day in days]
    return summary


def pain_trend(pains):
    """Rising, falling or steady: the later half of the answers against the earlier half
    (a point or more apart on average). None with fewer than four answers."""
    if len(pains) < 4:
        return None
    half = len(pains) // 2
    earlier = sum(pains[:half]) / half
    later = sum(pains[-half:]) / half
    if later - earlier >= 1:
        return "rising"
    if earlier - later >= 1:
        return "falling"
    return "steady"


def editor_adherence(program, *, zone):
    """What the editor shows beside each row: the phone record of the patient's course up
    to this program, earlier revisions included (what happened since the last visit), in
    which an exercise added in a revision counts only the days since it was added, and one
    new in this revision is marked new rather than "0 %" (issue 29). Returns (Adherence,
    revision number) or (None, None). 3 queries for a first revision, 5 after a revision."""
    if program.previous_id is None:
        summary = adherence_summary(program, zone=zone)
    else:
        summary = course_summary(program, zone=zone)
    return (summary, program.revision) if summary.linked else (None, None)


def revisions_up_to(program, programs=None):
    """The program and its earlier revisions, newest first: the patient's course of care.
    From `programs` (the patient's, with previous_id) when given, else one query."""
    if programs is None:
        programs = Program.objects.filter(patient_id=program.patient_id).only(
            "pk", "previous_id", "created_at"
        )
    by_pk = {p.pk: p for p in programs}
    by_pk[program.pk] = program
    chain = [program]
    while chain[-1].previous_id in by_pk:
        chain.append(by_pk[chain[-1].previous_id])
    return chain


def course_summary(program, *, zone, programs=None, today=None):
    """The record of the patient's course of care up to `program`: its ticks and answers
    and its earlier revisions', so revising never hides them (issue 29). Since the first
    patient link of any revision; an exercise added in a revision counts only the days
    since that revision. 4 queries (first link, items, ticks, answers) with `programs`
    given (the patient's programs with previous_id), 5 without."""
    today = today or timezone.localdate(timezone=zone)
    chain = revisions_up_to(program, programs)
    if len(chain) == 1:
        return adherence_summary(program, zone=zone, today=today)
    pks = [p.pk for p in chain]
    first = Program.objects.filter(pk__in=pks).aggregate(
        first=Min("handouts__patient_link__created_at")
    )["first"]
    until = today
    if not program.is_current:
        stop = program.next_revision.created_at + datetime.timedelta(
            days=settings.PATIENT_LINK_REVISED_DAYS
        )
        until = min(today, timezone.localdate(stop, timezone=zone))
    since = timezone.localdate(first, timezone=zone) if first else None
    summary = Adherence(since=since, until=until)
    if since is None:
        return summary
    summary.days = max((until - since).days + 1, 1)
    summary.spans_revisions = True
    made = {p.pk: timezone.localdate(p.created_at, timezone=zone) for p in chain}
    added, before = {}, set()
    for program_id, exercise_id in ProgramItem.objects.filter(program__in=pks).values_list(
        "program_id", "exercise_id"
    ):
        day = made[program_id]
        added[exercise_id] = min(added.get(exercise_id, day), day)
        if program_id != program.pk:
            before.add(exercise_id)
    done_by_day = defaultdict(set)
    for exercise_id, day in ExerciseTick.objects.filter(program__in=pks).values_list(
        "exercise_id", "day"
    ):
        done_by_day[day].add(exercise_id)
    for exercise_ids in done_by_day.values():
        for exercise_id in exercise_ids:
            summary.exercises[exercise_id].days_done += 1
    for exercise_id, entry in summary.exercises.items():
        start = max(since, added.get(exercise_id, since))
        entry.days = max((until - start).days + 1, 1)
        entry.rate = min(100, round(100 * entry.days_done / entry.days))
    for exercise_id, day in added.items():
        if exercise_id not in summary.exercises:
            summary.exercises[exercise_id].days = max((until - max(since, day)).days + 1, 1)
        summary.exercises[exercise_id].new = exercise_id not in before
        summary.exercises[exercise_id].late = day > since
    feelings = {}
    for day, pain, effort in (
        DayFeeling.objects.filter(program__in=pks)
        .order_by("day", "updated_at")
        .values_list("day", "pain", "effort")
    ):
        feelings[day] = (pain, effort)  # the latest answer of a day, whichever revision
    days = sorted(feelings.items())
    return _with_feelings(summary, done_by_day, [(d, p, e) for d, (p, e) in days])
