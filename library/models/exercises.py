import re

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clinics.models import (
    Folded,
    FoldedContains,
    TableColumn,
    has_trigram,
    indexed_rowids,
    search_words,
)
from clinics.search_index import DOCUMENT, EXERCISE_FTS, index_settles

MAX_REPS = 100
MAX_SETS = 10
MAX_HOLD_SECONDS = 120
MAX_STAY_MINUTES = 60


class Position(models.TextChoices):
    # Translated: printed on the handout in the patient's language.
    LYING_ON_BACK = "back", _("Lying on back")
    LYING_FACE_DOWN = "face_down", _("Lying face down")
    LYING_ON_SIDE = "side", _("Lying on side")
    HANDS_AND_KNEES = "hands_knees", _("Hands and knees")
    SITTING = "sitting", _("Sitting")
    STANDING = "standing", _("Standing")


class Kind(models.TextChoices):
    STRETCH = "stretch", "Stretch"
    STRENGTHENING = "strengthening", "Strengthening"
    POSTURE = "posture", "Posture"
    BALANCE = "balance", "Balance"
    MOBILITY = "mobility", "Mobility"
    WEIGHT_BEARING = "weight_bearing", "Weight-bearing"
    AEROBIC = "aerobic", "Aerobic"


class Side(models.TextChoices):
    NONE = "", "No side"
    EACH_LEG = "leg", "with each leg"
    EACH_ARM = "arm", "with each arm"
    EACH_SIDE = "side", "to each side"


class Picture(models.TextChoices):
    DRAWING = "drawing", "Drawing"
    PHOTO = "photo", "Photo"


class SlugManager(models.Manager):
    """Lets fixtures name rows by slug instead of by primary key."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKey:
    def natural_key(self):
        return (self.slug,)


class NamedList(SlugNaturalKey, models.Model):
    """A short list an admin keeps (body regions, movement tags, supports, conditions): a
    unique name and slug, listed by name, named by slug in fixtures."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    objects = SlugManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyRegion(NamedList):
    pass


class MovementTag(NamedList):
    """A kind of movement that a condition may caution against (spinal flexion, impact...)."""

    description = models.CharField(
        max_length=200, blank=True, help_text="What counts as this movement, for the admin."
    )


class SupportOption(NamedList):
    """Something placed under the body for comfort, ticked on the handout ("Head and neck")."""


# A search's order: every word in the name first, then by name (ExerciseQuerySet.search).
NAME_FIRST = ("name_rank", "name", "pk")


class ExerciseQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        # Fixtures name the shared base library's rows; a clinic's copy may share the slug.
        return self.get(slug=slug, clinic__isnull=True)

    def base(self):
        """The install's shared base library, kept by the site administrators."""
        return self.filter(clinic__isnull=True)

    def visible_to(self, clinic):
        """What a clinic's therapists may search, open and add: the base library less the
        exercises the clinic hid or replaced with a copy of its own, plus the clinic's own
        rows. Two subqueries, no join: the row count stays one per exercise.

        `clinic` may be a Clinic or its id; None (a user without a clinic) sees the base."""
        if clinic is None:
            return self.filter(clinic__isnull=True)
        clinic_id = getattr(clinic, "pk", clinic)
        hidden = Exercise.hidden_in_clinics.through.objects.filter(clinic_id=clinic_id).values(
            "exercise_id"
        )
        replaced = Exercise.objects.filter(clinic_id=clinic_id, based_on__isnull=False).values(
            "based_on_id"
        )
        return self.filter(
            Q(clinic_id=clinic_id)
            | (Q(clinic__isnull=True) & ~Q(pk__in=hidden) & ~Q(pk__in=replaced))
        )

    def with_parts(self):
        """Everything a patient-facing card shows, in one query per related table."""
        return self.prefetch_related(
            "steps", "tips", "benefits", "variants", "regions", "movement_tags", "support_options"
        )

    def active(self):
        return self.filter(archived=False)

    def search(self, text):
        """Exercises with every word somewhere in their name, summary or one of their
        steps, in any order, accents folded ("zoe" finds Zoë, clinics.models.Folded), those
        with every word in the name first. Steps are matched in a subquery a word, not a
        join: a join repeats an exercise once per matching step and needs DISTINCT, which
        made the database sort every match twice (count and page) on a large library.

        On SQLite a word must also begin a word of the text ("hams" finds Hamstring,
        "string" does not): the full-text index finds the candidates. PostgreSQL finds a
        word anywhere, in one document an exercise that holds the three, whose trigram
        index serves every word (docs/performance.md); its first ids are read through
        first_ids(), the name's matches apart from the others."""
        words = search_words(text)
        if not words:
            return self
        if connections[self.db].vendor == "postgresql":
            # The document (clinics.search_index.DOCUMENT): a column the triggers keep,
            # not a field of the model.
            document = TableColumn(DOCUMENT)
            matches = Q(*(FoldedContains(document, word) for word in words))
            return self._name_first(matches, words)
        # On SQLite the full-text index (clinics.search_index) first finds the exercises
        # with every word's beginning in their name, summary or steps; the folded matches
        # below then run on those alone, for the words the index does not settle (a word
        # in every exercise's steps made those matches most of a search's time).
        rowids = indexed_rowids(self.db, EXERCISE_FTS, words)
        matches = Q(pk__in=rowids) if rowids is not None else Q()
        for word in words:
            if rowids is not None and index_settles(word):
                continue
            steps = ExerciseStep.objects.filter(FoldedContains(F("search_text"), word))
            if rowids is not None:  # the candidates' steps alone, by their index
                steps = ExerciseStep.objects.filter(
                    Q(exercise_id__in=rowids) & Q(FoldedContains(F("search_text"), word))
                )
            matches &= (
                Q(FoldedContains(F("search_name"), word))
                | Q(FoldedContains(F("search_summary"), word))
                | Q(pk__in=steps.values("exercise_id"))
            )
        return self._name_first(matches, words)

    def _name_first(self, matches, words):
        in_name = Q(*(FoldedContains(F("search_name"), word) for word in words))
        name_first = models.Case(
            models.When(in_name, then=models.Value(0)), default=models.Value(1)
        )
        searched = self.filter(matches)
        # Named for first_ids(), which reads the two parts apart (not selected). Only when
        # the trigram index finds the matches: without it each part would read every
        # exercise, and one ORDER BY reads them once.
        if connections[self.db].vendor == "postgresql" and any(map(has_trigram, words)):
            searched = searched.alias(
                in_name=models.ExpressionWrapper(in_name, output_field=models.BooleanField())
            )
        return searched.annotate(name_rank=name_first).order_by(*NAME_FIRST)

    def first_ids(self, count):
        """The ids of the first `count` rows in the queryset's order
        (core.pagination.OnePassPaginator reads a search's ids with it).

        On PostgreSQL a search in its name-first order (search()) reads them part by part,
        each in name order and cut where the pages end: the matches with every word in
        their name first, then, only when those do not fill the pages, the other matches
        (one statement, or two). One ORDER BY read and sorted every match for the first
        481; each part can stop early: a word in many names ("knee") is answered by the
        first part alone, and a word in every exercise's steps but no name ("slowly") by
        the index of the names (library 0010) read in order until the pages are full. A
        part with few matches is found through the trigram indexes and sorted, as before,
        a little more than one statement in all. The same ids in the same order
        (docs/performance.md, eighth round). Other orders, SQLite, and a search whose words
        have no trigram (search()) read the ids in one statement, as they are."""
        ids = self.values_list("pk", flat=True)
        # search()'s order, as it stands: modeltranslation spells "name" as name_en.
        searched = self.query.order_by == self.order_by(*NAME_FIRST).query.order_by
        if "in_name" not in self.query.annotations or not searched:
            return list(ids[:count])
        by_name = ids.order_by(*NAME_FIRST[1:])
        found = list(by_name.filter(in_name=True)[:count])
        if len(found) < count:
            # An exercise renamed between the two statements may be in both: listed once.
            first = set(found)
            rest = by_name.filter(in_name=False)[: count - len(found)]
            found += [pk for pk in rest if pk not in first]
        return found


