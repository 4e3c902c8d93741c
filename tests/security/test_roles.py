"""Roles: a clinic admin runs their own clinic in admin, never another one."""

import pytest
from django.urls import reverse

from clinics.models import Therapist
from tests.factories import TherapistFactory, UserFactory


def test_clinic_admin_sees_only_their_clinic(clinic_admin_client, clinic, other_clinic_therapist):
    page = clinic_admin_client.get(reverse("admin:clinics_clinic_changelist")).content.decode()
    assert clinic.name in page
    assert other_clinic_therapist.clinic.name not in page
    other = reverse("admin:clinics_clinic_change", args=[other_clinic_therapist.clinic.pk])
    assert clinic_admin_client.get(other).status_code == 302  # "does not exist"


def test_clinic_admin_cannot_add_a_clinic(clinic_admin_client):
    assert clinic_admin_client.get(reverse("admin:clinics_clinic_add")).status_code == 403


def test_clinic_admin_manages_only_their_therapists(
    clinic_admin_client, therapist, other_clinic_therapist
):
    page = clinic_admin_client.get(reverse("admin:clinics_therapist_changelist"))
    assert "Alice" in page.content.decode()
    assert "Bob" not in page.content.decode()
    bob = reverse("admin:clinics_therapist_change", args=[other_clinic_therapist.pk])
    assert clinic_admin_client.get(bob).status_code == 302


@pytest.mark.parametrize("who", ["themselves", "a colleague"])
def test_clinic_admin_cannot_move_anyone_to_another_clinic(
    clinic_admin_client, clinic_admin, therapist, other_clinic_therapist, who
):
    """Moving oneself (or a colleague) into another clinic would open its patients; so would
    pointing the profile at another clinic's login, which the form ignores."""
    moved = clinic_admin if who == "themselves" else therapist
    login = moved.user
    url = reverse("admin:clinics_therapist_change", args=[moved.pk])
    response = clinic_admin_client.post(
        url,
        {
            "user": other_clinic_therapist.user.pk,
            "first_name": login.first_name,
            "last_name": login.last_name,
            "email": "",
            "is_active": "on",
            "clinic": other_clinic_therapist.clinic.pk,
            "credentials": "",
            "phone": "",
        },
    )
    # The clinic field is shown, not chosen (clinics.admin.settle_clinic): the posted
    # clinic is ignored and the profile stays where it was.
    assert response.status_code == 302
    moved.refresh_from_db()
    assert (moved.clinic, moved.user) == (therapist.clinic, login)
    other_clinic_therapist.refresh_from_db()
    assert other_clinic_therapist.clinic.name == "Hilltop Rehab"


def test_operator_sees_every_clinic(admin_client, clinic, other_clinic_therapist):
    page = admin_client.get(reverse("admin:clinics_clinic_changelist")).content.decode()
    assert clinic.name in page and other_clinic_therapist.clinic.name in page


def test_a_therapist_profile_in_another_clinic_is_invisible(clinic_admin_client, db):
    stranger = TherapistFactory(user=UserFactory(username="dora", first_name="Dora"))
    assert Therapist.objects.count() >= 2
    page = clinic_admin_client.get(reverse("admin:clinics_therapist_changelist"))
    assert "Dora" not in page.content.decode()
    assert stranger.clinic.name not in page.content.decode()
