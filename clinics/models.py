"""Who the data belongs to: clinics, their therapists and their patients. Everything else
points down at these; nothing here knows the library, programs or handouts."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


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
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Where the clinic is: the patient's phone page counts days in this zone.",
    )
    # Page 1 of a filled handout: "Call us if..." and "Call 911 if...". Per language
    # (clinics/translation.py); left empty, the handout prints the defaults written in
    # handouts/services.py in the patient's language.
    call_us_if = models.TextField(
        "call us if",
        blank=True,
        help_text='One reason per line, in plain words ("You fall."). Leave empty for the '
        "defaults: a fall, sudden or new bad back pain, pain worse the next day.",
    )
    call_emergency_if = models.TextField(
        "call the emergency number if",
        blank=True,
        help_text="One reason per line. Leave empty for the defaults: chest pain or trouble "
        "breathing; dizziness, numbness or weakness that does not pass.",
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
        # The name in lower case, as the library search does (library.models).
        matches = Q(search_name__contains=text.lower()) | Q(chart_number__iexact=text)
        # Conditions live in the library, above this layer: reached through the relation.
        condition = self.model._meta.get_field("conditions").related_model
        conditions = list(
            condition.objects.filter(name__icontains=text).values_list("pk", flat=True)
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
