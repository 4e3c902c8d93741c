"""Protocols and templates (named starting programs) and therapists' favourite exercises."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from clinics.models import Clinic, Therapist

from .exercises import Dose, Exercise, ExerciseVariant, SupportOption
from .progressions import Progression


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
    # Who shared a clinic template from a program: they may rename or delete it from
    # My templates (a template shared by mistake), as the clinic's admin may in admin.
    shared_by = models.ForeignKey(
        Therapist,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="shared_templates",
        help_text="The therapist who shared this template with the clinic from a program.",
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
    # Shown to therapists on the library page, never printed on a handout.
    source_title = models.CharField(
        "source",
        max_length=200,
        blank=True,
        help_text="The public source the protocol's exercises and doses come from.",
    )
    source_url = models.URLField("source link", blank=True)

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


class ProtocolItem(Dose, Progression):
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
            *Progression.Meta.constraints,
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
