"""The chart number's index (UPPER(chart_number), which the search compares) on both
databases, and in the models' state: 0002 made it on PostgreSQL alone, so there it is
already. SQLite needs it to look a search's chart number up instead of reading every
patient of the clinic (docs/performance.md)."""

from django.db import migrations, models
from django.db.models.functions import Upper

INDEX = 'CREATE INDEX IF NOT EXISTS patient_chart_upper ON clinics_patient (UPPER("chart_number"))'


def create(apps, schema_editor):
    schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL's is 0002's
        schema_editor.execute("DROP INDEX IF EXISTS patient_chart_upper")


class Migration(migrations.Migration):
    dependencies = [("clinics", "0004_folded_patient_search")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop, elidable=False)],
            state_operations=[
                migrations.AddIndex(
                    model_name="patient",
                    index=models.Index(Upper("chart_number"), name="patient_chart_upper"),
                )
            ],
        )
    ]