class Dose(models.Model):
    """How much of an exercise: the library's defaults, or one program item's own numbers."""

    DOSE_FIELDS = [
        "hold_min_seconds",
        "hold_max_seconds",
        "reps",
        "sets",
        "side",
        "stay_minutes",
    ]

    hold_min_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_HOLD_SECONDS)],
        help_text="Shortest hold in seconds, e.g. 2 in 'Hold 2 to 3 seconds'. Blank for no hold.",
    )
    hold_max_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_HOLD_SECONDS)],
        help_text="Longest hold in seconds; same as the shortest for a single number.",
    )
    reps = models.PositiveSmallIntegerField(
        "repetitions",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)],
        help_text="Default number of times. Blank for a position you stay in or an activity.",
    )
    sets = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    side = models.CharField(
        max_length=10,
        choices=Side.choices,
        blank=True,
        default=Side.NONE,
        help_text="Done on each leg, arm or side in turn.",
    )
    stay_minutes = models.PositiveSmallIntegerField(
        "stay in position (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_STAY_MINUTES)],
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_reps_in_range",
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=MAX_REPS),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_sets_in_range",
                condition=Q(sets__gte=1, sets__lte=MAX_SETS),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_hold_range_valid",
                condition=Q(hold_min_seconds__isnull=True, hold_max_seconds__isnull=True)
                | Q(
                    hold_min_seconds__isnull=False,
                    hold_max_seconds__isnull=False,
                    hold_min_seconds__lte=models.F("hold_max_seconds"),
                    hold_max_seconds__lte=MAX_HOLD_SECONDS,
                ),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_stay_minutes_in_range",
                condition=Q(stay_minutes__isnull=True)
                | Q(stay_minutes__gte=1, stay_minutes__lte=MAX_STAY_MINUTES),
            ),
        ]

    def dose_values(self):
        return {name: getattr(self, name) for name in self.DOSE_FIELDS}

    def describe(self, *, work_up_to=None, activity=False):
        return describe_dose(
            hold_min=self.hold_min_seconds,
            hold_max=self.hold_max_seconds,
            reps=self.reps,
            sets=self.sets,
            side=self.side,
            stay_minutes=self.stay_minutes,
            work_up_to=work_up_to,
            activity=activity,
        )


# Plain folder and file names joined by "/", ending in ".svg": no "..", "." or hidden names
# (a name starts with a letter, digit, "-" or "_"), no leading "/" or "\", no scheme, no
# backslash, NUL or empty name. The static finders raise SuspiciousFileOperation for a path
# that leaves the static folders, which broke every handout printing the exercise.
ILLUSTRATION_PATH = re.compile(
    r"(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.svg"
)


def validate_illustration_path(value):
    if not ILLUSTRATION_PATH.fullmatch(str(value)):
        raise ValidationError(
            "Name an SVG file among the static files by a plain path, like "
            "img/exercises/bridge.svg: names of letters, digits, '-', '_' and '.' joined by '/'.",
            code="invalid_illustration",
        )


def illustration_url(name):
    """The drawing's static URL, or None for a name the field refuses or, in production, one
    missing from the collected files' manifest (where static() raises ValueError)."""
    try:
        validate_illustration_path(name)
        return static(name)
    except (ValidationError, ValueError):
        return None


class IllustrationField(models.CharField):
    """A CharField whose form field runs the model field's own validators. A ModelForm runs
    model validators only after its clean_<field>(), and a clean_illustration() that looks
    the name up among the static files would meet SuspiciousFileOperation (answered with a
    bare 400) for '../x.svg' before the validator could make it a form error."""

    def formfield(self, **kwargs):
        return super().formfield(**{"validators": self._validators, **kwargs})


POSITION_LABELS = dict(Position.choices)
KIND_LABELS = dict(Kind.choices)


