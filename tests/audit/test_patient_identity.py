"""What the audit log keeps about a patient: their id, never their name or chart number
in the free text, so that once the patient is erased the rows identify nobody."""

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import ProgramItemFactory

pytestmark = pytest.mark.django_db

NAME = "Zelda Quenby"
CHART = "CH-77"


def test_no_detail_carries_a_patients_name_or_chart_number(therapist_client, therapist):
    """A day's work: add, edit, list and search (by name and by chart number), open, write
    a program, preview, issue and download a handout."""
    created = therapist_client.post(
        reverse("programs:patient_new"), {"name": NAME, "chart_number": CHART}
    )
    assert created.status_code == 302
    patient = therapist.clinic.patients.get(name=NAME)
    therapist_client.post(
        reverse("programs:patient_edit", args=[patient.pk]),
        {"name": NAME + " Jr", "chart_number": CHART},
    )
    for query in ("", "Zelda", CHART):
        therapist_client.get(reverse("programs:patients"), {"q": query})
    therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    item = ProgramItemFactory(program__patient=patient, program__therapist=therapist)
    therapist_client.get(reverse("programs:detail", args=[item.program.pk]))
    therapist_client.get(reverse("handouts:sheet", args=[item.program.pk]))
    therapist_client.post(reverse("handouts:issue", args=[item.program.pk]), {"mode": "filled"})
    handout = item.program.handouts.get()
    therapist_client.get(reverse("handouts:pdf", args=[handout.pk]))
    therapist_client.get(reverse("records:export", args=[patient.pk]))
    therapist_client.post(reverse("records:export", args=[patient.pk]))

    details = list(AuditEvent.objects.values_list("detail", "username"))
    assert len(details) >= 12
    for detail, username in details:
        for identity in ("Zelda", "Quenby", CHART, CHART.lower()):
            assert identity not in detail and identity not in username


def test_the_patient_column_has_no_foreign_key_constraint():
    """So deleting a patient is never blocked by, and never changes, an audit row."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_auditevent")
    foreign = {
        name: info["foreign_key"] for name, info in constraints.items() if info["foreign_key"]
    }
    assert all(target[0] != "clinics_patient" for target in foreign.values()), foreign
    assert any(target[0] == "clinics_clinic" for target in foreign.values())  # still PROTECTed
