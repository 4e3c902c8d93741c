"""A patient's record, exported from the patient page: one zip with their details, every
program revision and item, every issued handout's PDF and the audit events about them."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from clinics.roles import CLINIC_ADMIN_GROUP, is_clinic_admin
from handouts.services import issue_handout
from library.models import Sheet
from phone.models import DayFeeling, ExerciseTick, PatientLink
from programs.models import ProgramSheet
from programs.services import revise_program
from tests.factories import ProgramItemFactory, TherapistFactory

pytestmark = pytest.mark.django_db


def url(patient):
    return reverse("records:export", args=[patient.pk])


@pytest.fixture
def record(patient, therapist):
    """Two revisions of a one-exercise program, a handout issued from each."""
    item = ProgramItemFactory(
        program__patient=patient, program__therapist=therapist, note="Slowly at first"
    )
    first = item.program
    sheet = Sheet.objects.create(title="Bone health basics", slug="bone-health", summary="Food")
    ProgramSheet.objects.create(program=first, sheet=sheet, order=1)
    second, _ = revise_program(program=first, therapist=therapist)
    handouts = [
        issue_handout(program=program, user=therapist.user, mode="filled", large_print=False)
        for program in (first, second)
    ]
    return {"programs": [first, second], "handouts": handouts}


def exported(client, patient):
    response = client.post(url(patient))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="patient-{patient.pk}-record.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_it_requires_login(client, patient):
    for method in (client.get, client.post):
        response = method(url(patient))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_hides_other_clinics(client, other_clinic_therapist, patient, record):
    client.force_login(other_clinic_therapist.user)
    assert client.post(url(patient)).status_code == 404
    assert client.get(url(patient)).status_code == 404
    missing = reverse("records:export", args=[patient.pk + 1000])
    assert client.post(missing).status_code == 404
    denied = AuditEvent.objects.filter(action=Action.ACCESS_DENIED)
    assert (
        denied.count() == 2
        and not AuditEvent.objects.filter(action=Action.PATIENT_EXPORTED).exists()
    )


def test_the_export_holds_the_whole_record(therapist_client, patient, record):
    archive = exported(therapist_client, patient)
    names = set(archive.namelist())
    handouts = record["handouts"]
    assert names == {"README.txt", "record.json", "fhir-bundle.json"} | {
        f"handouts/handout-{handout.pk}.pdf" for handout in handouts
    }
    data = json.loads(archive.read("record.json"))
    assert data["patient"]["name"] == "Margaret Okafor"
    assert data["patient"]["chart_number"] == "A-1"
    assert [program["revision"] for program in data["programs"]] == [1, 2]
    assert data["programs"][1]["previous_revision_id"] == record["programs"][0].pk
    for program in data["programs"]:
        assert [item["note"] for item in program["items"]] == ["Slowly at first"]
        assert program["education_sheets"] == ["Bone health basics"]
    for handout, entry in zip(handouts, data["handouts"], strict=True):
        pdf = archive.read(entry["pdf"])
        assert pdf == handout.read_pdf()
        assert hashlib.sha256(pdf).hexdigest() == entry["sha256"] == handout.sha256
        assert entry["printed"]["patient"] == "Margaret Okafor"
    assert "Margaret Okafor" in archive.read("README.txt").decode()


def test_the_export_holds_the_phone_pages_ticks_and_answers_not_the_tokens(
    therapist_client, patient, record
):
    first, second = record["programs"]
    exercise = first.items.get().exercise
    day = datetime.date(2026, 11, 2)
    ExerciseTick.objects.create(program=first, exercise=exercise, day=day)
    DayFeeling.objects.create(program=first, day=day, pain=4, effort="hard")
    link = PatientLink.objects.get(handout=record["handouts"][0])
    link.revoked_at = timezone.now()
    link.save()
    data = json.loads(exported(therapist_client, patient).read("record.json"))
    old, new = data["programs"]
    assert old["done_at_home"] == [{"day": "2026-11-02", "exercise": exercise.name}]
    assert old["how_it_felt"] == [{"day": "2026-11-02", "pain": 4, "effort": "Too hard"}]
    assert (new["done_at_home"], new["how_it_felt"]) == ([], [])
    links = [handout["phone_link"] for handout in data["handouts"]]
    assert links[0]["revoked_at"] is not None and links[1]["revoked_at"] is None
    assert all(link["created_at"] for link in links)
    raw = json.dumps(data)
    for stored in PatientLink.objects.values_list("token_sha256", flat=True):
        assert stored not in raw


def test_the_export_lists_the_audit_events_and_is_audited(therapist_client, patient, record):
    therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    therapist_client.get(reverse("handouts:pdf", args=[record["handouts"][0].pk]))
    data = json.loads(exported(therapist_client, patient).read("record.json"))
    actions = [event["action"] for event in data["audit_events"]]
    # The revision and the two handouts of the record fixture are audited as they are made.
    assert actions == [
        Action.PROGRAM_CREATED,
        Action.HANDOUT_ISSUED,
        Action.HANDOUT_ISSUED,
        Action.PATIENT_VIEWED,
        Action.HANDOUT_DOWNLOADED,
    ]
    assert data["audit_events"][0]["who"] == "Alice Ng"
    event = AuditEvent.objects.get(action=Action.PATIENT_EXPORTED)
    assert (event.patient, event.actor, event.object_type) == (
        patient,
        record["handouts"][0].issued_by,
        "patient",
    )
    assert "Okafor" not in event.detail


def test_the_page_explains_and_posts_with_csrf(therapist_client, patient, record):
    page = therapist_client.get(url(patient)).content.decode()
    assert "Download the record (zip)" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert AuditEvent.objects.filter(action=Action.PATIENT_VIEWED, detail="export page").exists()


def test_a_clinic_admin_may_export(clinic_admin_client, patient, record):
    assert "record.json" in exported(clinic_admin_client, patient).namelist()


def test_a_colleague_who_never_treated_the_patient_may_not(client, patient, record, clinic):
    colleague = TherapistFactory(clinic=clinic)
    client.force_login(colleague.user)
    response = client.post(url(patient))
    assert response.status_code == 403
    assert "can export the record" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.PATIENT_EXPORTED).exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, detail="export: not allowed")


def test_the_patient_page_links_to_export_and_only_admins_to_erase(
    therapist, clinic_admin, patient
):
    page = reverse("programs:patient", args=[patient.pk])
    erase = reverse("records:erase", args=[patient.pk])
    alice, charlie = Client(), Client()
    alice.force_login(therapist.user)
    charlie.force_login(clinic_admin.user)
    html = alice.get(page).content.decode()
    assert url(patient) in html and erase not in html
    assert erase in charlie.get(page).content.decode()


def test_a_clinic_admin_is_whoever_the_roles_make_one(clinic_admin, therapist, library_editor):
    """records/ sits below rehab, so it asks for the role's permission, not its group."""
    assert CLINIC_ADMIN_GROUP in clinic_admin.user.groups.values_list("name", flat=True)
    assert is_clinic_admin(clinic_admin.user)
    assert not is_clinic_admin(therapist.user)
    assert not is_clinic_admin(library_editor)
