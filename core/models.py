from django.db import models
from django.utils import timezone


class StoredFile(models.Model):
    """An uploaded file by its storage name: an exercise's drawing or photo (and the photo's
    print copy), a clinic's logo, a sheet's picture. Kept in the database rather than in a
    folder, as issued PDFs are, so that every app server reads the same files and a backup
    of the database holds them (core/storage.py). Written once, never changed: a new upload
    gets a new random name."""

    name = models.CharField(max_length=255, unique=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField(help_text="Bytes, so a listing need not read the data.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "uploaded file"

    def __str__(self):
        return self.name
