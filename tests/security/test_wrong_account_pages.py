"""An account on a page that is not for it gets a page that says so and where to go:
a therapist opening admin, and an account of no clinic (the operator, a library editor)
opening a therapist's page such as "Add a patient" (issue 30)."""

import pytest
from django.urls import reverse

from clinics.models import Patient
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text(response):
    return " ".join(response.content.decode().split())


def test_a_therapist_opening_admin_is_told_it_is_not_for_them(therapist_client):
    response = therapist_client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    page = text(response)
    assert "Admin is for clinic admins and library editors" in page
    assert 'href="/patients/"' in page or f'href="{reverse("programs:patients")}"' in page
    assert "Back to Patients" in page
    assert 'name="password"' not in page  # not a login form


def test_logged_out_admin_still_goes_to_the_apps_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def test_staff_reach_admin(clinic_admin_client):
    assert clinic_admin_client.get("/admin/").status_code == 200


@pytest.fixture
def operator_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_operators_patient_list_offers_no_add_and_says_why(operator_client):
    page = text(operator_client.get(reverse("programs:patients")))
    assert "This account belongs to no clinic" in page
    assert reverse("programs:patient_new") not in page
    assert reverse("admin:clinics_therapist_changelist") in page


@pytest.mark.parametrize("who", ["operator", "library editor"])
def test_add_a_patient_without_a_clinic_is_a_clear_page_not_a_404(client, library_editor, who):
    user = (
        library_editor
        if who == "library editor"
        else UserFactory(username="root", is_staff=True, is_superuser=True)
    )
    client.force_login(user)
    for url in (reverse("programs:patient_new"), reverse("mine:templates")):
        response = client.get(url)
        assert response.status_code == 403, url
        page = text(response)
        assert "This account belongs to no clinic" in page
        assert "Admin › Therapists" in page
    response = client.post(reverse("programs:patient_new"), {"name": "Ann Lee"})
    assert response.status_code == 403
    assert not Patient.objects.exists()
