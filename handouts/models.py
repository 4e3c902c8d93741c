import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models

from programs.models import Program


class Mode(models.TextChoices):
    FILLED = "filled", "Filled in"
    FULL = "full", "Full sheet"
    BLANK = "blank", "Blank form"


def handout_path(instance, filename):
    """A random name: the path says nothing about the patient. Handouts issued before
    their PDFs moved into the database (migration 0002) were stored under such names."""
    return f"handouts/{uuid.uuid4().hex}.pdf"


# What the phone app provides (phone/apps.py, through core.hooks): a new patient link for
# a filled handout. Named here, not in services.py, so that starting Django (every manage.py
# command) does not load WeasyPrint, about 0.6 s of CPU.
PATIENT_LINK = "handouts.patient_link"


class MissingPDF(Exception):
    """An issued handout whose stored PDF is not in the database."""


class IssuedHandout(models.Model):
    """What a patient was given, frozen: editing the library or the program later changes
    neither the snapshot nor the stored PDF. The PDF's bytes live beside the row in
    HandoutPDF, written in the same transaction (services.issue_handout)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="handouts")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    large_print = models.BooleanField(default=False)
    snapshot = models.JSONField(help_text="Every word and number printed on the handout.")
    sha256 = models.CharField("SHA-256", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issued_handouts"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.program} ({self.get_mode_display().lower()}), {self.issued_at:%Y-%m-%d}"

    def read_pdf(self):
        """The stored bytes (one query). Raises MissingPDF when the row has none."""
        data = HandoutPDF.objects.filter(handout_id=self.pk).values_list("data", flat=True)
        data = data.first()
        if data is None:
            raise MissingPDF(f"Handout {self.pk} has no stored PDF.")
        return bytes(data)

    def printed_link(self):
        """The patient link's QR code and typed address as printed on this handout (one
        query): ("", "") when it printed none, or was issued before they were kept."""
        link = HandoutPDF.objects.filter(handout_id=self.pk).values_list("qr_code", "address")
        return link.first() or ("", "")

    def bytes_match(self, pdf):
        return hmac.compare_digest(hashlib.sha256(pdf).hexdigest(), self.sha256)

    def hash_matches(self):
        return self.bytes_match(self.read_pdf())


class HandoutPDF(models.Model):
    """The issued PDF's bytes (about 40-60 KB), in a table of their own so that the lists
    of handouts (the patient page) never read them; only a download or export does.

    In the database rather than in files, so that a handout and its PDF are written in
    one transaction (no crash leaves one without the other), a backup of the database
    holds them, and any app server can serve them.

    A filled handout's patient link is kept here as printed (its QR code and typed
    address), so the handout renders again to the same bytes (render_handout --issued).
    The link is a bearer credential, but these bytes print it already: kept beside them,
    in the same row, it is readable by exactly who can read the PDF (docs/handouts.md)."""

    handout = models.OneToOneField(
        IssuedHandout, on_delete=models.CASCADE, primary_key=True, related_name="stored_pdf"
    )
    data = models.BinaryField()
    qr_code = models.TextField(
        blank=True, help_text="The patient link's QR code as printed (an SVG data: URL)."
    )
    # A TextField: SITE_URL may be of any length.
    address = models.TextField(
        blank=True, help_text="The patient link's address as printed, to type."
    )

    class Meta:
        verbose_name = "handout PDF"

    def __str__(self):
        return f"PDF of handout {self.handout_id}"
