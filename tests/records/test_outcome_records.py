"""Outcome answers are patient data: in the patient export (as JSON and as a validated FHIR
R4 bundle), removed by erasure, carried by backups."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from audit.models import AuditEvent
from outcomes.builtin import ensure_builtin
from outcomes.models import Activity, Answer, AnswerSet
from outcomes.services import name_activities, record_answers
from phone.models import DayFeeling
from records.fhir import RESOURCES
from records.services import erase_patient
from tests.factories import ProgramItemFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 2)


@pytest.fixture
def answered(patient, therapist):
    item = ProgramItemFactory(program__patient=patient, program__therapist=therapist)
    program = item.program
    builtin = ensure_builtin()
    psfs, nprs = builtin["psfs"], builtin["nprs"]
    activities = name_activities(patient=patient, measure=psfs, names=["Stairs", "Bags", "Car"])
    record_answers(
        patient=patient,
        measure=psfs,
        values={a.pk: v for a, v in zip(activities, [3, 4, 5], strict=True)},
        day=DAY,
        source="visit",
        actor=therapist.user,
        program=program,
    )
    record_answers(
        patient=patient,
        measure=nprs,
        values={nprs.items.get().pk: 6},
        day=DAY,
        source="phone",
        program=program,
    )
    DayFeeling.objects.create(program=program, day=DAY, pain=5, effort="right")
    return program


def exported(client, patient):
    response = client.post(reverse("records:export", args=[patient.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_the_export_holds_the_answers(therapist_client, patient, answered):
    record = json.loads(exported(therapist_client, patient).read("record.json"))
    psfs, pain = record["outcome_measures"]
    assert (psfs["measure"], psfs["score"], psfs["entered_by"]) == (
        "Patient-Specific Functional Scale",
        "4.00",
        "Alice Ng",
    )
    assert psfs["answers"][0] == {"question": "Stairs", "answer": 3}
    assert (pain["source"], pain["answers"][0]["answer"]) == ("The patient, on the phone page", 6)


def test_the_export_carries_a_fhir_bundle_whose_every_resource_validates(
    therapist_client, patient, answered
):
    raw = exported(therapist_client, patient).read("fhir-bundle.json")
    bundle = Bundle.model_validate_json(raw)
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds.count("Patient") == 1 and kinds.count("CarePlan") == 1
    assert kinds.count("Questionnaire") == 2 and kinds.count("QuestionnaireResponse") == 2
    assert kinds.count("Observation") == 2  # the NPRS answer and the day's pain
    for entry in json.loads(raw)["entry"]:
        resource = entry["resource"]
        RESOURCES[resource["resourceType"]].model_validate(resource)  # raises when invalid
    care_plan = next(e.resource for e in bundle.entry if e.resource.__resource_type__ == "CarePlan")
    assert (
        care_plan.activity[0].detail.description
        == "Hold 2 to 3 seconds, then relax. Repeat 10 times."
    )
    psfs = next(
        e.resource
        for e in bundle.entry
        if e.resource.__resource_type__ == "QuestionnaireResponse"
        and e.resource.item[0].linkId == "activity"
    )
    assert psfs.item[0].item[0].answer[0].valueString == "Stairs"
    assert psfs.subject.reference == f"Patient/patient-{patient.pk}"


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "final"},  # no code
        {"status": "final", "code": {"text": "Pain"}, "valueInteger": "lots"},
        {"status": "final", "code": {"text": "Pain"}, "painScore": 3},  # not a FHIR field
    ],
)
def test_a_bad_resource_does_not_validate(bad):
    """The check above proves something only if a bad resource fails it. (The package
    checks required fields, types and names; it does not check codes against their value
    sets, so a made-up status would pass.)"""
    with pytest.raises(ValueError):
        RESOURCES["Observation"].model_validate(bad)


def test_erasure_removes_the_answers_and_activities(patient, answered, clinic_admin):
    erase_patient(patient=patient, user=clinic_admin.user)
    assert not AnswerSet.objects.exists()
    assert not Answer.objects.exists()
    assert not Activity.objects.exists()
    for detail in AuditEvent.objects.values_list("detail", flat=True):
        assert "Stairs" not in detail and patient.name not in detail


@pytest.mark.django_db(transaction=True)  # the backup reads the database from outside
def test_a_backup_carries_the_answers(patient, answered, tmp_path, migrated_install):
    out = tmp_path / "clinic.backup"
    call_command("backup", out=str(out))
    restored = migrated_install.manage("restore", str(out))
    assert restored.returncode == 0, restored.stderr
    shown = migrated_install.python(
        "from outcomes.models import AnswerSet, Activity\n"
        "print(AnswerSet.objects.count(), Activity.objects.count(),"
        " sorted(str(s) for s in AnswerSet.objects.all()))"
    )
    assert shown.strip() == "2 3 ['PSFS on 2026-11-02: 4.00', 'Pain on 2026-11-02: 6.00']"
