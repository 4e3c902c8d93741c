import pytest
from django.core.cache import cache

from tests.factories import ConditionFactory, ExerciseFactory, ProgramItemFactory
from tests.helpers import issue_with_link


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The rate limit counts in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def patient(patient):
    patient.birth_date = "1948-03-09"
    patient.save()
    patient.conditions.add(ConditionFactory(name="Osteoporosis"))
    return patient


@pytest.fixture
def exercises(db):
    return [ExerciseFactory(name=name) for name in ("Bridge", "Chin tuck", "Heel raise")]


@pytest.fixture
def program(program, exercises):
    for order, exercise in enumerate(exercises, start=1):
        ProgramItemFactory(program=program, exercise=exercise, order=order, note="")
    return program


@pytest.fixture
def link(program, therapist):
    return issue_with_link(program, therapist.user)
