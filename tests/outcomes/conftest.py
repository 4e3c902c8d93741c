import pytest

from outcomes.builtin import ensure_builtin
from outcomes.services import name_activities


@pytest.fixture(autouse=True)
def builtin_measures(db):
    """Migration outcomes/0002 makes the built-in measures; a transactional test that ran
    before in the same worker flushed them away."""
    return ensure_builtin()


@pytest.fixture
def psfs(db):
    return ensure_builtin()["psfs"]


@pytest.fixture
def nprs(db):
    return ensure_builtin()["nprs"]


@pytest.fixture
def groc(db):
    return ensure_builtin()["groc"]


@pytest.fixture
def activities(patient, psfs):
    return name_activities(
        patient=patient,
        measure=psfs,
        names=["Climbing the stairs at home", "Carrying the shopping", "Getting out of a car"],
    )
