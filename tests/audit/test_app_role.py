"""On PostgreSQL the app runs as a role that does not own the audit table (README,
Deploying), granted by `manage.py grant_app_role`: it can write the app's tables and add
audit rows, and nothing it sends can disable the triggers, empty the table or change a row.

The role is created inside the test's transaction, so the rollback at its end removes it
again, whatever happened in between. SQLite has no roles: a SQLite run checks that the
command says so, a PostgreSQL run checks the role (the suite runs on both)."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.models import Action, AuditEvent
from clinics.models import Clinic
from tests.factories import ClinicFactory

# Roles belong to the whole PostgreSQL server, not to the test database: a name of this
# process's own, so pytest-xdist workers and suites run side by side never share one.
ROLE = f"rehab_app_test_{uuid.uuid4().hex[:8]}"

# Roles the command must refuse, with why.
REFUSED_ROLES = {
    "sqlite": {"rehab_app_test": "grant_app_role is for PostgreSQL"},
    "postgresql": {
        "postgres": "is a superuser or owns audit_auditevent",  # the test suite's own role
        "rehab_no_such_role": "There is no role 'rehab_no_such_role'",
    },
}[connection.vendor]


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_grant_app_role_refuses_a_role_that_cannot_protect_the_log(db, role):
    with pytest.raises(CommandError, match=REFUSED_ROLES[role]):
        call_command("grant_app_role", role)


def rows():
    return list(AuditEvent.objects.order_by("pk").values())


@pytest.fixture
def app_role(db):
    """The role, granted as the README says, and this connection acting as it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
    call_command("grant_app_role", ROLE, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


if connection.vendor == "postgresql":

    def test_the_app_role_can_do_the_apps_work(app_role):
        event = AuditEvent.objects.create(action=Action.LOGIN, username="alice")
        clinic = ClinicFactory(name="Before")
        Clinic.objects.filter(pk=clinic.pk).update(name="After")
        clinic.delete()
        assert not Clinic.objects.filter(pk=clinic.pk).exists()
        assert AuditEvent.objects.get().pk == event.pk

    @pytest.mark.parametrize(
        "sql",
        [
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
            "DROP TRIGGER audit_event_append_only ON audit_auditevent",
            "TRUNCATE audit_auditevent",
            "DELETE FROM audit_auditevent",
            "UPDATE audit_auditevent SET detail = 'forged'",
            "DROP TABLE audit_auditevent CASCADE",
        ],
    )
    def test_the_app_role_cannot_rewrite_the_log(app_role, sql):
        AuditEvent.objects.create(action=Action.LOGIN, username="alice")
        AuditEvent.objects.create(action=Action.LOGOUT, username="alice")
        connection.check_constraints()  # no pending checks to stop TRUNCATE first
        log = rows()
        refused = pytest.raises(DatabaseError, match="permission denied|must be owner")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        assert rows() == log
