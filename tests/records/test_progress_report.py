"""The progress report: one click on the patient page and `manage.py progress_report`,
printed through handouts' render path, audited; checked on the demo's six weeks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from clinics.models import Patient, Therapist
from outcomes.models import AnswerSet
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seed_library):
    call_command("loaddata", "protocols", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    return Patient.objects.get(chart_number="D-1002")


def test_the_demo_has_six_weeks_and_the_command_prints_the_gist(demo, tmp_path):
    assert AnswerSet.objects.filter(patient=demo).count() >= 4
    out = tmp_path / "report.pdf"
    printed = StringIO()
    call_command("progress_report", demo.pk, "--days", "30", "--out", str(out), stdout=printed)
    text = printed.getvalue()
    assert "of 30 days with any tick or answer (reaches 16)" in text
    assert "PSFS: first 4, last 6.67, change 2.67 (MIC 2): Better by more than" in text
    assert "Pain: first 5, last 3, change -2 (MIC 2): Better by more than" in text
    assert "Change: first 1, last 5" in text
    report = pdf_text(out.read_bytes())
    assert "Progress report: Daniel Reyes" in report
    assert "of 30 days" in report and "Riverside Physical Therapy (demo)" in report
    assert "Patient-Specific Functional Scale" in report
    event = AuditEvent.objects.get(detail="progress report, 30 days (command)")
    assert event.action == "report.downloaded"
    # A second run of the demo adds nothing.
    call_command("seed_demo", stdout=StringIO())
    assert AnswerSet.objects.filter(patient=demo).count() == 11


def test_the_command_refuses_bad_input(demo, tmp_path):
    with pytest.raises(CommandError, match="No patient has the id"):
        call_command("progress_report", 999999, "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="7 to 365"):
        call_command("progress_report", demo.pk, "--days", "3", "--out", str(tmp_path / "x.pdf"))


def test_one_click_from_the_patient_page(client, demo):
    therapist = Therapist.objects.get(user__username="therapist")
    client.force_login(therapist.user)
    page = client.get(reverse("programs:patient", args=[demo.pk])).content.decode()
    url = reverse("records:report", args=[demo.pk])
    assert url in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Completion per exercise" in text and "Jordan Lee" in text
    event = AuditEvent.objects.get(detail="progress report, 30 days")
    assert (event.action, event.actor, event.patient_id) == (
        "report.downloaded",
        therapist.user,
        demo.pk,
    )


def test_it_requires_login(client, patient):
    assert client.get(reverse("records:report", args=[patient.pk])).status_code == 302


def test_it_hides_other_clinics(client, other_clinic_therapist, patient):
    client.force_login(other_clinic_therapist.user)
    assert client.get(reverse("records:report", args=[patient.pk])).status_code == 404


@pytest.mark.parametrize("days", ["3", "abc", "400"])
def test_a_bad_period_is_a_clear_error(therapist_client, patient, days):
    response = therapist_client.get(reverse("records:report", args=[patient.pk]), {"days": days})
    assert response.status_code == 400
    assert "Choose a period of 7 to 365 days." in response.content.decode()
