"""SQLite's search indexes (clinics.search_index, issue 31), the library's full-text index
and the patients' word index: kept in step with their tables by triggers, also through
the app's flush. PostgreSQL has no such index: these tests are SQLite's."""

import pytest
from django.core.management import call_command
from django.db import connection

from clinics.models import fold
from clinics.search_index import EXERCISE_FTS, PATIENT_WORDS, WORD_LENGTH
from library.models import ExerciseStep
from tests.factories import ExerciseFactory, PatientFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'"),
]


def indexed(table, query):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid", [query])
        return [row[0] for row in cursor.fetchall()]


def test_the_library_index_follows_exercises_and_their_steps():
    # Steps' ids run ahead of their exercises' (as in any real library), so a trigger that
    # took a step's id for its exercise's would index the wrong steps.
    bridge = ExerciseFactory(name="Bridge")
    ExerciseStep.objects.bulk_create(
        ExerciseStep(exercise=bridge, order=order, text="Lift.") for order in (2, 3, 4)
    )
    exercise = ExerciseFactory(name="Heel slide", step__text="Bend the knee slowly.")
    assert ExerciseStep.objects.get(exercise=exercise).pk != exercise.pk
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


def test_a_flush_empties_the_index_and_keeps_its_triggers():
    """The app's flush lifts the tables' triggers (rehab.db.sqlite3) but these."""
    ExerciseFactory(name="Heel slide")
    call_command("flush", interactive=False, verbosity=0)
    assert indexed(EXERCISE_FTS, '"heel"*') == []
    exercise = ExerciseFactory(name="Heel raise")
    assert indexed(EXERCISE_FTS, '"heel"*') == [exercise.pk]


def words_of(patient_id):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {PATIENT_WORDS} WHERE patient_id = %s ORDER BY word", [patient_id]
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_patient_index_follows_names_and_a_flush_empties_it():
    """One row for each word beginning of the folded name, as clinics.models.fold() folds
    it; a rename replaces them, a deletion and the app's flush take them away."""
    patient = PatientFactory(name="ZOË Anaïs-Ÿvonne O'Brien-Smith")
    assert words_of(patient.pk) == [
        "anais-yvonne o'brien-smi",  # cut at WORD_LENGTH letters
        "brien-smith",
        "o'brien-smith",
        "smith",
        "yvonne o'brien-smith",
        "zoe anais-yvonne o'brien",
    ]
    assert fold(patient.name)[:WORD_LENGTH] == "zoe anais-yvonne o'brien"
    patient.name = "Margaret Okafor"
    patient.save()
    assert words_of(patient.pk) == ["margaret okafor", "okafor"]
    call_command("flush", interactive=False, verbosity=0)
    assert words_of(patient.pk) == []
    other = PatientFactory(name="Tom Ito")
    assert words_of(other.pk) == ["ito", "tom ito"]
    other.delete()
    assert words_of(other.pk) == []
