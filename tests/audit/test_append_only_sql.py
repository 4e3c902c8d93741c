"""The database itself keeps audit rows append-only, on SQLite and PostgreSQL alike:
whatever goes around the model and its queryset (raw SQL, Django's own delete and update
paths called directly) meets a trigger (audit migration 0002). Flush, a
deliberate wipe of the whole database, still empties the table."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction

from audit.models import Action, AppendOnlyError, AuditEvent


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(action=Action.LOGIN, username="alice", detail="")


@pytest.fixture
def log(event):
    """Two rows, and everything in them, to compare with after an attempt."""
    AuditEvent.objects.create(action=Action.LOGOUT, username="bob", detail="timeout")
    # Run the deferred foreign key checks now, as a commit would: PostgreSQL refuses to
    # TRUNCATE a table with checks pending, which would hide whether the trigger refuses.
    connection.check_constraints()
    return rows()


def rows():
    return list(AuditEvent.objects.order_by("pk").values())


def assert_unchanged(event):
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.action, kept.username, kept.detail, kept.at) == (
        event.action,
        event.username,
        event.detail,
        event.at,
    )


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM audit_auditevent",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "UPDATE audit_auditevent SET detail = 'forged'",
        "UPDATE audit_auditevent SET username = 'mallory' WHERE id = %s",
    ],
)
def test_sql_that_goes_around_django_is_refused(event, sql):
    params = [event.pk] if "%s" in sql else []
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert_unchanged(event)


# Each row written again from itself, with a forged username and detail.
FORGED = (
    "SELECT id, at, action, 'mallory', 'forged', object_type FROM audit_auditevent WHERE id = %s"
)
COLUMNS = "audit_auditevent (id, at, action, username, detail, object_type)"
UPSERT = f"INSERT INTO {COLUMNS} {FORGED} ON CONFLICT (id) DO UPDATE SET detail = 'forged'"
USER_TABLE = AuditEvent._meta.get_field("actor").related_model._meta.db_table
CLINIC_TABLE = AuditEvent._meta.get_field("clinic").related_model._meta.db_table

# Rewrites that go around the UPDATE and DELETE triggers (0002 refuses them too), and the
# upsert, each on the database it works on: the suite runs on both, each run tries its own.
REWRITES = {
    # REPLACE deletes the conflicting row without firing DELETE triggers.
    "sqlite": {
        "insert or replace": f"INSERT OR REPLACE INTO {COLUMNS} {FORGED}",
        "replace": f"REPLACE INTO {COLUMNS} {FORGED}",
        "upsert": UPSERT,
    },
    # TRUNCATE fires no row triggers, also when a truncated table's CASCADE reaches ours.
    # An upsert that finds the row fires the UPDATE trigger on both (0002 covers it).
    "postgresql": {
        "truncate": "TRUNCATE audit_auditevent",
        "truncate restart identity": "TRUNCATE audit_auditevent RESTART IDENTITY",
        "truncate cascade": f"TRUNCATE {USER_TABLE}, {CLINIC_TABLE} CASCADE",
        "upsert": UPSERT,
    },
}[connection.vendor]


@pytest.mark.parametrize("sql", REWRITES.values(), ids=REWRITES.keys())
def test_replace_truncate_and_upsert_are_refused(event, log, sql):
    params = [event.pk] if "%s" in sql else []
    refused = pytest.raises(DatabaseError, match="audit events cannot")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert rows() == log


def test_an_insert_that_replaces_nothing_is_still_an_insert(log):
    """The replace trigger refuses only ids that exist: new rows go in, however written."""
    sql = {"sqlite": "INSERT OR REPLACE INTO", "postgresql": "INSERT INTO"}[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{sql} audit_auditevent (at, action, username, detail, object_type) "
            "VALUES (CURRENT_TIMESTAMP, 'login', 'carol', '', '')"
        )
    assert rows()[:2] == log
    assert [row["username"] for row in rows()] == ["alice", "bob", "carol"]


@pytest.mark.parametrize(
    "bypass",
    [
        lambda event: AuditEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias),
        lambda event: models.QuerySet.delete(AuditEvent.objects.filter(pk=event.pk)),
        lambda event: models.QuerySet.update(AuditEvent.objects.all(), detail="forged"),
        lambda event: models.Model.delete(event),
    ],
    ids=["_raw_delete", "QuerySet.delete", "QuerySet.update", "Model.delete"],
)
def test_django_paths_around_the_guarded_queryset_are_refused(event, bypass):
    with pytest.raises(DatabaseError), transaction.atomic():
        bypass(event)
    assert_unchanged(event)


@pytest.mark.parametrize(
    "change",
    [
        lambda events: events.delete(),
        lambda events: events.update(detail="forged"),
        lambda events: events.model._base_manager.all().delete(),
    ],
    ids=["delete", "update", "base manager delete"],
)
def test_the_queryset_refuses_before_the_database_is_asked(event, change):
    with pytest.raises(AppendOnlyError):
        change(AuditEvent.objects.all())
    assert_unchanged(event)


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_table_and_the_triggers_stay():
    AuditEvent.objects.create(action=Action.LOGIN, username="alice")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()

    event = AuditEvent.objects.create(action=Action.LOGOUT, username="alice")
    for sql in (
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditevent SET detail = 'x'",
        *REWRITES.values(),
    ):
        params = [event.pk] if "%s" in sql else []
        refused = pytest.raises(DatabaseError, match="audit events cannot")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert_unchanged(event)
    assert AuditEvent.objects.count() == 1
