import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exercises.models import Exercise, ExerciseStep, Side, describe_dose
from tests.factories import ExerciseFactory, ProtocolItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"reps": 0},
        {"reps": 101},
        {"sets": 0},
        {"sets": 11},
        {"hold_min_seconds": 4, "hold_max_seconds": 3},
        {"hold_min_seconds": 2, "hold_max_seconds": None},
        {"hold_min_seconds": 100, "hold_max_seconds": 121},
        {"stay_minutes": 0},
        {"reps": 10, "work_up_to_reps": 5},
        {"name": ""},
    ],
)
def test_database_refuses_bad_dose(fields):
    exercise = ExerciseFactory()
    for name, value in fields.items():
        setattr(exercise, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        exercise.save()


def test_database_accepts_the_edges():
    exercise = ExerciseFactory(reps=100, sets=10, hold_min_seconds=0, hold_max_seconds=120)
    exercise.reps, exercise.hold_min_seconds, exercise.hold_max_seconds = 1, None, None
    exercise.save()
    assert Exercise.objects.get(pk=exercise.pk).reps == 1


def test_slug_is_unique():
    ExerciseFactory(slug="bridge")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(slug="bridge")


def test_blank_step_is_refused():
    exercise = ExerciseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseStep.objects.create(exercise=exercise, order=2, text="")


def test_clean_puts_hold_errors_on_the_field():
    exercise = ExerciseFactory.build(hold_min_seconds=5, hold_max_seconds=2)
    with pytest.raises(ValidationError) as error:
        exercise.clean()
    assert "hold_max_seconds" in error.value.message_dict


def test_active_hides_archived():
    kept = ExerciseFactory()
    ExerciseFactory(archived=True)
    assert list(Exercise.objects.active()) == [kept]


def test_search_matches_name_and_steps():
    bridge = ExerciseFactory(name="Bridge")
    squeeze = ExerciseFactory(name="Squeeze", step__text="Lift your tailbone a little.")
    assert list(Exercise.objects.search("bridge")) == [bridge]
    assert list(Exercise.objects.search("TAILBONE")) == [squeeze]
    assert Exercise.objects.search("  ").count() == 2


def test_in_use_follows_protected_references():
    exercise = ExerciseFactory()
    assert not exercise.in_use()
    ProtocolItemFactory(exercise=exercise)
    assert exercise.in_use()


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        (
            {"hold_min": 2, "hold_max": 3, "reps": 10, "side": Side.EACH_LEG},
            "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg.",
        ),
        ({"hold_min": 5, "hold_max": 5, "reps": 1}, "Hold 5 seconds, then relax. Repeat once."),
        (
            {"reps": 10, "side": Side.EACH_LEG, "work_up_to": 25},
            "Repeat 10 times with each leg. Work up to 25 times.",
        ),
        (
            {"reps": 10, "sets": 2, "side": Side.EACH_ARM},
            "Repeat 10 times with each arm. Do 2 sets.",
        ),
        ({"stay_minutes": 5}, "Stay in this position for 5 minutes."),
        ({"stay_minutes": 20, "activity": True}, "Keep going for 20 minutes."),
        ({}, ""),
    ],
)
def test_describe_dose(dose, expected):
    assert describe_dose(**dose) == expected


def test_search_puts_name_matches_first():
    ExerciseFactory(name="Cat-cow", step__text="Get on your hands and knees to start.")
    ExerciseFactory(name="Knees to chest")
    assert [e.name for e in Exercise.objects.search("knees to")] == ["Knees to chest", "Cat-cow"]
