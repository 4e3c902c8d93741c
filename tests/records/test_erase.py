"""Erasing a patient: a clinic admin types the name to confirm; every row and PDF about
the patient goes, the audit rows stay as they were with the patient's id as a pseudonym,
and a last event says who erased the record and when."""

import datetime
import os
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from clinics.models import Patient
from handouts.models import HandoutPDF, IssuedHandout
from handouts.services import issue_handout
from phone.models import DayFeeling, ExerciseTick, PatientLink
from programs.models import Program, ProgramItem
from programs.services import revise_program
from records.services import erase_patient
from tests.factories import PatientFactory, ProgramItemFactory
from tests.helpers import database_url

pytestmark = pytest.mark.django_db
NAME = "Margaret Okafor"
CHART = "A-1"


def url(patient):
    return reverse("records:erase", args=[patient.pk])


@pytest.fixture
def record(patient, therapist):
    """Two revisions of a program, a handout from each, a condition, a few audit rows."""
    item = ProgramItemFactory(program__patient=patient, program__therapist=therapist)
    second, _ = revise_program(program=item.program, therapist=therapist)
    for program in (item.program, second):
        issue_handout(program=program, user=therapist.user, mode="filled", large_print=False)
    # The phone page's ticks and an answer (each filled handout has a phone link).
    today = timezone.localdate()
    ExerciseTick.objects.create(program=item.program, exercise=item.exercise, day=today)
    DayFeeling.objects.create(program=second, day=today, pain=2, effort="right")
    assert PatientLink.objects.count() == 2
    client = Client()
    client.force_login(therapist.user)
    client.get(reverse("programs:patient", args=[patient.pk]))
    client.get(reverse("programs:patients"), {"q": "Okafor"})
    return patient


def audit_rows():
    return list(AuditEvent.objects.order_by("pk").values())


def nothing_left_about(pk):
    assert not Patient.objects.filter(pk=pk).exists()
    assert not Program.objects.filter(patient_id=pk).exists()
    assert not ProgramItem.objects.exists()
    assert not IssuedHandout.objects.exists()
    assert not HandoutPDF.objects.exists()
    assert not PatientLink.objects.exists()
    assert not ExerciseTick.objects.exists()
    assert not DayFeeling.objects.exists()


def test_it_requires_login(client, patient):
    for method in (client.get, client.post):
        response = method(url(patient))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_hides_other_clinics(client, other_clinic_admin, record):
    client.force_login(other_clinic_admin.user)
    assert client.get(url(record)).status_code == 404
    assert client.post(url(record), {"name": NAME}).status_code == 404
    assert Patient.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count() == 2


def test_a_therapist_may_not_erase(therapist_client, record):
    response = therapist_client.post(url(record), {"name": NAME})
    assert response.status_code == 403
    assert "Only a clinic admin can erase" in response.content.decode()
    assert Patient.objects.filter(pk=record.pk).exists()


def test_the_page_asks_for_the_name_and_says_what_goes(clinic_admin_client, record):
    page = clinic_admin_client.get(url(record)).content.decode()
    assert "Type the patient&#x27;s name to confirm" in page
    assert "2 program revisions" in page and "2 issued handouts" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page


def test_a_wrong_name_erases_nothing(clinic_admin_client, record):
    response = clinic_admin_client.post(url(record), {"name": "Margaret"})
    assert response.status_code == 400
    assert "not this patient&#x27;s name; nothing was erased" in response.content.decode()
    assert Patient.objects.filter(pk=record.pk).exists()
    assert IssuedHandout.objects.count() == 2


def test_the_post_needs_the_csrf_token(clinic_admin, record):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_admin.user)
    assert client.post(url(record), {"name": NAME}).status_code == 403
    assert Patient.objects.filter(pk=record.pk).exists()


def test_erasing_leaves_only_pseudonymous_audit_rows(clinic_admin_client, clinic_admin, record):
    other = PatientFactory(clinic=record.clinic, name="Ruth Park")
    pk = record.pk
    before = audit_rows()
    assert any(row["patient_id"] == pk for row in before)

    response = clinic_admin_client.post(url(record), {"name": f" {NAME} "})

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:patients")
    nothing_left_about(pk)
    assert Patient.objects.filter(pk=other.pk).exists()
    after = audit_rows()
    # The rows from before are there, unchanged (the append-only triggers saw no change)...
    assert after[: len(before)] == before
    # ...and after them one more: the erasure.
    (erased,) = after[len(before) :]
    assert erased["action"] == Action.PATIENT_ERASED
    assert (erased["patient_id"], erased["object_id"], erased["actor_id"]) == (
        pk,
        pk,
        clinic_admin.user.pk,
    )
    assert erased["detail"].startswith("erased by Charlie Ode at ")
    assert erased["detail"].endswith(" UTC: 2 programs, 2 handouts")
    for row in after:
        assert NAME not in row["detail"] and "Okafor" not in row["detail"]
        assert CHART not in row["detail"]


