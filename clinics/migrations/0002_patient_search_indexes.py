"""Indexes for the patient search on PostgreSQL: a trigram index on the lower-case name the
database keeps (search_name, matched anywhere with LIKE), and an expression index for the
chart number, matched exactly with UPPER(...) =. Nothing is done on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS patient_search_name_trgm "
        'ON clinics_patient USING gin ("search_name" gin_trgm_ops)'
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS patient_chart_upper "
        'ON clinics_patient (UPPER("chart_number"))'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS patient_search_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS patient_chart_upper")


class Migration(migrations.Migration):
    dependencies = [("clinics", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
