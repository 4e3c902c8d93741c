"""PostgreSQL: the chart number in upper case, stored by the database, with its index, for
PatientQuerySet.search (clinics.models.CHART_KEY; docs/performance.md). Not in the
models' state: no field reads or writes it. SQLite compares UPPER(chart_number) through
its index (0005) as before."""

from django.db import migrations

COLUMN = (
    "ALTER TABLE clinics_patient ADD COLUMN IF NOT EXISTS chart_key varchar(40)"
    " GENERATED ALWAYS AS (UPPER(chart_number)) STORED"
)
INDEX = "CREATE INDEX IF NOT EXISTS patient_chart_key ON clinics_patient (chart_key)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN)
        schema_editor.execute(INDEX)
        schema_editor.execute("ANALYZE clinics_patient")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE clinics_patient DROP COLUMN IF EXISTS chart_key")


class Migration(migrations.Migration):
    dependencies = [("clinics", "0006_patient_words")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
