import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from exercises.models import (
    Condition,
    Dose,
    Exercise,
    ExerciseVariant,
    SupportOption,
)


class PaperSize(models.TextChoices):
    LETTER = "letter", "Letter"
    A4 = "a4", "A4"


def default_time_zone():
    """The install's TIME_ZONE; a function, so migrations do not keep one machine's value."""
    return settings.TIME_ZONE


def validate_time_zone(name):
    """A name the tz database knows. Checked here rather than by `choices`, whose list
    (from the machine's tz database) would change the migrations from machine to machine."""
    if name not in zoneinfo.available_timezones():
        raise ValidationError(f"{name!r} is not a time zone name such as America/New_York.")


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    logo = models.ImageField(upload_to="clinic-logos/", blank=True)
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.LETTER
    )
    hidden_exercises = models.ManyToManyField(
        "exercises.Exercise",
        blank=True,
        related_name="hidden_in_clinics",
        help_text="Base library exercises this clinic does not use: its therapists do not "
        "see them.",
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Where the clinic is: the patient's phone page counts days in this zone.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class Therapist(models.Model):
    """A clinic's member: the therapist profile of a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="therapists")
    credentials = models.CharField(max_length=40, blank=True, help_text='For example "PT, DPT".')
    phone = models.CharField(max_length=40, blank=True, help_text="Printed on handouts.")

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}, {self.credentials}" if self.credentials else name


class ProtocolQuerySet(models.QuerySet):
    def base(self):
        """The install's shared protocols, kept by the site's library editors."""
        return self.filter(clinic__isnull=True)

    def usable_by(self, therapist):
        """What `therapist` may start a program from: the base protocols, their clinic's
        shared ones and their own private templates (never another therapist's, never
        another clinic's). A filter, no query of its own."""
        return self.filter(
            Q(clinic__isnull=True)
            | Q(clinic_id=therapist.clinic_id, owner__isnull=True)
            | Q(owner_id=therapist.pk)
        )


class Protocol(models.Model):
    """A named starting program a therapist copies and adjusts for one patient.

    Three kinds, by who owns it: a base protocol (no clinic) every clinic shares and only
    the site's library editors change; a clinic's protocol or template (clinic, no owner)
    its therapists share; a therapist's private template (clinic and owner). Names and
    slugs are unique within each of those scopes."""

    name = models.CharField(
        max_length=120, help_text="Also the title of a program started from it."
    )
    slug = models.SlugField(max_length=120)
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
        help_text="Empty for a base protocol every clinic shares.",
    )
    owner = models.ForeignKey(
        Therapist,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_templates",
        help_text="Set for a therapist's private template; empty when the clinic shares it.",
    )
    intro = models.TextField(
        blank=True, max_length=2000, help_text="A few plain sentences printed at the top."
    )
    general_instructions = models.TextField(
        blank=True,
        max_length=2000,
        help_text="One instruction per line, printed as a list on the handout.",
    )
    default_frequency = models.CharField(max_length=120, blank=True)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            # A private template belongs to its owner's clinic as well.
            models.CheckConstraint(
                name="protocol_owner_has_clinic",
                condition=Q(owner__isnull=True) | Q(clinic__isnull=False),
                violation_error_message="A private template belongs to a clinic.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(clinic__isnull=True),
                name="protocol_name_unique_base",
                violation_error_message="A base protocol already has this name.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(clinic__isnull=True),
                name="protocol_slug_unique_base",
                violation_error_message="A base protocol already has this slug.",
            ),
            models.UniqueConstraint(
                "clinic",
                Lower("name"),
                condition=Q(clinic__isnull=False, owner__isnull=True),
                name="protocol_name_unique_in_clinic",
                violation_error_message="The clinic already shares a protocol with this name.",
            ),
            models.UniqueConstraint(
                fields=["clinic", "slug"],
                condition=Q(clinic__isnull=False, owner__isnull=True),
                name="protocol_slug_unique_in_clinic",
                violation_error_message="The clinic already shares a protocol with this slug.",
            ),
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="protocol_name_unique_for_owner",
                violation_error_message="You already have a template with this name.",
            ),
            models.UniqueConstraint(
                fields=["owner", "slug"],
                condition=Q(owner__isnull=False),
                name="protocol_slug_unique_for_owner",
                violation_error_message="You already have a template with this slug.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def scope(self):
        """Who shares it, in the words the pages use."""
        if self.owner_id:
            return "Only me"
        return "My clinic" if self.clinic_id else "Base library"


class ProtocolItem(Dose):
    """One exercise of a protocol. An admin's protocol item gives the exercise its library
    dose; a template saved from a program keeps the program's dose, ticked variant,
    supports and note (`own_dose`)."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="protocol_items")
    order = models.PositiveSmallIntegerField(default=1)
    own_dose = models.BooleanField(
        "use this dose",
        default=False,
        help_text="Use the dose below instead of the exercise's default dose.",
    )
    # A template is a starting point, not a record: deleting a variant only unticks it.
    variant = models.ForeignKey(
        ExerciseVariant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="protocol_items",
    )
    supports = models.ManyToManyField(SupportOption, related_name="protocol_items", blank=True)
    note = models.CharField("note for the patient", max_length=300, blank=True)

    class Meta(Dose.Meta):
        ordering = ["protocol", "order", "pk"]
        constraints = [
            *Dose.Meta.constraints,
            models.UniqueConstraint(
                fields=["protocol", "exercise"], name="exercise_once_per_protocol"
            ),
        ]

    def __str__(self):
        return f"{self.protocol}: {self.exercise}"


class FavouriteExercise(models.Model):
    """An exercise a therapist starred: it comes first in their editor's search."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="favourites")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="favourited_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["therapist", "exercise"]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "exercise"], name="favourite_exercise_once"
            ),
        ]

    def __str__(self):
        return f"{self.exercise} (favourite of {self.therapist})"


