"""Database triggers that refuse changes to audit rows, for anything that goes around the
ORM (raw SQL, a shell with a cursor): UPDATE and DELETE on both databases, and the two ways
around those:

- SQLite: `INSERT OR REPLACE` (and `REPLACE INTO`) deletes the row it conflicts with
  without firing DELETE triggers (unless `recursive_triggers` is on for that connection).
  A BEFORE INSERT trigger refuses any insert whose id already exists; it runs before the
  conflict is resolved and holds on every connection.
- PostgreSQL: TRUNCATE fires no row triggers, so a statement-level BEFORE TRUNCATE trigger
  refuses it (also when it arrives by `TRUNCATE <other table> CASCADE`).

`INSERT ... ON CONFLICT (id) DO UPDATE` meets the insert trigger on SQLite and the UPDATE
trigger on PostgreSQL. Flush, the one deliberate wipe (`manage.py flush`, the tests), goes
through our backends: on SQLite (`rehab/db/sqlite3/`) they drop a flushed table's triggers
for the flush and create them again after it; on PostgreSQL (`rehab/db/postgresql/`) they
disable the truncate trigger in the flush's transaction, which only the table's owner may
do: the app should run as a role that does not own it (docs/deploying.md)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END""",
    """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_auditevent
    WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be replaced'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_event_no_replace",
]

POSTGRESQL = [
    """CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit events cannot be changed or deleted'; END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_refuse()",
]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
            elidable=False,
        ),
    ]
