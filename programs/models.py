from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clinics.models import Patient, Therapist
from library.models import (
    Dose,
    Exercise,
    ExerciseVariant,
    Progression,
    Protocol,
    Sheet,
    SupportOption,
    number_in_week,
)


class ProgramQuerySet(models.QuerySet):
    def with_is_revised(self):
        """Annotates `is_revised`, which is_current reads without a query: an EXISTS that
        the unique index on `previous` answers. Cheaper than selecting `next_revision`,
        whose LEFT JOIN SQLite's planner reads by scanning every program once ANALYZE has
        seen that column mostly NULL (21 ms at 200,000 programs, against 1.3)."""
        return self.annotate(is_revised=Exists(Program.objects.filter(previous=OuterRef("pk"))))


class Program(models.Model):
    """One patient's home program at one visit. Revising copies it to the next revision."""

    MAX_ITEMS = 40

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="programs")
    therapist = models.ForeignKey(Therapist, on_delete=models.PROTECT, related_name="programs")
    protocol = models.ForeignKey(
        Protocol, on_delete=models.SET_NULL, null=True, blank=True, related_name="programs"
    )
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_revision"
    )
    revision = models.PositiveSmallIntegerField(default=1)
    is_draft = models.BooleanField(
        "draft",
        default=False,
        help_text="A new program stays a draft until it is saved with an exercise: a draft is "
        "never the patient's current program and may be discarded.",
    )
    title = models.CharField(max_length=120)
    intro = models.TextField(blank=True, max_length=2000)
    general_instructions = models.TextField(blank=True, max_length=2000)
    frequency = models.CharField("how often", max_length=120, blank=True)
    special_instructions = models.TextField(blank=True, max_length=2000)
    my_week = models.BooleanField(
        "“My week” log",
        default=True,
        help_text="A filled handout ends with a paper log (a box a day per exercise, and the "
        "pain) for a patient who does not use the phone page.",
    )
    lock_version = models.PositiveIntegerField(
        default=1, help_text="Raised by every save; a save from an older copy is refused."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="program_revision_positive", condition=Q(revision__gte=1)),
            models.CheckConstraint(name="program_title_not_blank", condition=~Q(title="")),
        ]
        indexes = [
            # The revisions alone. SQLite's statistics count every NULL `previous` (a first
            # revision: most programs) as one key, so its planner judged the unique index
            # on `previous` useless and scanned every program to find a program's next
            # revision (select_related("next_revision"): 21 ms at 200,000 programs). This
            # index holds no NULL, and the planner uses it (1.6 ms).
            models.Index(
                fields=["previous"],
                condition=Q(previous__isnull=False),
                name="program_revised_from",
            ),
        ]

    def __str__(self):
        return f"{self.title} (revision {self.revision})"

    def week(self, today=None):
        """This week of the program (0: the week it was made), for the time estimate of
        a dose that grows: each revision starts its progressions again, as its handout
        says ("Start with 5 times.")."""
        today = today or timezone.localdate()
        return max((today - timezone.localdate(self.created_at)).days // 7, 0)

    @property
    def is_patients_current(self):
        """The program the patient page and patient list show as the patient's: not revised
        and not a draft (see is_current for the query it costs)."""
        return not self.is_draft and self.is_current

    @property
    def is_current(self):
        """False once the program has been revised; a property so templates can use it.
        Costs a query unless `next_revision` was selected or `is_revised` annotated."""
        if "is_revised" in self.__dict__:
            return not self.is_revised
        try:
            self.next_revision  # noqa: B018
        except Program.DoesNotExist:
            return True
        return False


CAUTION_REASON_MIN_LENGTH = 3
CAUTION_REASON_MAX_LENGTH = 300


class ProgramItemQuerySet(models.QuerySet):
    def without_a_chosen_variant(self):
        """Items whose exercise offers versions to tick (head press) with none ticked: the
        handout would print no version, and the patient would not know which to do."""
        return self.filter(variant__isnull=True, exercise__variants__isnull=False).distinct()


class ProgramItem(Dose, Progression):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="program_items")
    order = models.PositiveSmallIntegerField(default=0)
    # PROTECT: deleting a variant in admin must not quietly untick a therapist's choice.
    variant = models.ForeignKey(
        ExerciseVariant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_items",
    )
    supports = models.ManyToManyField(SupportOption, related_name="program_items", blank=True)
    note = models.CharField(max_length=300, blank=True)
    # Kept only when the exercise conflicts with one of the patient's conditions: the
    # therapist's reason for prescribing it anyway, and who gave it when. Never printed.
    caution_reason = models.CharField(
        "reason to keep despite a caution", max_length=CAUTION_REASON_MAX_LENGTH, blank=True
    )
    caution_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caution_reasons",
        help_text="Protected: the record of who accepted a clinical caution outlives the account.",
    )
    caution_reason_at = models.DateTimeField(null=True, blank=True)

    objects = ProgramItemQuerySet.as_manager()

    class Meta(Dose.Meta):
        ordering = ["program", "order", "pk"]
        constraints = [
            *Dose.Meta.constraints,
            *Progression.Meta.constraints,
            models.UniqueConstraint(fields=["program", "order"], name="program_item_order_unique"),
            models.CheckConstraint(
                name="program_item_caution_reason_recorded",
                condition=Q(
                    caution_reason="",
                    caution_reason_by__isnull=True,
                    caution_reason_at__isnull=True,
                )
                | (
                    ~Q(caution_reason="")
                    & Q(caution_reason_by__isnull=False, caution_reason_at__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.exercise} in {self.program}"

    @classmethod
    def from_defaults(cls, exercise, **fields):
        """An unsaved item carrying the exercise's default dose."""
        return cls(exercise=exercise, **exercise.dose_values(), **fields)

    @property
    def dose(self):
        """The dose sentence; with a progression, the growing number is said once, in the
        progression's sentence, never also as a fixed number."""
        if not self.grows:
            return self.describe(
                work_up_to=self.exercise.work_up_to_reps, activity=self.exercise.is_activity
            )
        grown = {
            "reps": {"reps": None},
            "hold": {"hold_min_seconds": None, "hold_max_seconds": None},
            "minutes": {"stay_minutes": None},
            "sets": {"sets": 1},
        }[self.grows]
        fixed = ProgramItem(**{**self.dose_values(), **grown})
        dose = fixed.describe(activity=self.exercise.is_activity)
        return f"{dose} {self.describe_progression()}".strip()

    def estimated_seconds(self, week=0):
        """The time it takes in week `week` of the program (0: the first), with this
        week's number when the dose grows."""
        return estimate_seconds(**dose_in_week(self.dose_values(), self.progression(), week))


# The dose fields a progression's number stands for.
GROWN_FIELDS = {
    "reps": ["reps"],
    "hold": ["hold_min_seconds", "hold_max_seconds"],
    "minutes": ["stay_minutes"],
    "sets": ["sets"],
}


def dose_in_week(dose, progression, week):
    """The dose fields as they are in week `week` (0: the first): the growing number is
    that week's, never past its "up to". Without a progression, the dose as it is."""
    if not progression:
        return dose
    numbers = {key: progression[key] for key in ("start", "step", "every_weeks", "up_to")}
    number = number_in_week(**numbers, week=week)
    return {**dose, **dict.fromkeys(GROWN_FIELDS[progression["grows"]], number)}


SECONDS_PER_MOVE = 3
SECONDS_BETWEEN_SETS = 30


def estimate_seconds(
    *, hold_min_seconds=None, hold_max_seconds=None, reps=None, sets=1, side="", stay_minutes=None
):
    """Time one exercise takes, from its dose fields: each repetition is its longest hold
    plus 3 s to move, doubled for 'each side'; 30 s rest between sets; minutes in a position
    or activity count as given. The editor shows this formula and recomputes it in the
    browser (static/js/editor.js)."""
    seconds = 0
    if reps:
        per_rep = (hold_max_seconds or 0) + SECONDS_PER_MOVE
        sides = 2 if side else 1
        sets = sets or 1
        seconds += per_rep * reps * sides * sets + SECONDS_BETWEEN_SETS * (sets - 1)
    if stay_minutes:
        seconds += stay_minutes * 60
    return seconds


class ProgramSheet(models.Model):
    """A sheet handed out with a program, in its place after the exercises."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sheet_links")
    sheet = models.ForeignKey(Sheet, on_delete=models.PROTECT, related_name="program_links")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["program", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "sheet"], name="sheet_once_per_program"),
            models.UniqueConstraint(fields=["program", "order"], name="program_sheet_order_unique"),
        ]

    def __str__(self):
        return f"{self.sheet} with {self.program}"
