"""What the therapist sees on the patient page: each measure's trend as a server-drawn
SVG chart with a text alternative, the MIC band, a plain flag and the data table."""

import datetime

from django.urls import reverse

from audit.models import AuditEvent
from outcomes.models import AnswerSet
from tests.factories import PatientFactory
from tests.helpers import TODAY, answer_one, answer_psfs


def page(client, patient):
    return client.get(reverse("programs:patient", args=[patient.pk])).content.decode()


def test_it_requires_login(client, patient):
    response = client.get(reverse("programs:patient", args=[patient.pk]))
    assert response.status_code == 302


def test_it_hides_other_clinics(client, other_clinic_therapist, patient, nprs):
    answer_one(patient, nprs, 7, TODAY)
    client.force_login(other_clinic_therapist.user)
    assert client.get(reverse("programs:patient", args=[patient.pk])).status_code == 404


def test_each_measure_shows_its_chart_flag_band_and_table(
    therapist_client, patient, psfs, nprs, activities
):
    answer_psfs(patient, psfs, activities, [2, 3, 4], TODAY - datetime.timedelta(days=28))
    answer_psfs(patient, psfs, activities, [6, 6, 6], TODAY)
    answer_one(patient, nprs, 6, TODAY - datetime.timedelta(days=28))
    answer_one(patient, nprs, 5, TODAY)
    html = page(therapist_client, patient)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert "Better by more than the minimal important change" in html  # PSFS 3 -> 6
    assert "No meaningful change" in html  # pain 6 -> 5
    assert (
        'aria-label="PSFS from 3 on 2 Nov 2026 to 6 on 30 Nov 2026, 2 answers; minimal '
        'important change 2: better by more than the minimal important change."'
    ) in html
    assert "<td>Nov 2, 2026</td><td>3</td>" in html and "<td>Nov 30, 2026</td><td>6</td>" in html
    assert 'fill="#dbe9f6"' in html  # the band
    assert "lower is better; minimal important change 2" in html
    # Shown: the patient page's audit row covers it.
    assert AuditEvent.objects.filter(action="patient.viewed", patient=patient).exists()


def test_worse_is_said_plainly(therapist_client, patient, nprs):
    answer_one(patient, nprs, 2, TODAY - datetime.timedelta(days=14))
    answer_one(patient, nprs, 6, TODAY)
    assert '<strong class="outcome-flag outcome-worse">Worse</strong>' in page(
        therapist_client, patient
    )


def test_another_patients_answers_stay_off_the_page(therapist_client, patient, nprs):
    other = PatientFactory(clinic=patient.clinic)
    answer_one(other, nprs, 9, TODAY)
    html = page(therapist_client, patient)
    assert "No answers yet." in html and "<svg" not in html


def test_the_query_count_is_the_same_for_1_or_50_answer_sets(
    therapist_client, patient, nprs, django_assert_num_queries
):
    answer_one(patient, nprs, 5, TODAY)
    # session, user, patient, its conditions, the audit row, programs (none), the answer
    # sets' days and scores, their measures
    with django_assert_num_queries(8):
        html = page(therapist_client, patient)
    assert html.count("<tr><td>") == 1
    for n in range(1, 50):
        answer_one(patient, nprs, n % 11, TODAY - datetime.timedelta(days=7 * n))
    assert AnswerSet.objects.count() == 50
    with django_assert_num_queries(8):
        html = page(therapist_client, patient)
    assert html.count("<tr><td>") == 50
