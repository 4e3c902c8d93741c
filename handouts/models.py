import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models

from programs.models import Program

from .storage import get_private_storage


class Mode(models.TextChoices):
    FILLED = "filled", "Filled in"
    FULL = "full", "Full sheet"
    BLANK = "blank", "Blank form"


def handout_path(instance, filename):
    """A random name: the path says nothing about the patient."""
    return f"handouts/{uuid.uuid4().hex}.pdf"


class IssuedHandout(models.Model):
    """What a patient was given, frozen: editing the library or the program later changes
    neither the snapshot nor the stored PDF."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="handouts")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    large_print = models.BooleanField(default=False)
    snapshot = models.JSONField(help_text="Every word and number printed on the handout.")
    pdf = models.FileField(upload_to=handout_path, storage=get_private_storage)
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
        """The stored bytes (one read from the media store)."""
        with self.pdf.open("rb") as stored:
            return stored.read()

    def bytes_match(self, pdf):
        return hmac.compare_digest(hashlib.sha256(pdf).hexdigest(), self.sha256)

    def hash_matches(self):
        return self.bytes_match(self.read_pdf())
