"""PostgreSQL: a GIN index of each patient's folded name's pairs of characters, for a
search word that has no trigram ("zz", "o'"), which the trigram index (0004) cannot serve:
PatientQuerySet.search then read all of a clinic's names (clinics.models.NamePairs;
docs/performance.md, eighth round). An index of an IMMUTABLE function of search_name; not
in the models' state. SQLite finds a patient's words through its own index (0006)."""

from django.db import migrations

FUNCTION = (
    "CREATE OR REPLACE FUNCTION patient_name_pairs(name text) RETURNS text[]"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " RETURN ARRAY(SELECT DISTINCT substr(name, i, 2) FROM generate_series(1, length(name) - 1) i)"
)
INDEX = (
    "CREATE INDEX IF NOT EXISTS patient_search_pairs"
    " ON clinics_patient USING gin (patient_name_pairs(search_name))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)
        schema_editor.execute("ANALYZE clinics_patient")  # the statistics of its pairs


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS patient_search_pairs")
        schema_editor.execute("DROP FUNCTION IF EXISTS patient_name_pairs(text)")


class Migration(migrations.Migration):
    dependencies = [("clinics", "0007_patient_chart_key")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
