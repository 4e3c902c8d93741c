"""Trigram indexes for the library search on PostgreSQL.

`icontains` becomes `UPPER(column) LIKE UPPER('%word%')` there, which no B-tree index can
serve; a pg_trgm GIN index on the same expression can, so a search over a large library
reads the index instead of every row. SQLite has no such index: nothing is done there."""

from django.db import migrations

INDEXES = [
    ("exercise_name_trgm", "exercises_exercise", "name"),
    ("exercise_summary_trgm", "exercises_exercise", "summary"),
    ("exercisestep_text_trgm", "exercises_exercisestep", "text"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
