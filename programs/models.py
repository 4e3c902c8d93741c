from django.conf import settings
from django.db import models
from django.db.models import Q

from exercises.models import Exercise


class PaperSize(models.TextChoices):
    LETTER = "letter", "Letter"
    A4 = "a4", "A4"


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    logo = models.ImageField(upload_to="clinic-logos/", blank=True)
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.LETTER
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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


class Protocol(models.Model):
    """A named starting program a therapist copies and adjusts for one patient."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    intro = models.TextField(blank=True, help_text="A few plain sentences printed at the top.")
    general_instructions = models.TextField(
        blank=True, help_text="One instruction per line, printed as a list on the handout."
    )
    default_frequency = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProtocolItem(models.Model):
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="protocol_items")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["protocol", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "exercise"], name="exercise_once_per_protocol"
            ),
            models.CheckConstraint(name="protocol_item_order_positive", condition=Q(order__gte=0)),
        ]

    def __str__(self):
        return f"{self.protocol}: {self.exercise}"
