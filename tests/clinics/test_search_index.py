"""SQLite's full-text index of the library (clinics.search_index, issue 31): kept in step
with its tables by triggers, also through the app's flush. PostgreSQL has no such index:
these tests are SQLite's."""

import pytest
from django.core.management import call_command
from django.db import connection

from clinics.search_index import EXERCISE_FTS
from library.models import ExerciseStep
from tests.factories import ExerciseFactory

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
