"""Trigram indexes for the library search on PostgreSQL, on the lower-case copies of the
searched texts that the database keeps (the generated search_* columns). The search runs a
plain LIKE on those columns, which a pg_trgm GIN index serves; SQLite has no such index:
nothing is done there."""

from django.db import migrations

INDEXES = [
    ("exercise_search_name_trgm", "library_exercise", "search_name"),
    ("exercise_search_summary_trgm", "library_exercise", "search_summary"),
    ("exercisestep_search_text_trgm", "library_exercisestep", "search_text"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ("{column}" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
