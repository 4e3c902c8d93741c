"""Close the two ways around the UPDATE and DELETE triggers (0002, 0003).

SQLite: `INSERT OR REPLACE` (and `REPLACE INTO`) deletes the row it conflicts with without
firing DELETE triggers (unless `recursive_triggers` is on for that connection), so a row
could be rewritten in place. A BEFORE INSERT trigger refuses any insert whose id already
exists; it runs before the conflict is resolved and holds on every connection.

PostgreSQL: TRUNCATE fires no row triggers, so a statement-level BEFORE TRUNCATE trigger
refuses it (also when it arrives by `TRUNCATE <other table> CASCADE`). Flush, the one
deliberate wipe, goes through our PostgreSQL backend (`rehab/db/postgresql/`), which
disables the trigger for the flush in the same transaction; only the table's owner may do
that, which is why the app should run as a role that does not own it (README, Deploying).

`INSERT ... ON CONFLICT (id) DO UPDATE` meets this insert trigger on SQLite and the UPDATE
trigger on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_auditevent
    WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be replaced'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_no_replace"]

POSTGRESQL = [
    # audit_event_refuse() is 0002's function: it raises whatever fired it.
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()""",
]
POSTGRESQL_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent"]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_patient_link_actions")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
