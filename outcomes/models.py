"""Outcome measures as data. A measure is a questionnaire: its items and answer scale, how
its score is reached, its minimal important change (MIC) and which way is better. Three are
built in (migrations/0002_builtin_measures.py: PSFS, NPRS, Global Rating of Change); a
clinic admin adds the clinic's own in admin. A program says which it asks and when; the
patient's answers belong to the patient (their course of care), whichever revision asked."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clinics.models import Clinic, Patient
from library.models import Protocol
from programs.models import Program


class Scoring(models.TextChoices):
    SUM = "sum", "Sum of the answers"
    MEAN = "mean", "Mean of the answers"
    PERCENT = "percent", "Percent of the maximum"


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "A higher score is better"
    LOWER_IS_BETTER = "lower", "A lower score is better"


class Kind(models.TextChoices):
    ITEMS = "items", "Fixed items"
    ACTIVITIES = "activities", "Activities the patient names (PSFS)"


class Flag(models.TextChoices):
    BETTER = "better", "Better by more than the minimal important change"
    SAME = "same", "No meaningful change"
    WORSE = "worse", "Worse"


class MeasureQuerySet(models.QuerySet):
    def for_clinic(self, clinic_id):
        """The built-in measures and this clinic's own."""
        return self.filter(Q(clinic__isnull=True) | Q(clinic_id=clinic_id))


class Measure(models.Model):
    """A questionnaire. Built-in ones have no clinic; a clinic's own are seen by it alone."""

    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="Blank for a built-in measure every clinic uses.",
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=20, help_text="For charts and tables: “PSFS”.")
    instructions = models.TextField(
        max_length=1000, blank=True, help_text="What the patient reads before the items."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ITEMS)
    min_activities = models.PositiveSmallIntegerField(
        default=3, help_text="For a PSFS-like measure: how many activities at least."
    )
    max_activities = models.PositiveSmallIntegerField(default=5)
    scale_min = models.SmallIntegerField(default=0, help_text="The lowest answer.")
    scale_max = models.SmallIntegerField(default=10, help_text="The highest answer.")
    low_label = models.CharField(
        max_length=80, blank=True, help_text="What the lowest answer means: “No pain”."
    )
    high_label = models.CharField(max_length=80, blank=True)
    scoring = models.CharField(max_length=10, choices=Scoring.choices, default=Scoring.MEAN)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    mic = models.DecimalField(
        "minimal important change",
        max_digits=6,
        decimal_places=2,
        help_text="The smallest change in the score that matters to a patient, in the "
        "score's own units, from the measure's published studies.",
    )
    rates_change = models.BooleanField(
        default=False,
        help_text="The answer is itself a change since the start (a global rating of "
        "change): its flag reads the latest score, not latest minus first.",
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the measure and its MIC come from."
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["clinic_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(clinic__isnull=True), name="measure_builtin_slug"
            ),
            models.UniqueConstraint(fields=["clinic", "slug"], name="measure_clinic_slug"),
            models.CheckConstraint(
                name="measure_scale_rises", condition=Q(scale_min__lt=F("scale_max"))
            ),
            models.CheckConstraint(name="measure_mic_positive", condition=Q(mic__gt=0)),
            models.CheckConstraint(
                name="measure_activities_range",
                condition=Q(min_activities__gte=1, min_activities__lte=F("max_activities")),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def higher_is_better(self):
        return self.direction == Direction.HIGHER_IS_BETTER

    def score(self, values):
        """The score of one answer set's values (ints on the scale), two decimals."""
        values = [Decimal(value) for value in values]
        if not values:
            raise ValueError("A score needs at least one answer.")
        if self.scoring == Scoring.SUM:
            score = sum(values)
        elif self.scoring == Scoring.MEAN:
            score = sum(values) / len(values)
        else:
            span = Decimal(self.scale_max - self.scale_min) * len(values)
            score = 100 * (sum(values) - self.scale_min * len(values)) / span
        return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def flag(self, first, last):
        """Better, same or worse: the change from the first score to the last against the
        MIC, in the direction that is better (for a rating of change, the last score)."""
        change = last if self.rates_change else last - first
        gain = change if self.higher_is_better else -change
        if gain >= self.mic:
            return Flag.BETTER
        if gain <= -self.mic:
            return Flag.WORSE
        return Flag.SAME


class MeasureItem(models.Model):
    """One question of a fixed-item measure, answered on the measure's scale."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["measure", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "order"], name="measure_item_order"),
        ]

    def __str__(self):
        return self.text


class Every(models.Model):
    """When a measure is asked: at the start, every N days, at discharge. Shared by the
    protocol's defaults and the program's own schedule."""

    at_start = models.BooleanField(default=True)
    every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Ask again every this many days; blank: not again."
    )
    at_discharge = models.BooleanField(default=True)

    class Meta:
        abstract = True

    @property
    def is_asked(self):
        """False for a program's row that keeps a measure off its schedule (all three
        unset): a program with only such rows asks nothing, instead of the defaults."""
        return bool(self.at_start or self.every_days or self.at_discharge)


class ProtocolMeasure(Every):
    """A protocol's default: a program made from it asks this measure on this schedule."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="protocols")

    class Meta:
        ordering = ["protocol", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "measure"], name="protocol_measure_once"),
            models.CheckConstraint(
                name="protocol_measure_every_positive",
                condition=Q(every_days__isnull=True) | Q(every_days__gte=1),
            ),
        ]

    def __str__(self):
        return f"{self.measure} in {self.protocol}"


