"""PostgreSQL: the library's search document, one folded text an exercise (its name,
summary and steps) with a trigram index, kept by triggers on both tables, for
Exercise.objects.search (clinics.search_index; docs/performance.md). Not in the models'
state: no field reads or writes it. SQLite has its full-text index (0007) instead.

A later migration that changes how texts are folded (clinics.models.Folded) must run
`create_exercise_document` again: the exercise's trigger folds the name and summary
itself."""

from django.db import migrations

from clinics.search_index import create_exercise_document, drop_exercise_document


def forwards(apps, schema_editor):
    create_exercise_document(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_exercise_document(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("library", "0008_protocol_shared_by")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
