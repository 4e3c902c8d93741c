"""Reads the program views need that are more than one QuerySet method."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, Q
from django.utils import timezone

from core.translated import english_column
from exercises.models import Exercise

from .models import DayFeeling, Effort, ExerciseTick, FavouriteExercise, Program, ProgramItem


def editor_exercises(ids, kept=(), *, clinic_id):
    """{id: exercise} for the exercises editor rows name, with their variants and support
    options (3 queries). Only exercises the clinic sees may be added (another clinic's id
    is as unknown as a missing one), and only active ones; the `kept` exercises a program
    already has stay, even archived, hidden or since replaced by the clinic's own copy."""
    addable = Exercise.objects.visible_to(clinic_id).filter(archived=False).values("pk")
    exercises = (
        Exercise.objects.filter(pk__in=ids)
        .filter(Q(pk__in=addable) | Q(pk__in=kept))
        .prefetch_related("variants", "support_options")
    )
    return {exercise.pk: exercise for exercise in exercises}


def favourites_first(exercises, *, user):
    """The exercises with the ones `user` starred first, each marked `is_favourite`, in
    their order otherwise. No query of its own: a subquery of the same SELECT, and one the
    database runs once (the user's few starred ids), not once for every exercise."""
    starred = FavouriteExercise.objects.filter(therapist__user_id=user.pk).values("exercise_id")
    is_favourite = ExpressionWrapper(Q(pk__in=starred), output_field=BooleanField())
    order = exercises.query.order_by or exercises.model._meta.ordering
    return exercises.annotate(is_favourite=is_favourite).order_by("-is_favourite", *order)


@dataclass
class AtAGlance:
    """What the patient list shows of one patient's programs: the newest current program
    (not yet revised), how many other current ones there are, and the last visit: the
    last time a program of theirs was saved or a handout printed for them."""

    current: dict | None = None
    other_current: int = 0
    last_visit: object = None


def patients_at_a_glance(patient_ids):
    """{patient id: AtAGlance} for the patients of one list page (2 queries, whatever the
    number of programs): the last save and print per patient, and their current programs
    with item counts. Handouts are reached by their relation's name, never imported."""
    glance = defaultdict(AtAGlance)
    if not patient_ids:
        return glance
    programs = Program.objects.filter(patient__in=patient_ids)
    for patient_id, saved, printed in (
        programs.values("patient_id")
        .annotate(saved=Max("updated_at"), printed=Max("handouts__issued_at"))
        .values_list("patient_id", "saved", "printed")
        .order_by()
    ):
        glance[patient_id].last_visit = max(filter(None, [saved, printed]), default=None)
    current = (
        programs.filter(next_revision__isnull=True)
        .annotate(item_count=Count("items"))
        .order_by("patient_id", "-created_at", "-pk")
        .values("patient_id", "pk", "title", "revision", "item_count")
    )
    for program in current:
        entry = glance[program["patient_id"]]
        if entry.current is None:
            entry.current = program
        else:
            entry.other_current += 1
    return glance


@dataclass
class RevisionChanges:
    """What changed in a revision since the one before: exercises added and removed (by
    name, an exercise listed twice counts twice), doses changed (name, before, after), and
    the "how often" line (before, after) when it changed."""

    previous: Program
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    dose_changed: list = field(default_factory=list)
    frequency: tuple | None = None

    def __bool__(self):
        return bool(self.added or self.removed or self.dose_changed or self.frequency)


def differing(before, after):
    """The sentences of two dose descriptions that differ ("Repeat 10 times." and "Repeat
    15 times."), so a changed dose reads as what changed, not two whole descriptions."""
    old, new = (re.split(r"(?<=\.) ", text) if text else [] for text in (before, after))
    return " ".join(s for s in old if s not in new), " ".join(s for s in new if s not in old)


def revision_changes(program, items):
    """The changes from `program.previous` (selected with it) to `program`, whose `items`
    (with their exercises) the caller has read. One query: the previous revision's items.
    Items are paired by exercise, in order, so moving an exercise is not a change."""
    previous = program.previous
    if previous is None:
        return None
    before = list(
        ProgramItem.objects.filter(program=previous)
        .select_related("exercise")
        .only(
            *ProgramItem.DOSE_FIELDS,
            "program_id",
            "order",
            f"exercise__{english_column('name')}",
            "exercise__kind",  # the dose's wording (an activity "keeps going")
            "exercise__work_up_to_reps",
        )
        .order_by("order", "pk")
    )
    changes = RevisionChanges(previous=previous)
    if previous.frequency != program.frequency:
        changes.frequency = (previous.frequency, program.frequency)
    waiting = defaultdict(list)  # exercise id -> earlier items not yet paired
    for item in before:
        waiting[item.exercise_id].append(item)
    for item in items:
        if not waiting[item.exercise_id]:
            changes.added.append(item.exercise.name)
            continue
        old = waiting[item.exercise_id].pop(0)
        if old.dose_values() != item.dose_values():
            changes.dose_changed.append((item.exercise.name, *differing(old.dose, item.dose)))
    unpaired = {id(old) for olds in waiting.values() for old in olds}
    changes.removed = [old.exercise.name for old in before if id(old) in unpaired]
    return changes


# What the therapist sees of the phone page's ticks ---------------------------------------

CALENDAR_DAYS = 28
PAINFUL = 5  # pain this high on two days an exercise was done flags it


@dataclass
class ExerciseAdherence:
    """One exercise of a program as the patient ticked it: on how many days of the period
    (`rate`, 0 to 100), whether it was done on a day they called "too hard", and on how
    many days it was done with pain of 5 or more."""

    days_done: int = 0
    rate: int = 0
    too_hard: bool = False
    painful_days: int = 0

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

    @property
    def linked(self):
        return self.since is not None

    @property
    def days_done(self):
        return sum(1 for _, done, _ in self.calendar if done)

    def for_exercise(self, exercise_id):
        return self.exercises.get(exercise_id) or ExerciseAdherence()

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
    labels = dict(Effort.choices)
    feelings = DayFeeling.objects.filter(program=program).order_by("day")
    for day, pain, effort in feelings.values_list("day", "pain", "effort"):
        for exercise_id in done_by_day.get(day, ()):
            entry = summary.exercises[exercise_id]
            entry.too_hard |= effort == Effort.TOO_HARD
            entry.painful_days += pain >= PAINFUL
        if (until - day).days < CALENDAR_DAYS:
            summary.pains.append((day, pain, labels.get(effort, effort)))
    summary.trend = pain_trend([pain for _, pain, _ in summary.pains])
    first_day = until - datetime.timedelta(days=CALENDAR_DAYS - 1)
    days = [first_day + datetime.timedelta(days=n) for n in range(CALENDAR_DAYS)]
    summary.calendar = [(day, bool(done_by_day.get(day)), day >= since) for day in days]
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
    """What the editor shows beside each row: this program's phone record, or for a new
    revision with none yet, the previous revision's (what happened since the last visit).
    Returns (Adherence, revision number) or (None, None). `program.previous` should be
    selected with it; 3 queries, 6 when the previous revision is read too."""
    summary = adherence_summary(program, zone=zone)
    if summary.linked:
        return summary, program.revision
    previous = program.previous
    if previous is None:
        return None, None
    previous.next_revision = program  # known: saves the is_current query
    summary = adherence_summary(previous, zone=zone)
    return (summary, previous.revision) if summary.linked else (None, None)
