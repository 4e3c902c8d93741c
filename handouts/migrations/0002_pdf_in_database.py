"""Issued PDFs move from files in private storage into the database (HandoutPDF), so a
handout and its PDF are written in one transaction.

Forward: each handout's file is read and its bytes stored beside the row; a file that
cannot be read leaves the handout without bytes, which `verify_handouts` then reports
(as it reported the missing file before). The files themselves are left where they were:
`verify_handouts` lists them and `verify_handouts --remove-orphans` deletes those whose
bytes the database holds.

Backward: each handout's bytes are written to a new file under a random name again and
the row names it; nothing is lost either way."""

import uuid

import django.db.models.deletion
from django.core.files.base import ContentFile
from django.db import migrations, models

import handouts.models
import handouts.storage


def files_to_rows(apps, schema_editor):
    IssuedHandout = apps.get_model("handouts", "IssuedHandout")
    HandoutPDF = apps.get_model("handouts", "HandoutPDF")
    storage = handouts.storage.get_private_storage()
    for handout in IssuedHandout.objects.exclude(pdf="").order_by("pk").iterator(chunk_size=100):
        try:
            with storage.open(handout.pdf.name, "rb") as stored:
                data = stored.read()
        except OSError:
            continue  # reported by verify_handouts as a handout without its PDF
        HandoutPDF.objects.create(handout_id=handout.pk, data=data)


def rows_to_files(apps, schema_editor):
    IssuedHandout = apps.get_model("handouts", "IssuedHandout")
    HandoutPDF = apps.get_model("handouts", "HandoutPDF")
    storage = handouts.storage.get_private_storage()
    for stored in HandoutPDF.objects.order_by("pk").iterator(chunk_size=100):
        name = storage.save(f"handouts/{uuid.uuid4().hex}.pdf", ContentFile(bytes(stored.data)))
        IssuedHandout.objects.filter(pk=stored.handout_id).update(pdf=name)


class Migration(migrations.Migration):
    dependencies = [("handouts", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="HandoutPDF",
            fields=[
                (
                    "handout",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stored_pdf",
                        serialize=False,
                        to="handouts.issuedhandout",
                    ),
                ),
                ("data", models.BinaryField()),
            ],
            options={"verbose_name": "handout PDF"},
        ),
        # Blank first, so that going back re-adds the column with "" on existing rows.
        migrations.AlterField(
            model_name="issuedhandout",
            name="pdf",
            field=models.FileField(
                blank=True,
                storage=handouts.storage.get_private_storage,
                upload_to=handouts.models.handout_path,
            ),
        ),
        migrations.RunPython(files_to_rows, rows_to_files),
        migrations.RemoveField(model_name="issuedhandout", name="pdf"),
    ]