class Exercise(SlugNaturalKey, Dose):
    """A library exercise; its dose fields are the defaults a new program item starts with."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, help_text="Short name used in links.")
    clinic = models.ForeignKey(
        "clinics.Clinic",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_exercises",
        help_text="The clinic that owns this exercise; blank for the shared base library.",
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinic_copies",
        help_text="The base exercise this clinic's copy replaces in that clinic.",
    )
    summary = models.CharField(max_length=160, help_text="One plain sentence: what it does.")
    # Folded copies the database keeps for the library search (see search()).
    search_name = models.GeneratedField(
        expression=Folded("name"), output_field=models.CharField(max_length=80), db_persist=True
    )
    search_summary = models.GeneratedField(
        expression=Folded("summary"),
        output_field=models.CharField(max_length=160),
        db_persist=True,
    )
    position = models.CharField(
        "starting position", max_length=20, choices=Position.choices, db_index=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    regions = models.ManyToManyField(BodyRegion, related_name="exercises", blank=True)
    movement_tags = models.ManyToManyField(
        MovementTag,
        related_name="exercises",
        blank=True,
        help_text="Set truthfully: the caution check compares these with the patient's conditions.",
    )
    support_options = models.ManyToManyField(
        SupportOption,
        related_name="exercises",
        blank=True,
        help_text="Supports the therapist may tick on the handout.",
    )
    # Declared on this side so the relation points down at clinics; a clinic reads it as
    # `clinic.hidden_exercises`.
    hidden_in_clinics = models.ManyToManyField(
        "clinics.Clinic",
        blank=True,
        related_name="hidden_exercises",
        help_text="Clinics that do not use this base exercise: their therapists do not see it.",
    )

    work_up_to_reps = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)],
        help_text="Goal to build up to, e.g. 25 in 'Work up to 25 times'.",
    )
    take_care = models.TextField(
        "take care",
        blank=True,
        help_text="What the patient should watch out for, in plain words (printed under "
        "'Take care').",
    )

    illustration = IllustrationField(
        "shipped drawing",
        max_length=200,
        blank=True,
        validators=[validate_illustration_path],
        help_text="Static path of a drawing that comes with the install, e.g. "
        "img/exercises/bridge.svg. An uploaded drawing is shown instead.",
    )
    # Uploads are checked and get a random name on the way in (core/uploads.py): a drawing
    # with script, event handlers or outside links is refused; a photo is re-encoded.
    drawing = models.FileField(
        "uploaded drawing",
        upload_to="exercise-drawings/",
        blank=True,
        help_text="An SVG line drawing. Shown instead of the shipped drawing.",
    )
    photo = models.ImageField(
        upload_to="exercise-photos/",
        blank=True,
        help_text="A JPEG, PNG or WebP photo. Handouts print it in black and white.",
    )
    picture = models.CharField(
        "picture to show",
        max_length=10,
        choices=Picture.choices,
        default=Picture.DRAWING,
        help_text="Which picture the library and the handout show.",
    )
    illustration_alt = models.CharField(
        "picture text",
        max_length=200,
        help_text="Describes the picture for people who cannot see it.",
    )
    video_url = models.URLField("video link", blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Who wrote or drew this.")
    # Shown to therapists on the library page, never printed on a handout.
    source_title = models.CharField(
        "source",
        max_length=200,
        blank=True,
        help_text="The public source the exercise's facts come from, e.g. 'AAOS OrthoInfo: "
        "Knee Conditioning Program'. Shown to therapists, not printed.",
    )
    source_url = models.URLField("source link", blank=True)
    archived = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Archived exercises stay on old programs but cannot be added to new ones.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta(Dose.Meta):
        ordering = ["name"]
        # Clinic admins add and change their own clinic's rows; this one is for the shared
        # base library (clinic blank): the "Library editors" group and the operator.
        permissions = [("edit_base_library", "Can add and change the shared base library")]
        constraints = [
            *Dose.Meta.constraints,
            models.CheckConstraint(
                name="exercise_work_up_to_above_reps",
                condition=Q(work_up_to_reps__isnull=True)
                | Q(reps__isnull=True)
                | Q(work_up_to_reps__gte=models.F("reps")),
            ),
            models.CheckConstraint(name="exercise_name_not_blank", condition=~Q(name="")),
            # A slug and a name are unique within their library: the base library, or one
            # clinic's own rows. A clinic's customised copy keeps its base exercise's slug.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(clinic__isnull=True),
                name="exercise_base_slug_unique",
                violation_error_message="The base library already has an exercise with this slug.",
            ),
            models.UniqueConstraint(
                fields=["clinic", "slug"],
                name="exercise_clinic_slug_unique",
                violation_error_message="Your clinic already has an exercise with this slug.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(clinic__isnull=True),
                name="exercise_base_name_unique",
                violation_error_message="The base library already has an exercise with this name.",
            ),
            models.UniqueConstraint(
                "clinic",
                Lower("name"),
                name="exercise_clinic_name_unique",
                violation_error_message="Your clinic already has an exercise with this name.",
            ),
            # One customised copy of a base exercise per clinic.
            models.UniqueConstraint(
                fields=["clinic", "based_on"],
                name="exercise_one_copy_per_clinic",
                violation_error_message="Your clinic already has its own copy of this exercise.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The database constraints keep these rules too; here they become messages next to
        # the field in admin instead of a form-wide error.
        low, high = self.hold_min_seconds, self.hold_max_seconds
        if (low is None) != (high is None):
            field = "hold_max_seconds" if high is None else "hold_min_seconds"
            raise ValidationError(
                {field: "Give both the shortest and the longest hold, or neither."}
            )
        if low is not None and low > high:
            raise ValidationError(
                {"hold_max_seconds": "The longest hold must be at least the shortest hold."}
            )
        if self.work_up_to_reps and self.reps and self.work_up_to_reps < self.reps:
            raise ValidationError(
                {"work_up_to_reps": "The goal must be at least the starting number of times."}
            )
        if self.picture == Picture.PHOTO and not self.photo:
            raise ValidationError({"photo": "Upload a photo, or choose to show the drawing."})
        if self.picture == Picture.DRAWING and not (self.drawing or self.illustration):
            raise ValidationError({"drawing": "Upload a drawing, or choose to show the photo."})

    @property
    def is_activity(self):
        return self.kind == Kind.AEROBIC

    @property
    def default_dose(self):
        return self.describe(work_up_to=self.work_up_to_reps, activity=self.is_activity)

    @property
    def illustration_url(self):
        return illustration_url(self.illustration)

    @property
    def shown_upload(self):
        """The uploaded file the pages and the handout show: the photo when chosen, else an
        uploaded drawing; None when the shipped drawing is shown."""
        if self.picture == Picture.PHOTO and self.photo:
            return self.photo
        return self.drawing or None

    # Django's get_FOO_display hashes every choice, translating each lazy label, at each
    # call (about 20 µs; two a library card, 48 a page). The same words, from dicts made once.
    def get_position_display(self):
        return str(POSITION_LABELS.get(self.position, self.position))

    def get_kind_display(self):
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def picture_url(self):
        """The URL of the picture pages show (see shown_upload); None when there is none."""
        upload = self.shown_upload
        return upload.url if upload else self.illustration_url

    def illustration_exists(self):
        """False for a path the field refuses, without asking the static finders (which
        raise for one); otherwise looks the file up (file system)."""
        try:
            validate_illustration_path(self.illustration)
        except ValidationError:
            return False
        return finders.find(self.illustration) is not None

    def in_use(self):
        """True when a program or protocol points at this exercise (one query per relation).

        Those relations use PROTECT, so such an exercise can only be archived."""
        for relation in self._meta.related_objects:
            if relation.on_delete is models.PROTECT:
                accessor = relation.get_accessor_name()
                if getattr(self, accessor).exists():
                    return True
        return False


class OrderedText(models.Model):
    """A numbered line of an exercise: a step, a tip or a benefit."""

    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=400)

    class Meta:
        abstract = True
        ordering = ["exercise", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.text}"


class ExerciseStep(OrderedText):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    search_text = models.GeneratedField(  # for the library search, as Exercise.search_name
        expression=Folded("text"), output_field=models.CharField(max_length=400), db_persist=True
    )

    class Meta(OrderedText.Meta):
        constraints = [models.CheckConstraint(name="step_text_not_blank", condition=~Q(text=""))]


class ExerciseTip(OrderedText):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="tips")

    class Meta(OrderedText.Meta):
        constraints = [models.CheckConstraint(name="tip_text_not_blank", condition=~Q(text=""))]


class ExerciseBenefit(OrderedText):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="benefits")

    class Meta(OrderedText.Meta):
        constraints = [models.CheckConstraint(name="benefit_text_not_blank", condition=~Q(text=""))]


class ExerciseVariant(models.Model):
    """A version the therapist ticks on the handout: 'If your chin tilts up: tuck it in...'."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="variants")
    order = models.PositiveSmallIntegerField(default=1)
    when = models.CharField(
        max_length=200, help_text="When to use it, e.g. 'If your chin tilts up'."
    )
    instruction = models.CharField("then", max_length=400, help_text="What to do then.")

    class Meta:
        ordering = ["exercise", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="variant_text_not_blank", condition=~Q(when="") & ~Q(instruction="")
            )
        ]

    def __str__(self):
        return self.when