class FamilyNameKey(models.Func):
    """A name's sort key: the family name, then the whole name, in lower case. There is no
    family-name field, so the family name is the text before a comma ("Okafor, Margaret")
    or else the name's last word ("Margaret Okafor"). Each database spells it its own way;
    the database keeps the result in `Patient.sort_name`."""

    output_field = models.CharField(max_length=250)
    # Elsewhere the key is the whole name, which sorts by first name.
    template = "LOWER(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        # rtrim(name, <every letter of the name but spaces>) keeps the name up to its last
        # space; replacing that beginning by nothing leaves the last word.
        template = (
            "(CASE WHEN instr(%(expressions)s, ',') > 0"
            " THEN lower(trim(substr(%(expressions)s, 1, instr(%(expressions)s, ',') - 1)))"
            " ELSE lower(replace(%(expressions)s,"
            " rtrim(%(expressions)s, replace(%(expressions)s, ' ', '')), ''))"
            " END || ' ' || lower(%(expressions)s))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "(CASE WHEN strpos(%(expressions)s, ',') > 0"
            " THEN lower(btrim(split_part(%(expressions)s, ',', 1)))"
            " ELSE lower(substring(%(expressions)s from '[^ ]*$'))"
            " END || ' ' || lower(%(expressions)s))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


class PatientQuerySet(models.QuerySet):
    def search(self, text):
        """Patients whose name holds the words, whose chart number is the words, or who
        have a condition whose name holds them ("osteo" finds osteoporosis).

        Costs one short query at once, over the list of conditions: a search that names
        no condition (most name one person) then asks nothing more of each patient row,
        and one that does matches their ids in a subquery, never a join that would
        repeat a patient once per condition."""
        text = text.strip()
        if not text:
            return self
        # The name in lower case, as the library search does (exercises.models).
        matches = Q(search_name__contains=text.lower()) | Q(chart_number__iexact=text)
        conditions = list(
            Condition.objects.filter(name__icontains=text).values_list("pk", flat=True)
        )
        if conditions:
            with_condition = Patient.conditions.through.objects.filter(
                condition__in=conditions
            ).values("patient_id")
            matches |= Q(pk__in=with_condition)
        return self.filter(matches)

    def by_family_name(self):
        """Sorted by family name (see FamilyNameKey), read in that order from an index."""
        return self.order_by("sort_name", "pk")


class Patient(models.Model):
    """Health information: only the patient's own clinic may see it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    name = models.CharField(max_length=120)
    search_name = models.GeneratedField(  # for the search
        expression=Lower("name"), output_field=models.CharField(max_length=120), db_persist=True
    )
    sort_name = models.GeneratedField(  # the patient list's order
        expression=FamilyNameKey("name"),
        output_field=models.CharField(max_length=250),
        db_persist=True,
    )
    birth_date = models.DateField(null=True, blank=True)
    chart_number = models.CharField(max_length=40, blank=True)
    conditions = models.ManyToManyField(Condition, related_name="patients", blank=True)
    language = models.CharField(
        "handout language",
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The handout and education sheets print in this language.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        # Search reads the searched name and chart number of every patient in the clinic:
        # with them in the index it reads the index alone, in the list's order, not each
        # row, and stops at the page's end.
        indexes = [
            models.Index(
                fields=["clinic", "name", "search_name", "chart_number"], name="patient_search"
            ),
            models.Index(
                fields=["clinic", "sort_name", "search_name", "chart_number"],
                name="patient_sort_search",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "chart_number"],
                condition=~Q(chart_number=""),
                name="chart_number_unique_in_clinic",
            ),
            models.CheckConstraint(name="patient_name_not_blank", condition=~Q(name="")),
        ]

    def __str__(self):
        return self.name


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
    title = models.CharField(max_length=120)
    intro = models.TextField(blank=True, max_length=2000)
    general_instructions = models.TextField(blank=True, max_length=2000)
    frequency = models.CharField("how often", max_length=120, blank=True)
    special_instructions = models.TextField(blank=True, max_length=2000)
    lock_version = models.PositiveIntegerField(
        default=1, help_text="Raised by every save; a save from an older copy is refused."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="program_revision_positive", condition=Q(revision__gte=1)),
            models.CheckConstraint(name="program_title_not_blank", condition=~Q(title="")),
        ]

    def __str__(self):
        return f"{self.title} (revision {self.revision})"

    @property
    def is_current(self):
        """False once the program has been revised; a property so templates can use it.
        Costs a query unless `next_revision` was selected."""
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


class ProgramItem(Dose):
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
        return self.describe(
            work_up_to=self.exercise.work_up_to_reps, activity=self.exercise.is_activity
        )

    @property
    def estimated_seconds(self):
        return estimate_seconds(**self.dose_values())


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


class Effort(models.TextChoices):
    TOO_EASY = "easy", "Too easy"
    ABOUT_RIGHT = "right", "About right"
    TOO_HARD = "hard", "Too hard"


PAIN_MAX = 10


class ExerciseTick(models.Model):
    """The patient ticked an exercise of the program as done on one day (their clinic's
    day), on the phone page their handout's QR code opens. Kept by exercise, not by item:
    saving the editor writes the items again, and a tick must outlive that. An exercise
    the program lists twice is ticked once a day. Stays with this revision."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="ticks")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="ticks")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "day", "exercise"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "exercise", "day"], name="one_tick_per_exercise_and_day"
            ),
        ]

    def __str__(self):
        return f"{self.exercise} done on {self.day}"


class DayFeeling(models.Model):
    """The patient's answer to "How did it feel?" for one day: pain 0-10 and the effort.
    One a day per program; answering again the same day replaces it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="feelings")
    day = models.DateField()
    pain = models.PositiveSmallIntegerField(validators=[MaxValueValidator(PAIN_MAX)])
    effort = models.CharField(max_length=10, choices=Effort.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["program", "day"]
        constraints = [
            models.UniqueConstraint(fields=["program", "day"], name="one_feeling_per_day"),
            models.CheckConstraint(name="pain_0_to_10", condition=Q(pain__lte=PAIN_MAX)),
            models.CheckConstraint(
                name="effort_known", condition=Q(effort__in=[e.value for e in Effort])
            ),
        ]

    def __str__(self):
        return f"{self.day}: pain {self.pain}, {self.get_effort_display().lower()}"
