"""Another clinic's therapist learns nothing: every object route answers them exactly as
it answers for an object that does not exist. Extra form fields change no ownership."""

import pytest
from django.urls import reverse

from clinics.models import Patient
from programs.models import Program
from tests.factories import ClinicFactory, TherapistFactory
from tests.helpers import MISSING, editor_data, object_routes, query_for


def test_every_object_route_is_in_the_matrix():
    kinds = dict(object_routes())
    assert set(kinds.values()) == {"patient", "program", "handouts"}
    assert len(kinds) >= 13


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_clinic_gets_the_same_404_as_a_missing_object(
    client, therapist_client, other_clinic_therapist, objects, program, method
):
    client.force_login(other_clinic_therapist.user)
    for name, kind in object_routes():
        data = query_for(name, program)
        theirs = getattr(client, method)(reverse(name, args=[objects[kind]]), data)
        missing = getattr(client, method)(reverse(name, args=[MISSING]), data)
        assert theirs.status_code == missing.status_code, name
        assert theirs.status_code in (404, 405), name
        assert theirs.content == missing.content, name


def test_the_owner_does_reach_each_route(therapist_client, objects, program):
    """The matrix above proves something only if the same requests work for Alice."""
    for name, kind in object_routes():
        response = therapist_client.get(
            reverse(name, args=[objects[kind]]), query_for(name, program)
        )
        assert response.status_code in (200, 302, 405), name


def test_a_therapist_without_a_clinic_sees_no_patient(client, patient, django_user_model):
    operator = django_user_model.objects.create_user("operator", password="x" * 20)
    client.force_login(operator)
    assert client.get(reverse("programs:patient", args=[patient.pk])).status_code == 404
    assert patient.name.encode() not in client.get(reverse("programs:patients")).content


# Extra POST fields


def test_new_patient_lands_in_my_clinic_whatever_the_form_says(therapist_client, therapist):
    elsewhere = ClinicFactory(name="Elsewhere")
    therapist_client.post(
        reverse("programs:patient_new"),
        {"name": "Ruth Park", "clinic": elsewhere.pk, "clinic_id": elsewhere.pk},
    )
    assert Patient.objects.get(name="Ruth Park").clinic == therapist.clinic


def test_editing_a_patient_cannot_move_them(therapist_client, patient, therapist):
    elsewhere = ClinicFactory(name="Elsewhere")
    therapist_client.post(
        reverse("programs:patient_edit", args=[patient.pk]),
        {"name": "Margaret O.", "clinic": elsewhere.pk, "clinic_id": elsewhere.pk, "id": 77},
    )
    patient.refresh_from_db()
    assert (patient.name, patient.clinic, patient.pk) == (
        "Margaret O.",
        therapist.clinic,
        patient.pk,
    )


def test_new_program_belongs_to_me_and_the_patient_in_the_url(therapist_client, patient, therapist):
    stranger = TherapistFactory(clinic=ClinicFactory(name="Elsewhere"))
    their_patient = Patient.objects.create(clinic=stranger.clinic, name="Not Mine")
    therapist_client.post(
        reverse("programs:new", args=[patient.pk]),
        {"protocol": "", "therapist": stranger.pk, "patient": their_patient.pk},
    )
    program = Program.objects.latest("pk")
    assert (program.patient, program.therapist) == (patient, therapist)


def test_saving_a_program_cannot_change_its_patient_or_therapist(
    therapist_client, program, patient, therapist
):
    stranger = TherapistFactory(clinic=ClinicFactory(name="Elsewhere"))
    their_patient = Patient.objects.create(clinic=stranger.clinic, name="Not Mine")
    item = program.items.get()
    data = editor_data(
        program,
        [{"exercise": item.exercise_id, "reps": 5}],
        title="Changed title",
        patient=their_patient.pk,
        therapist=stranger.pk,
        revision=9,
        previous=program.pk,
    )
    assert (
        therapist_client.post(reverse("programs:edit", args=[program.pk]), data).status_code == 302
    )
    program.refresh_from_db()
    assert program.title == "Changed title"
    assert (program.patient, program.therapist, program.revision) == (patient, therapist, 1)
    assert program.previous is None