class Condition(NamedList):
    """A diagnosis a patient may have, carrying the movement cautions that come with it."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    # Declared on this side so the relation points down at clinics; a patient reads it as
    # `patient.conditions`.
    patients = models.ManyToManyField("clinics.Patient", related_name="conditions", blank=True)


class ConditionCautionQuerySet(models.QuerySet):
    def met_by(self, exercise_ids):
        """The cautions whose movement tag one of these exercises carries, each with the
        `exercise_id` that meets it (a caution met by two exercises comes twice), and its
        condition and tag joined in. The annotation reuses the filter's join to the
        exercise-tag table, so this stays one query."""
        return (
            self.filter(movement_tag__exercises__in=exercise_ids)
            .annotate(exercise_id=models.F("movement_tag__exercises"))
            .select_related("condition", "movement_tag")
            .order_by("condition__name", "movement_tag__name")
        )


class ConditionCaution(models.Model):
    """A rule: exercises with this movement tag call for care with this condition. The
    program editor warns when an item meets one; the therapist may still keep the item."""

    class Severity(models.TextChoices):
        CAUTION = "caution", "Use caution"
        AVOID = "avoid", "Avoid"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="caution_rules")
    movement_tag = models.ForeignKey(
        MovementTag, on_delete=models.PROTECT, related_name="condition_cautions"
    )
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.CAUTION)
    message = models.CharField(
        max_length=300, help_text="What the therapist is told when a program item conflicts."
    )
    source = models.CharField(max_length=300, help_text="Where the rule comes from.")
    source_url = models.URLField("source link", blank=True)

    objects = ConditionCautionQuerySet.as_manager()

    class Meta:
        ordering = ["condition", "movement_tag"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "movement_tag"], name="one_caution_per_condition_and_tag"
            )
        ]

    def __str__(self):
        return f"{self.condition}: {self.movement_tag}"


# A number left for the therapist to write in by hand (the blank form).
BLANK = "________"


def _sentence(value, counted, blank):
    """One whole sentence about a number in the active language: `counted` in the form the
    language's plural rule picks for the number, or `blank` with a line to write on."""
    if value == BLANK:
        return str(blank % {"blank": BLANK})
    return str(counted % {"count": value})


