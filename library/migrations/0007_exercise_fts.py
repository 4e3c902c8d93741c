"""SQLite: a full-text index of the library (FTS5), one row an exercise with its name,
summary and steps, kept by triggers on both tables, for Exercise.objects.search
(clinics.search_index; docs/performance.md). PostgreSQL keeps its trigram indexes (0005).

Django's SQLite schema editor rebuilds a table to alter it and drops its triggers with
it: a later migration that alters library_exercise or library_exercisestep must run
`create_exercise_index` again (the search tests fail without it)."""

from django.db import migrations

from clinics.search_index import create_exercise_index, drop_exercise_index


def forwards(apps, schema_editor):
    create_exercise_index(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_exercise_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("library", "0006_lying_on_side")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
