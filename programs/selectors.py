"""Reads the program views need that are more than one QuerySet method."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Q, Subquery

from core.translated import english_column
from library.models import Exercise, FavouriteExercise

from .models import Program, ProgramItem


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
    their order otherwise. A clinic's customised copy keeps the star given to its base
    exercise (starred before the clinic customised it). No query of its own: a subquery of
    the same SELECT, and one the database runs once (the user's few starred ids), not once
    for every exercise."""
    starred = FavouriteExercise.objects.filter(therapist__user_id=user.pk).values("exercise_id")
    # `based_on IS NOT NULL` first: PostgreSQL's `NULL IN (...)` is NULL, which sorts
    # before true in a descending order.
    is_favourite = ExpressionWrapper(
        Q(pk__in=starred) | Q(based_on__isnull=False, based_on_id__in=starred),
        output_field=BooleanField(),
    )
    order = exercises.query.order_by or exercises.model._meta.ordering
    return exercises.annotate(is_favourite=is_favourite).order_by("-is_favourite", *order)


@dataclass
class AtAGlance:
    """What the patient list shows of one patient's programs: the newest current program
    (not yet revised, not a draft), how many other current ones there are, and the last visit: the
    last time a program of theirs was saved or a handout printed for them."""

    current: dict | None = None
    other_current: int = 0
    last_visit: object = None


def patients_at_a_glance(patient_ids):
    """{patient id: AtAGlance} for the patients of one list page (1 query, whatever the
    number of programs): each of their programs, newest first, with its last print, its
    item count and whether it is current. Handouts are reached by their relation's name,
    never imported."""
    glance = defaultdict(AtAGlance)
    if not patient_ids:
        return glance
    current = ExpressionWrapper(
        Q(next_revision__isnull=True, is_draft=False), output_field=BooleanField()
    )
    # The last print in a subquery of its own: joined beside the items, each handout would
    # repeat every item row (items x handouts rows a program).
    last_print = (
        Program.objects.filter(pk=OuterRef("pk"))
        .values("pk")
        .annotate(last=Max("handouts__issued_at"))
        .values("last")
    )
    programs = (
        Program.objects.filter(patient__in=patient_ids)
        .annotate(printed=Subquery(last_print), item_count=Count("items"), current=current)
        .order_by("patient_id", "-created_at", "-pk")
        .values(
            "patient_id",
            "pk",
            "title",
            "revision",
            "item_count",
            "current",
            "printed",
            "updated_at",
        )
    )
    for program in programs:
        entry = glance[program["patient_id"]]
        entry.last_visit = max(
            filter(None, [entry.last_visit, program["updated_at"], program["printed"]]),
            default=None,
        )
        if not program["current"]:
            continue
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
