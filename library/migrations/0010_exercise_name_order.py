"""PostgreSQL: an index of the exercises in the library's name order (name_en, id), for
ExerciseQuerySet.first_ids: each of a search's two parts (every word in the name, the
others) can be read in name order and stop at the page's end when most exercises match,
not read and sorted whole (docs/performance.md, eighth round). Not in the models' state.
SQLite's search finds its candidates through its full-text index and is left as it was."""

from django.db import migrations

INDEX = "CREATE INDEX IF NOT EXISTS exercise_name_order ON library_exercise (name_en, id)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS exercise_name_order")


class Migration(migrations.Migration):
    dependencies = [("library", "0009_search_document")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
