"""Trigram index for the patient search on PostgreSQL (see exercises 0002): the name is
matched anywhere with `UPPER(name) LIKE`, the chart number exactly with `UPPER(...) =`,
which the expression B-tree index serves. Nothing is done on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS patient_name_trgm "
        'ON programs_patient USING gin (UPPER("name") gin_trgm_ops)'
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS patient_chart_upper "
        'ON programs_patient (UPPER("chart_number"))'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS patient_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS patient_chart_upper")


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0002_search_trigram_indexes"),
        ("programs", "0003_patient_search_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
