"""Discharge: the therapist confirms, the phone page asks the schedule's discharge
measures (once each, and nothing else of the schedule), the patient page and the progress
report say so, and it is audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from outcomes.models import Discharge
from outcomes.schedule import due_measures
from outcomes.services import discharge
from phone.links import form_check
from phone.models import PatientLink
from programs.services import revise_program
from records.report import build_report, report_pdf
from tests.factories import ExerciseFactory, ProgramItemFactory
from tests.helpers import TOKEN, answer_one, issue_with_link, pdf_text

PAGE = reverse("phone:page", args=[TOKEN])
ANSWER = reverse("phone:answer", args=[TOKEN])


def url(program):
    return reverse("outcomes:discharge", args=[program.pk])


@pytest.fixture
def program(program):
    ProgramItemFactory(program=program, exercise=ExerciseFactory(name="Bridge"), order=1)
    return program


@pytest.fixture
def today(patient):
    return timezone.localdate(timezone=patient.clinic.zone)


def test_it_requires_login(client, program):
    assert client.get(url(program)).status_code == 302
    assert client.post(url(program)).status_code == 302
    assert not Discharge.objects.exists()


def test_it_hides_other_clinics(client, other_clinic_therapist, program):
    client.force_login(other_clinic_therapist.user)
    assert client.get(url(program)).status_code == 404
    assert client.post(url(program)).status_code == 404
    assert not Discharge.objects.exists()


def test_it_asks_to_confirm_first(therapist_client, patient, program):
    html = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert url(program) in html and "Discharge…" in html
    html = therapist_client.get(url(program)).content.decode()
    assert f"Discharge {patient.name} from {program.title}?" in html
    assert "<strong>PSFS</strong>, <strong>Pain</strong>, <strong>Change</strong>" in html
    assert not Discharge.objects.exists()  # a GET changes nothing


def test_discharge_is_audited_and_shown(therapist_client, therapist, patient, program, today):
    response = therapist_client.post(url(program))
    assert response.status_code == 302
    made = Discharge.objects.get()
    assert (made.program, made.day, made.discharged_by) == (program, today, therapist.user)
    event = AuditEvent.objects.get(action="patient.discharged")
    assert (event.patient_id, event.actor, event.object_id) == (
        patient.pk,
        therapist.user,
        program.pk,
    )
    html = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert "<strong>Discharged</strong>" in html and "Discharge…" not in html
    # Twice is refused, stores nothing more.
    response = therapist_client.post(url(program))
    assert response.status_code == 400
    assert "already discharged" in response.content.decode()
    assert Discharge.objects.count() == 1
    assert AuditEvent.objects.filter(action="patient.discharged").count() == 1


def test_a_revised_program_or_a_draft_is_not_discharged(therapist_client, therapist, program):
    revision, _ = revise_program(program=program, therapist=therapist)
    response = therapist_client.post(url(program))
    assert response.status_code == 400
    assert "discharge from the newest revision" in response.content.decode()
    revision.is_draft = True
    revision.save()
    assert therapist_client.post(url(revision)).status_code == 400
    assert not Discharge.objects.exists()


def test_after_discharge_only_the_discharge_measures_are_due_once(
    therapist, patient, program, today, nprs, groc
):
    answer_one(patient, nprs, 6, today - datetime.timedelta(days=20))
    # In care: PSFS at the start, pain again after 14 days (the rating of change from day 14).
    assert [m.slug for m in due_measures(program, today=today)] == ["psfs", "nprs"]
    discharge(program=program, day=today, user=therapist.user)
    # Discharge: NPRS and GROC (at discharge in the default), PSFS has no activities here
    # but is due too; each until answered on or after the day.
    assert [m.slug for m in due_measures(program, today=today)] == ["psfs", "nprs", "groc"]
    answer_one(patient, nprs, 2, today)
    answer_one(patient, groc, 5, today)
    assert [m.slug for m in due_measures(program, today=today)] == ["psfs"]
    later = today + datetime.timedelta(days=30)
    assert [m.slug for m in due_measures(program, today=later)] == ["psfs"]  # no more NPRS


def test_an_answer_on_the_day_before_discharge_counts(
    client, therapist, patient, program, today, nprs, groc
):
    issue_with_link(program, therapist.user)
    answer_one(patient, nprs, 6, today)
    answer_one(patient, groc, 1, today)
    assert "A few questions first" not in client.get(PAGE).content.decode()
    discharge(program=program, day=today, user=therapist.user)
    # Answered today before the discharge: that counts as the discharge answer.
    assert "A few questions first" not in client.get(PAGE).content.decode()
    tomorrow = today + datetime.timedelta(days=1)
    Discharge.objects.update(day=tomorrow)
    assert [m.slug for m in due_measures(program, today=tomorrow)] == ["psfs", "nprs", "groc"]


def test_the_phone_page_asks_at_discharge_and_the_report_shows_it(
    client, therapist, patient, program, today, nprs, groc
):
    from outcomes.models import ProgramMeasure

    # A schedule asking pain at the start and at discharge only.
    ProgramMeasure.objects.create(
        program=program, measure=nprs, at_start=True, every_days=None, at_discharge=True
    )
    link = issue_with_link(program, therapist.user)
    answer_one(patient, nprs, 7, today - datetime.timedelta(days=20))
    assert "A few questions first" not in client.get(PAGE).content.decode()
    discharge(program=program, day=today, user=therapist.user)
    html = client.get(PAGE).content.decode()
    assert "A few questions first" in html and "how much pain" in html
    day = today.isoformat()
    post = {"day": day, "check": form_check(PatientLink.objects.get(pk=link.pk), day)}
    post |= {"measure": nprs.pk, f"q-{nprs.items.get().pk}": "2"}
    assert client.post(ANSWER, post).status_code == 302
    assert "A few questions first" not in client.get(PAGE).content.decode()
    event = AuditEvent.objects.filter(object_type="answerset").latest("pk")
    assert (event.action, event.actor, event.detail) == (
        "answers.recorded",
        None,
        "patient link: answers to nprs",
    )
    text = pdf_text(report_pdf(build_report(patient, days=30)))
    assert f"Discharged on {today:%b} {today.day}, {today.year}" in text
    assert "at discharge" in text