def test_the_admin_log_shows_the_erased_patient_by_pseudonym(
    clinic_admin_client, clinic_admin, record
):
    pk = record.pk
    erase_patient(patient=record, user=clinic_admin.user)
    page = clinic_admin_client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert f"erased patient #{pk}" in page
    assert NAME not in page
    filtered = clinic_admin_client.get(
        reverse("admin:audit_auditevent_changelist"), {"patient__id__exact": pk}
    )
    assert filtered.context["cl"].result_count == AuditEvent.objects.filter(patient_id=pk).count()


def test_ids_are_never_used_again(clinic_admin, record):
    """A new patient must never inherit an erased patient's audit rows: erase the newest
    patient and the next one still gets a new id (SQLite AUTOINCREMENT, a sequence on
    PostgreSQL)."""
    newest = Patient.objects.order_by("-pk").first()
    erase_patient(patient=newest, user=clinic_admin.user)
    after = PatientFactory(clinic=clinic_admin.clinic)
    assert after.pk > newest.pk
    assert not AuditEvent.objects.filter(patient_id=after.pk).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'clinics_patient'")
            assert "AUTOINCREMENT" in cursor.fetchone()[0]


# Retention


def age(patient, years):
    """Back-date everything about the patient (a test's way in, not the app's)."""
    then = timezone.now() - datetime.timedelta(days=365 * years + 2)
    Patient.objects.filter(pk=patient.pk).update(created_at=then)
    Program.objects.filter(patient=patient).update(created_at=then, updated_at=then)
    IssuedHandout.objects.filter(program__patient=patient).update(issued_at=then)


def test_retention_refuses_a_young_record(clinic_admin_client, record, settings):
    settings.RETENTION_YEARS = 7
    page = clinic_admin_client.get(url(record)).content.decode()
    assert "This record must be kept until" in page and "RETENTION_YEARS" in page
    assert "Erase this record" not in page
    response = clinic_admin_client.post(url(record), {"name": NAME})
    assert response.status_code == 400
    assert Patient.objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action=Action.PATIENT_ERASED).exists()


def test_retention_lets_an_old_record_go(clinic_admin_client, record, settings):
    settings.RETENTION_YEARS = 7
    age(record, 8)
    assert clinic_admin_client.post(url(record), {"name": NAME}).status_code == 302
    nothing_left_about(record.pk)


# Erasing in bulk


def test_bulk_erasure_is_a_dry_run_unless_told(record, capsys):
    age(record, 11)
    recent = PatientFactory(clinic=record.clinic)
    call_command("erase_stale_patients", years=10)
    out = capsys.readouterr().out
    assert f"patient #{record.pk} " in out and f"patient #{recent.pk} " not in out
    assert "1 patient record(s) with no visit for 10 years; nothing erased (dry run)" in out
    assert NAME not in out
    assert Patient.objects.filter(pk=record.pk).exists()

    call_command("erase_stale_patients", years=10, yes=True)
    assert "Erased 1 patient record(s)." in capsys.readouterr().out
    nothing_left_about(record.pk)
    assert Patient.objects.filter(pk=recent.pk).exists()
    erased = AuditEvent.objects.get(action=Action.PATIENT_ERASED)
    assert erased.actor is None and erased.username == "manage.py erase_stale_patients"
    assert erased.patient_id == record.pk


def test_bulk_erasure_keeps_to_the_retention_setting(record, settings):
    settings.RETENTION_YEARS = 10
    with pytest.raises(CommandError, match="less than RETENTION_YEARS"):
        call_command("erase_stale_patients", years=5, yes=True)


# Nothing left in the database


def database_dump():
    """All of the database as text: SQLite's own dump, or pg_dump of the test database."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    environment = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    done = subprocess.run(
        ["pg_dump", "--dbname", database_url(connection.settings_dict["NAME"])],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def raw_sqlite_pages(tmp_path):
    """Every page of the SQLite database, free ones included, as a backup copies them."""
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    connection.connection.backup(copy)
    copy.close()
    return (tmp_path / "copy.sqlite3").read_bytes()


@pytest.mark.django_db(transaction=True)
def test_the_whole_database_holds_nothing_about_an_erased_patient(clinic_admin, record, tmp_path):
    before = database_dump()
    assert NAME in before and CHART in before  # the check below can see them

    erase_patient(patient=record, user=clinic_admin.user)

    after = database_dump()
    for identity in (NAME, NAME.lower(), "Okafor", CHART):
        assert identity not in after
    if connection.vendor == "sqlite":
        pages = raw_sqlite_pages(tmp_path)
        assert b"Okafor" not in pages and b"okafor" not in pages