# Each sentence is whole, so every language writes its own word order and agreement
# ("Repeat 10 times with each leg." / "Repita 10 veces con cada pierna."). The lazy
# strings are translated when formatted, in the language active then.
REPEAT = {
    Side.NONE: (
        ngettext_lazy("Repeat once.", "Repeat %(count)s times.", "count"),
        _("Repeat %(blank)s times."),
    ),
    Side.EACH_LEG: (
        ngettext_lazy(
            "Repeat once with each leg.", "Repeat %(count)s times with each leg.", "count"
        ),
        _("Repeat %(blank)s times with each leg."),
    ),
    Side.EACH_ARM: (
        ngettext_lazy(
            "Repeat once with each arm.", "Repeat %(count)s times with each arm.", "count"
        ),
        _("Repeat %(blank)s times with each arm."),
    ),
    Side.EACH_SIDE: (
        ngettext_lazy("Repeat once to each side.", "Repeat %(count)s times to each side.", "count"),
        _("Repeat %(blank)s times to each side."),
    ),
}
HOLD = ngettext_lazy(
    "Hold %(count)s second, then relax.", "Hold %(count)s seconds, then relax.", "count"
)
HOLD_RANGE = _("Hold %(low)s to %(high)s seconds, then relax.")
SETS = (
    ngettext_lazy("Do %(count)s set.", "Do %(count)s sets.", "count"),
    _("Do %(blank)s sets."),
)
WORK_UP_TO = (
    ngettext_lazy("Work up to %(count)s time.", "Work up to %(count)s times.", "count"),
    _("Work up to %(blank)s times."),
)
KEEP_GOING = (
    ngettext_lazy("Keep going for %(count)s minute.", "Keep going for %(count)s minutes.", "count"),
    _("Keep going for %(blank)s minutes."),
)
STAY = (
    ngettext_lazy(
        "Stay in this position for %(count)s minute.",
        "Stay in this position for %(count)s minutes.",
        "count",
    ),
    _("Stay in this position for %(blank)s minutes."),
)


def describe_dose(
    *,
    hold_min=None,
    hold_max=None,
    reps=None,
    sets=1,
    side="",
    stay_minutes=None,
    work_up_to=None,
    activity=False,
):
    """The dose as the handout prints it, in the active language: 'Hold 2 to 3 seconds,
    then relax. Repeat 10 times with each leg.' Shared by the library's defaults and a
    program item's own numbers. Any number but the hold may be BLANK (the blank form)."""
    sentences = []
    if hold_min is not None:
        if hold_min == hold_max:
            sentences.append(str(HOLD % {"count": hold_min}))
        else:
            sentences.append(str(HOLD_RANGE % {"low": hold_min, "high": hold_max}))
    if reps:
        sentences.append(_sentence(reps, *REPEAT[Side(side or Side.NONE)]))
    if sets and sets != 1:  # a number above 1, or a blank to fill in by hand
        sentences.append(_sentence(sets, *SETS))
    if work_up_to:
        sentences.append(_sentence(work_up_to, *WORK_UP_TO))
    if stay_minutes:
        sentences.append(_sentence(stay_minutes, *(KEEP_GOING if activity else STAY)))
    return " ".join(sentences)
