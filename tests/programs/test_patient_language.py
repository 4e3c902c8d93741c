"""A patient's handout language: chosen on the patient's form, shown on their page."""

import pytest
from django.urls import reverse

from clinics.models import Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_a_new_patient_reads_english_unless_told_otherwise(therapist_client):
    page = therapist_client.get(reverse("programs:patient_new")).content.decode()
    assert '<option value="es">Español</option>' in page
    therapist_client.post(reverse("programs:patient_new"), {"name": "Ana Ruiz", "language": "es"})
    therapist_client.post(reverse("programs:patient_new"), {"name": "Tom Hill"})
    assert dict(Patient.objects.values_list("name", "language")) == {
        "Ana Ruiz": "es",
        "Tom Hill": "en",
    }


def test_the_language_is_kept_when_a_post_leaves_it_out_and_refused_when_unknown(
    therapist_client, therapist
):
    ana = PatientFactory(clinic=therapist.clinic, name="Ana Ruiz", language="es")
    url = reverse("programs:patient_edit", args=[ana.pk])
    assert therapist_client.post(url, {"name": "Ana Ruiz López"}).status_code == 302
    ana.refresh_from_db()
    assert (ana.name, ana.language) == ("Ana Ruiz López", "es")
    response = therapist_client.post(url, {"name": "Ana Ruiz", "language": "xx"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    page = therapist_client.get(reverse("programs:patient", args=[ana.pk])).content.decode()
    assert "Handout language" in page and "Español" in page
