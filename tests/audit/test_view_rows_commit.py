"""On PostgreSQL a row that only says what someone was shown commits without waiting for
the disk (`SET LOCAL synchronous_commit TO OFF` in its own transaction, audit.log.record,
issue 31); a row written with a change keeps the full commit. A trigger notes the
setting each row's transaction had when the row went in."""

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import Action

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]

NOTE_SETTING = [
    "CREATE TABLE seen_commit (action text, setting text)",
    "CREATE FUNCTION note_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO seen_commit VALUES (NEW.action, current_setting('synchronous_commit')); "
    "RETURN NEW; END $$",
    "CREATE TRIGGER note_commit AFTER INSERT ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION note_commit()",
]
FORGET = [
    "DROP TRIGGER note_commit ON audit_auditevent",
    "DROP FUNCTION note_commit()",
    "DROP TABLE seen_commit",
]


@pytest.fixture
def seen():
    with connection.cursor() as cursor:
        # `make test-postgres` starts every session with it off (PGOPTIONS): a change row
        # keeps its session's setting, so the session here is put back to the default.
        cursor.execute("SET synchronous_commit TO on")
        for statement in NOTE_SETTING:
            cursor.execute(statement)

    def settings():
        with connection.cursor() as cursor:
            cursor.execute("SELECT action, setting FROM seen_commit")
            return set(cursor.fetchall())

    yield settings
    with connection.cursor() as cursor:
        for statement in FORGET:
            cursor.execute(statement)


def test_view_rows_skip_the_flush_and_change_rows_keep_it(therapist_client, patient, seen):
    therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    therapist_client.get(reverse("programs:patients"), {"q": "okafor"})
    response = therapist_client.post(reverse("programs:patient_new"), {"name": "Ada Brown"})
    assert response.status_code == 302
    assert seen() == {
        (Action.PATIENT_VIEWED, "off"),
        (Action.PATIENTS_LISTED, "off"),
        (Action.PATIENT_CREATED, "on"),
    }
    with connection.cursor() as cursor:  # and the setting ended with its transaction
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
