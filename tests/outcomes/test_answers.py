"""Storing answers: checked whole, stored with their audit row, or refused with a clear
message and nothing stored."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from outcomes.models import Activity, Answer, AnswerSet, Measure
from outcomes.services import name_activities, record_answers
from tests.factories import PatientFactory
from tests.helpers import TODAY, answer_one, answer_psfs


def test_a_psfs_answer_set_scores_the_mean_of_the_named_activities(
    patient, psfs, activities, therapist
):
    answer_set = answer_psfs(patient, psfs, activities, [3, 4, 5], TODAY, actor=therapist.user)
    assert answer_set.score == Decimal("4.00")
    assert sorted(Answer.objects.values_list("value", flat=True)) == [3, 4, 5]
    event = AuditEvent.objects.get(object_type="answerset")
    assert (event.action, event.patient_id, event.actor, event.detail) == (
        "answers.recorded",
        patient.pk,
        therapist.user,
        "answers to psfs",
    )


def test_the_activities_are_named_once_and_carried_to_each_later_ask(patient, psfs, activities):
    answer_psfs(patient, psfs, activities, [3, 4, 5], TODAY)
    later = answer_psfs(patient, psfs, activities, [6, 6, 6], TODAY)
    assert later.answers.count() == 3
    with pytest.raises(ValidationError, match="already named"):
        name_activities(patient=patient, measure=psfs, names=["A", "B", "C"])
    assert Activity.objects.filter(patient=patient).count() == 3


@pytest.mark.parametrize("names", [["Only one"], ["1", "2", "3", "4", "5", "6"], ["", " ", "x"]])
def test_three_to_five_activities(patient, psfs, names):
    with pytest.raises(ValidationError, match="Name 3 to 5 activities"):
        name_activities(patient=patient, measure=psfs, names=names)
    assert not Activity.objects.exists()


def bad_answers(patient, psfs, nprs, activities, other_activities):
    item = nprs.items.get()
    first = activities[0].pk
    return {
        "a score of 11": (nprs, {item.pk: 11}, "11 is not on the scale"),
        "a word": (nprs, {item.pk: "lots"}, "choose a number"),
        "an unknown item": (nprs, {item.pk + 999: 3}, "does not ask"),
        "no answer": (nprs, {}, "Answer every question"),
        "a missing activity": (psfs, {first: 3}, "has no answer"),
        "another patient's activity": (
            psfs,
            {**{a.pk: 3 for a in activities}, other_activities[0].pk: 4},
            "does not ask",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "a score of 11",
        "a word",
        "an unknown item",
        "no answer",
        "a missing activity",
        "another patient's activity",
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(patient, psfs, nprs, activities, case):
    other = PatientFactory(clinic=patient.clinic)
    others = name_activities(patient=other, measure=psfs, names=["X", "Y", "Z"])
    measure, values, message = bad_answers(patient, psfs, nprs, activities, others)[case]
    with pytest.raises(ValidationError, match=message):
        record_answers(patient=patient, measure=measure, values=values, day=TODAY, source="visit")
    assert not AnswerSet.objects.exists() and not Answer.objects.exists()
    assert not AuditEvent.objects.filter(object_type="answerset").exists()


def test_another_clinics_questionnaire_is_refused(patient, other_clinic):
    theirs = Measure.objects.create(
        clinic=other_clinic, slug="theirs", name="Theirs", short_name="T", mic=1
    )
    item = theirs.items.create(order=0, text="How is it?")
    with pytest.raises(ValidationError, match="not one of this clinic's"):
        record_answers(
            patient=patient, measure=theirs, values={item.pk: 1}, day=TODAY, source="visit"
        )
    assert not AnswerSet.objects.exists()


def test_a_program_of_another_patient_is_refused(patient, nprs, program):
    other = PatientFactory(clinic=patient.clinic)
    with pytest.raises(ValidationError, match="another patient's"):
        answer_one(other, nprs, 3, TODAY, program=program)
    assert not AnswerSet.objects.exists()
