"""Uploads move from the media folder into the database (core.StoredFile): every file found
in the upload folders under MEDIA_ROOT is copied in under its storage name, which is its
path there, so the names the models hold keep working. The folder is left as it was; once
this has run it is no longer read and may be deleted. Backwards, the stored files are
written out into the folder again (a file already there is left alone)."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import migrations

# The upload_to folders of the picture fields as they were when uploads moved, the photos'
# print copies (exercise-photos/print/) included.
FOLDERS = ["exercise-drawings", "exercise-photos", "clinic-logos", "sheet-pictures"]


def copy_in(apps, schema_editor):
    StoredFile = apps.get_model("core", "StoredFile")
    media = Path(settings.MEDIA_ROOT)
    for folder in FOLDERS:
        for path in sorted((media / folder).rglob("*")):
            name = path.relative_to(media).as_posix()
            if not path.is_file() or StoredFile.objects.filter(name=name).exists():
                continue
            data = path.read_bytes()
            created_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
            StoredFile.objects.create(name=name, data=data, size=len(data), created_at=created_at)


def copy_out(apps, schema_editor):
    StoredFile = apps.get_model("core", "StoredFile")
    media = Path(settings.MEDIA_ROOT)
    for name in StoredFile.objects.values_list("name", flat=True):
        path = media / name
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        data = StoredFile.objects.filter(name=name).values_list("data", flat=True).get()
        path.write_bytes(bytes(data))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_uploaded_files")]

    operations = [migrations.RunPython(copy_in, copy_out)]
