"""Give the role the app runs as what it needs, and on the audit log only SELECT and INSERT.

PostgreSQL only. Run it as the role that owns the tables (the one that runs `migrate`),
after every `migrate` and `restore`: tables a migration adds get their grants then. A role
that does not own the audit table cannot disable its triggers, truncate it, or change or
delete its rows (tests/audit/test_app_role.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "PostgreSQL: grant a role SELECT, INSERT, UPDATE, DELETE on every table, "
        "but only SELECT and INSERT on the audit log. Run as the tables' owner."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role in the app's DATABASE_URL.")

    def handle(self, *, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role is for PostgreSQL (SQLite has no roles).")
        audit = AuditEvent._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, pg_has_role(r.oid, c.relowner, 'USAGE'), current_schema() "
                "FROM pg_roles r, pg_class c WHERE r.rolname = %s AND c.oid = %s::regclass",
                [role, audit],
            )
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"There is no role {role!r}.")
            superuser, owner, schema = found
            if superuser or owner:
                raise CommandError(
                    f"{role!r} is a superuser or owns {audit}: it could disable the audit "
                    "triggers. Give the app a role of its own (docs/deploying.md)."
                )
            role, schema, audit = map(connection.ops.quote_name, (role, schema, audit))
            for statement in (
                f"GRANT USAGE ON SCHEMA {schema} TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
                f"REVOKE ALL ON {audit} FROM {role}",
                f"GRANT SELECT, INSERT ON {audit} TO {role}",
            ):
                cursor.execute(statement)
        self.stdout.write(f"{role} may use every table; on {audit} only SELECT and INSERT.")
