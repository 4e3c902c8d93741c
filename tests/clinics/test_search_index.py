"""SQLite's full-text indexes of names and exercises (clinics.search_index, issue 31): kept
in step with their tables by triggers, and an erased patient's name leaves the index
file, not just its results. PostgreSQL has no such index: these tests are SQLite's."""

import pytest
from django.core.management import call_command
from django.db import connection

from clinics.models import Patient
from clinics.search_index import EXERCISE_FTS, PATIENT_FTS
from library.models import ExerciseStep
from records.services import erase_patient
from tests.factories import ExerciseFactory, PatientFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'"),
]


def indexed(table, query):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid", [query])
        return [row[0] for row in cursor.fetchall()]


def index_bytes(table):
    """Every stored block of the index: its segments, as FTS5 keeps them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT block FROM {table}_data")
        return b"".join(bytes(row[0] or b"") for row in cursor.fetchall())


def test_the_patient_index_follows_insert_rename_and_delete(clinic):
    patient = PatientFactory(clinic=clinic, name="Søren Ærø")
    assert indexed(PATIENT_FTS, '"soren"*') == [patient.pk]  # ø is folded for the index
    Patient.objects.filter(pk=patient.pk).update(name="Ingrid Berg")
    assert indexed(PATIENT_FTS, '"soren"*') == []
    assert indexed(PATIENT_FTS, '"ingr"*') == [patient.pk]
    patient.delete()
    assert indexed(PATIENT_FTS, '"ingrid"*') == []


def test_the_library_index_follows_exercises_and_their_steps():
    exercise = ExerciseFactory(name="Heel slide", step__text="Bend the knee slowly.")
    assert indexed(EXERCISE_FTS, '"slowl"*') == [exercise.pk]
    step = ExerciseStep.objects.get(exercise=exercise)
    step.text = "Straighten it again."
    step.save()
    assert indexed(EXERCISE_FTS, '"slowl"*') == []
    assert indexed(EXERCISE_FTS, '"straight"*') == [exercise.pk]
    exercise.summary = "Quadriceps warm-up"
    exercise.save()
    assert indexed(EXERCISE_FTS, '"quadr"*') == [exercise.pk]
    exercise.delete()
    assert indexed(EXERCISE_FTS, '"heel"*') == []


def test_an_erased_name_leaves_the_index_file(clinic, clinic_admin):
    PatientFactory(clinic=clinic, name="Ada Brown")
    erased = PatientFactory(clinic=clinic, name="Wilhelmina Quillfeather")
    PatientFactory(clinic=clinic, name="Carl Dunn")
    assert b"quillfeather" in index_bytes(PATIENT_FTS)  # the check below can see it

    erase_patient(patient=erased, user=clinic_admin.user)

    assert b"quillfeather" not in index_bytes(PATIENT_FTS)
    assert b"wilhelmina" not in index_bytes(PATIENT_FTS)
    assert indexed(PATIENT_FTS, '"brown"*') != []  # the others are still found


def test_a_flush_empties_the_indexes_and_keeps_their_triggers(clinic):
    """The app's flush lifts the tables' triggers (rehab.db.sqlite3) but these."""
    PatientFactory(clinic=clinic, name="Ada Brown")
    ExerciseFactory(name="Heel slide")
    call_command("flush", interactive=False, verbosity=0)
    assert indexed(PATIENT_FTS, '"brown"*') == []
    assert indexed(EXERCISE_FTS, '"heel"*') == []
    patient = PatientFactory(name="Carl Dunn")
    assert indexed(PATIENT_FTS, '"dunn"*') == [patient.pk]
