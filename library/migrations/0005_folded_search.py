"""The library search compares folded texts (clinics.models.Folded: lower case, accents
dropped on PostgreSQL, so "zoe" finds Zoë). A generated column cannot be changed in place:
each goes and comes back with the new expression. On PostgreSQL the trigram indexes on
them (0002) go with the columns and are made again."""

from django.db import migrations, models

import clinics.models

INDEXES = [
    ("exercise_search_name_trgm", "library_exercise", "search_name"),
    ("exercise_search_summary_trgm", "library_exercise", "search_summary"),
    ("exercisestep_search_text_trgm", "library_exercisestep", "search_text"),
]


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ("{column}" gin_trgm_ops)'
        )


def folded(model, name, source, length):
    return [
        migrations.RemoveField(model_name=model, name=name),
        migrations.AddField(
            model_name=model,
            name=name,
            field=models.GeneratedField(
                db_persist=True,
                expression=clinics.models.Folded(source),
                output_field=models.CharField(max_length=length),
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("library", "0004_progressions"), ("clinics", "0004_folded_patient_search")]

    operations = [
        *folded("exercise", "search_name", "name", 80),
        *folded("exercise", "search_summary", "summary", 160),
        *folded("exercisestep", "search_text", "text", 400),
        migrations.RunPython(trigram_indexes, migrations.RunPython.noop, elidable=False),
    ]
