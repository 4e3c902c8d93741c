"""An audit row's patient becomes a plain number (no foreign key constraint, nothing done
on delete), so a patient can be erased while their audit rows stay, unchanged, with the
old id as a pseudonym (see audit/models.py).

SQLite cannot drop a constraint: Django copies the table into a new one, and a table's
triggers go with the old table. So the append-only triggers of migrations 0002 and 0003
are created again on the new table (and again after going back, which copies it once
more). PostgreSQL drops the constraint in place and keeps its trigger.

Going back restores the constraint; it fails while rows name an erased patient, which is
what it should do: the log cannot point at patients that are gone."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END""",
]


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_more_actions"),
        ("programs", "0007_item_order_unique"),
    ]

    operations = [
        # Going back, this runs last, after the table was copied back.
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_triggers),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("patient.viewed", "Patient viewed"),
                    ("patient.created", "Patient created"),
                    ("patient.changed", "Patient changed"),
                    ("patients.listed", "Patient list viewed"),
                    ("program.viewed", "Program viewed"),
                    ("program.created", "Program created"),
                    ("program.changed", "Program changed"),
                    ("handout.previewed", "Handout previewed"),
                    ("handout.issued", "Handout issued"),
                    ("handout.downloaded", "Handout downloaded"),
                    ("handout.refused", "Handout refused (stored file changed)"),
                    ("access.denied", "Access denied (another clinic's data)"),
                    ("login", "Logged in"),
                    ("logout", "Logged out"),
                    ("lockout", "Login locked out"),
                    ("password.changed", "Password changed"),
                    ("patient.exported", "Patient record exported"),
                    ("patient.erased", "Patient erased"),
                ],
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="patient",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Kept as a number once the patient is erased: a pseudonym for them.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="audit_events",
                to="programs.patient",
            ),
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
