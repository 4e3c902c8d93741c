import datetime

import pytest

from outcomes.builtin import ensure_builtin
from outcomes.services import name_activities, record_answers

TODAY = datetime.date(2026, 11, 30)


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


def answer_psfs(patient, psfs, activities, values, day, **extra):
    return record_answers(
        patient=patient,
        measure=psfs,
        values={activity.pk: value for activity, value in zip(activities, values, strict=True)},
        day=day,
        source=extra.pop("source", "visit"),
        **extra,
    )


def answer_one(patient, measure, value, day, **extra):
    return record_answers(
        patient=patient,
        measure=measure,
        values={measure.items.get().pk: value},
        day=day,
        source=extra.pop("source", "visit"),
        **extra,
    )
