"""What the patient's phone page keeps: the link in a filled handout's QR code, the days
each exercise was ticked, and each day's "how did it feel"."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from handouts.models import IssuedHandout
from library.models import Exercise
from programs.models import Program


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


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


# The typed address's code, for a patient without a phone camera: 15 characters of
# Crockford's base32 (no I, L, O or U to misread), 75 random bits, printed in groups of
# five ("7K3MQ-9XD2H-TW4RB"). Typed in any case, with or without the dashes or spaces; an
# O is read as a zero and an I or L as a one.
SHORT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_LENGTH = 15
SHORT_GROUP = 5
SHORT_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def short_code(typed):
    """The short code as typed, in its one spelling (upper case, no dashes), or None
    when it cannot be one."""
    # At most a separator between groups: never a token's 24 characters.
    if not isinstance(typed, str) or len(typed) > SHORT_LENGTH + SHORT_LENGTH // SHORT_GROUP:
        return None
    code = typed.upper().translate(SHORT_MISREAD)
    if len(code) != SHORT_LENGTH or any(char not in SHORT_ALPHABET for char in code):
        return None
    return code


def hash_short_code(code):
    """An HMAC with SECRET_KEY, not a plain hash: 75 bits could be found from a plain
    SHA-256 with enough computers. (The issued PDF, and the printed link kept beside it,
    hold the code as printed: docs/phone.md.)"""
    return salted_hmac("phone.short_code", code).hexdigest()


class PatientLinkQuerySet(models.QuerySet):
    def find(self, token):
        """The link whose token (or typed short code) this is, or None. Only their hashes
        are stored: the lookup is by hash, and the hashes are compared again in constant
        time. A token (24 characters, with lower case) is never a short code's spelling."""
        code = short_code(token)
        if code is not None:
            wanted = hash_short_code(code)
            link = self.filter(short_code_hmac=wanted).first()
            if link is None or not hmac.compare_digest(link.short_code_hmac, wanted):
                return None
            return link
        if not isinstance(token, str) or not 16 <= len(token) <= 64:
            return None
        wanted = hash_token(token)
        link = self.filter(token_sha256=wanted).first()
        if link is None or not hmac.compare_digest(link.token_sha256, wanted):
            return None
        return link


class PatientLink(models.Model):
    """The address in a filled handout's QR code: the patient's phone page, with no login.
    The token (random, 144 bits) is printed in the QR code; this row keeps only its SHA-256
    (the issued PDF, and its printed copy of the link, hold it: docs/phone.md). It stops
    working when revoked, PATIENT_LINK_DAYS after it was made, or
    PATIENT_LINK_REVISED_DAYS after its program was revised (phone/links.py)."""

    handout = models.OneToOneField(
        IssuedHandout, on_delete=models.CASCADE, related_name="patient_link"
    )
    token_sha256 = models.CharField(max_length=64, unique=True)
    # The typed address's code (SITE_URL/h/<code>), printed beside the QR code, as its
    # HMAC; empty for links printed before it existed. The same link: it stops with it.
    short_code_hmac = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_patient_links",
    )

    objects = PatientLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Patient link of handout {self.handout_id}"

    def ends_at(self):
        """When the link stops working by age or revision (whichever comes first). Reads
        the handout's program and its next revision unless selected with the link."""
        ends = self.created_at + datetime.timedelta(days=settings.PATIENT_LINK_DAYS)
        try:
            revised_at = self.handout.program.next_revision.created_at
        except Program.DoesNotExist:
            return ends
        revised_ends = revised_at + datetime.timedelta(days=settings.PATIENT_LINK_REVISED_DAYS)
        return min(ends, revised_ends)

    def is_working(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and now < self.ends_at()

    @property
    def status(self):
        """For the therapist's pages: "working until ...", "revoked" or "expired"."""
        if self.revoked_at is not None:
            return "revoked"
        return "working" if self.is_working() else "expired"
