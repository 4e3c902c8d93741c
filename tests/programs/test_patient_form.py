"""Adding and editing a patient: the warning about a possible duplicate (same name, birth
date that does not tell them apart) and the length limits said plainly, never a cut."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from clinics.models import Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

NEW = reverse("programs:patient_new")


@pytest.fixture
def rosa(therapist):
    return PatientFactory(
        clinic=therapist.clinic, name="Rosa Delgado", birth_date="1948-05-02", chart_number="A-17"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Rosa Delgado", "birth_date": "1948-05-02"},
        {"name": "  rosa   DELGADO ", "birth_date": "1948-05-02"},
        {"name": "Rosa Delgado"},  # no birth date: nothing tells them apart
    ],
)
def test_the_same_name_and_birth_date_is_pointed_out_and_nothing_is_added(
    therapist_client, rosa, data
):
    response = therapist_client.post(NEW, data)
    assert response.status_code == 200
    assert response.context["duplicates"] == [rosa]
    content = response.content.decode()
    assert f'href="{reverse("programs:patient", args=[rosa.pk])}">Rosa Delgado</a>' in content
    assert "born May 2, 1948, chart A-17" in content
    assert 'name="not_a_duplicate" value="yes"' in content
    assert Patient.objects.count() == 1


def test_the_therapist_may_go_on_and_add_them(therapist_client, rosa):
    data = {"name": "Rosa Delgado", "birth_date": "1948-05-02", "not_a_duplicate": "yes"}
    response = therapist_client.post(NEW, data)
    assert response.status_code == 302
    assert Patient.objects.filter(name="Rosa Delgado").count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Rosa Delgado", "birth_date": "1950-01-01"},  # another birthday
        {"name": "Rosa Delgada", "birth_date": "1948-05-02"},
    ],
)
def test_a_different_birth_date_or_name_is_no_duplicate(therapist_client, rosa, data):
    assert therapist_client.post(NEW, data).status_code == 302
    assert Patient.objects.count() == 2


def test_another_clinics_patient_is_never_pointed_out(
    therapist_client, other_clinic_therapist, therapist
):
    PatientFactory(clinic=other_clinic_therapist.clinic, name="Rosa Delgado")
    assert therapist_client.post(NEW, {"name": "Rosa Delgado"}).status_code == 302


def test_the_warning_is_audited_naming_who_was_shown(therapist_client, therapist, rosa):
    therapist_client.post(NEW, {"name": "Rosa Delgado"})
    row = AuditEvent.objects.get()
    assert (row.action, row.actor, row.clinic) == (
        Action.PATIENTS_LISTED,
        therapist.user,
        therapist.clinic,
    )
    assert row.detail == f"same name and birth date as a new patient: patients {rosa.pk}"


def test_editing_into_a_duplicate_warns_too_and_writes_one_row(therapist_client, rosa, therapist):
    tom = PatientFactory(clinic=therapist.clinic, name="Tom Ito")
    url = reverse("programs:patient_edit", args=[tom.pk])
    response = therapist_client.post(url, {"name": "Rosa Delgado"})
    assert response.context["duplicates"] == [rosa]
    tom.refresh_from_db()
    assert tom.name == "Tom Ito"
    assert AuditEvent.objects.get().patient == tom
    therapist_client.post(url, {"name": "Rosa Delgado", "not_a_duplicate": "yes"})
    tom.refresh_from_db()
    assert tom.name == "Rosa Delgado"


def test_saving_a_patient_unchanged_does_not_warn_about_themselves(therapist_client, rosa):
    url = reverse("programs:patient_edit", args=[rosa.pk])
    data = {"name": "Rosa Delgado", "birth_date": "1948-05-02", "chart_number": "A-17"}
    assert therapist_client.post(url, data).status_code == 302


# Length limits


def test_the_name_field_has_no_maxlength_that_would_cut_a_paste(therapist_client):
    content = therapist_client.get(NEW).content.decode()
    assert 'data-maxlength="120"' in content
    assert "maxlength=" not in content.replace("data-maxlength=", "")


def test_a_name_over_120_characters_is_refused_in_plain_words(therapist_client):
    response = therapist_client.post(NEW, {"name": "A" * 130})
    assert response.context["form"].errors["name"] == [
        "Name can be at most 120 characters. This has 130: shorten it by 10."
    ]
    assert 'value="' + "A" * 130 + '"' in response.content.decode()  # kept whole
    assert not Patient.objects.exists()
