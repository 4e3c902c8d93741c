"""SQLite: an index of the words of patients' names (clinics.search_index.PATIENT_WORDS),
a plain table kept by triggers on clinics_patient, for Patient.objects.search
(docs/performance.md). PostgreSQL keeps its trigram index (0004) and the chart number's
(0005).

Django's SQLite schema editor rebuilds a table to alter it and drops its triggers with
it: a later migration that alters clinics_patient must run `create_patient_index` again
(tests/clinics/test_search_index.py fails without it)."""

from django.db import migrations

from clinics.search_index import create_patient_index, drop_patient_index


def forwards(apps, schema_editor):
    create_patient_index(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_patient_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("clinics", "0005_patient_chart_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
