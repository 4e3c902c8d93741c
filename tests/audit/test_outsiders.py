"""A clinic's audit log names only its own people: a row whose actor belongs to another
clinic ("access denied" on this clinic's patient) says "a user of another clinic" to the
clinic admin, in the list, on the row's page and to the search. The operator sees who."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.admin import OUTSIDER, AuditEventAdmin
from audit.models import Action, AuditEvent

CHANGELIST = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def denied(patient, therapist, other_clinic_therapist):
    """Bob (Hilltop) tries a Harbor patient; Alice (Harbor) views the same patient."""
    for person in (other_clinic_therapist, therapist):
        browser = Client()
        browser.force_login(person.user)
        browser.get(reverse("programs:patient", args=[patient.pk]))
    return AuditEvent.objects.get(action=Action.ACCESS_DENIED)


def test_the_list_shows_an_outsider_not_their_name(clinic_admin_client, denied):
    assert denied.clinic == denied.patient.clinic  # the row is the Harbor clinic's
    page = clinic_admin_client.get(CHANGELIST).content.decode()
    assert OUTSIDER in page
    assert "Alice Ng" in page  # their own people are named
    for name in ("Bob", "Ruiz", "bob"):
        assert name not in page, name


@pytest.mark.parametrize("view", ["change", "history"])
def test_the_rows_pages_show_an_outsider_not_their_name(clinic_admin_client, denied, view):
    response = clinic_admin_client.get(reverse(f"admin:audit_auditevent_{view}", args=[denied.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert OUTSIDER in page
    for name in ("Bob", "Ruiz", "bob"):
        assert name not in page, name


def test_the_search_does_not_find_an_outsider_by_name(clinic_admin_client, denied, patient):
    def found(term):
        response = clinic_admin_client.get(CHANGELIST, {"q": term})
        assert response.status_code == 200
        return response.context["cl"].result_count

    assert found("bob") == found("Ruiz") == 0
    assert found("alice") == found("Ng") == 1
    assert found(patient.name) == 2  # the outsider's row is found by what it is about


def test_sorting_by_who_works_for_a_clinic_admin(clinic_admin_client, denied):
    who = AuditEventAdmin.list_display.index("who")
    response = clinic_admin_client.get(CHANGELIST, {"o": str(who + 1)})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_a_colleagues_refused_export_names_the_colleague(clinic_admin_client, therapist, patient):
    """Access denied inside the clinic (export not allowed) is no outsider's row."""
    client = Client()
    client.force_login(therapist.user)
    client.post(reverse("records:export", args=[patient.pk]))
    row = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    page = clinic_admin_client.get(CHANGELIST).content.decode()
    assert row.actor == therapist.user
    assert "Alice Ng" in page and OUTSIDER not in page


def test_the_operator_sees_who_it_was(admin_client, denied):
    page = admin_client.get(CHANGELIST).content.decode()
    assert "Bob Ruiz" in page and OUTSIDER not in page
    assert admin_client.get(CHANGELIST, {"q": "Ruiz"}).context["cl"].result_count == 1
    change = reverse("admin:audit_auditevent_change", args=[denied.pk])
    assert "Bob Ruiz" in admin_client.get(change).content.decode()
