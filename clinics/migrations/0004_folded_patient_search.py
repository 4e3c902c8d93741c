"""The patient search compares folded names (clinics.models.Folded: lower case, accents
dropped, so "zoe" finds Zoë). A generated column cannot be changed in place: the indexes
that hold it and the column go, then come back with the new expression. On PostgreSQL the
trigram index on it (0002) goes with the column and is made again."""

from django.db import migrations, models

import clinics.models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS patient_search_name_trgm "
        'ON clinics_patient USING gin ("search_name" gin_trgm_ops)'
    )


class Migration(migrations.Migration):
    dependencies = [("clinics", "0003_when_to_call")]

    operations = [
        migrations.RemoveIndex(model_name="patient", name="patient_search"),
        migrations.RemoveIndex(model_name="patient", name="patient_sort_search"),
        migrations.RemoveField(model_name="patient", name="search_name"),
        migrations.AddField(
            model_name="patient",
            name="search_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=clinics.models.Folded("name"),
                output_field=models.CharField(max_length=120),
            ),
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(
                fields=["clinic", "name", "search_name", "chart_number"], name="patient_search"
            ),
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(
                fields=["clinic", "sort_name", "search_name", "chart_number"],
                name="patient_sort_search",
            ),
        ),
        migrations.RunPython(trigram_index, migrations.RunPython.noop, elidable=False),
    ]