class ProgramMeasure(Every):
    """A program asks this measure on this schedule (copied to each revision)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="programs")

    class Meta:
        ordering = ["program", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["program", "measure"], name="program_measure_once"),
            models.CheckConstraint(
                name="program_measure_every_positive",
                condition=Q(every_days__isnull=True) | Q(every_days__gte=1),
            ),
        ]

    def __str__(self):
        return f"{self.measure} in {self.program}"


class Discharge(models.Model):
    """The therapist discharged the patient from this program: from `day` on the phone page
    asks the measures its schedule asks at discharge (once each), and nothing else of the
    schedule. A later revision or a new program starts asking again."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="discharge")
    day = models.DateField()
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discharges",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.program} discharged on {self.day}"


class Activity(models.Model):
    """An activity the patient named for a PSFS-like measure ("climbing the stairs at
    home"), named once at the start and asked again at each later ask. Patient data."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="activities")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="activities")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["patient", "measure", "order", "pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "measure", "order"], name="activity_order_once"
            ),
            models.CheckConstraint(name="activity_named", condition=~Q(name="")),
        ]

    def __str__(self):
        return self.name


class Source(models.TextChoices):
    PHONE = "phone", "The patient, on the phone page"
    VISIT = "visit", "The therapist, at the visit"


class AnswerSet(models.Model):
    """One time the patient answered one measure: the day, who entered it, its score
    (reckoned once from the answers when saved, services.record_answers). Patient data:
    kept with the patient across program revisions; the program says which one asked."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="answer_sets")
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="answer_sets"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="answer_sets")
    day = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entered_answer_sets",
    )
    score = models.DecimalField(max_digits=7, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["patient", "measure", "day", "pk"]
        indexes = [models.Index(fields=["patient", "day"], name="answer_set_patient_day")]

    def __str__(self):
        return f"{self.measure.short_name} on {self.day}: {self.score}"


class Answer(models.Model):
    """One answer of a set: to a fixed item, or about one of the patient's activities."""

    answer_set = models.ForeignKey(AnswerSet, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        MeasureItem, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    value = models.SmallIntegerField()

    class Meta:
        ordering = ["answer_set", "pk"]
        constraints = [
            models.CheckConstraint(
                name="answer_to_item_or_activity",
                condition=Q(item__isnull=False, activity__isnull=True)
                | Q(item__isnull=True, activity__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.item or self.activity}: {self.value}"
