"""The patient's name in lower case, kept by the database, for the search (as exercises
0003 does for the library), in the covering search index, and on PostgreSQL a trigram
index on it in place of 0004's on UPPER(name)."""

from django.db import migrations, models
from django.db.models.functions import Lower


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS patient_name_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS patient_search_name_trgm "
        'ON programs_patient USING gin ("search_name" gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS patient_search_name_trgm")
    schema_editor.execute(  # as 0004 made it
        "CREATE INDEX IF NOT EXISTS patient_name_trgm "
        'ON programs_patient USING gin (UPPER("name") gin_trgm_ops)'
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0003_search_columns"),
        ("programs", "0004_patient_search_trigram"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="patient", name="patient_search"),
        migrations.AddField(
            model_name="patient",
            name="search_name",
            field=models.GeneratedField(
                expression=Lower("name"),
                output_field=models.CharField(max_length=120),
                db_persist=True,
            ),
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(
                fields=["clinic", "name", "search_name", "chart_number"], name="patient_search"
            ),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
