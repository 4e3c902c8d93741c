"""Refuse DELETE on audit rows on SQLite too (PostgreSQL's trigger from 0002 already does).

`manage.py flush` and the tests' flush still empty the table: on SQLite they go through
our backend (`rehab/db/sqlite3/`), which drops a flushed table's triggers around the
DELETEs and puts them back from their stored SQL, as TRUNCATE skips row triggers on
PostgreSQL."""

from django.db import migrations

CREATE = """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END"""
DROP = "DROP TRIGGER IF EXISTS audit_event_no_delete"


def on_sqlite(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(on_sqlite(CREATE), on_sqlite(DROP))]
