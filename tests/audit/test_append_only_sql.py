"""The database itself keeps audit rows append-only, on SQLite and PostgreSQL alike:
whatever goes around the model and its queryset (raw SQL, Django's own delete and update
paths called directly) meets a trigger (audit migrations 0002 and 0003). Flush, a
deliberate wipe of the whole database, still empties the table."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction

from audit.models import Action, AppendOnlyError, AuditEvent


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(action=Action.LOGIN, username="alice", detail="")


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
    for sql in ("DELETE FROM audit_auditevent", "UPDATE audit_auditevent SET detail = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert_unchanged(event)
