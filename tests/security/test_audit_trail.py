"""Every response that shows a patient's data writes one audit row, and every refused
attempt on another clinic's object writes an "access denied" row for that clinic."""

from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.factories import PatientFactory
from tests.helpers import MISSING, object_routes, query_for

# Routes that only take a POST, with what a therapist would send.
POSTED = {"programs:revise": {}, "handouts:issue": {"mode": "filled"}}


def visit(client, name, pk, program):
    url = reverse(name, args=[pk])
    if name in POSTED:
        return client.post(url, POSTED[name])
    return client.get(url, query_for(name, program))


def new_rows(since):
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_pk():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def routes_posts_last():
    """Revising makes the program an earlier revision, so the POSTs go last."""
    return sorted(object_routes(), key=lambda route: route[0] in POSTED)


def test_each_route_that_shows_a_patient_writes_one_row(
    therapist_client, therapist, patient, objects, program
):
    for name, kind in routes_posts_last():
        since = last_pk()
        response = visit(therapist_client, name, objects[kind], program)
        assert response.status_code in (200, 302), name
        rows = new_rows(since)
        assert len(rows) == 1, (name, rows)
        row = rows[0]
        assert (row.actor, row.patient, row.clinic) == (therapist.user, patient, patient.clinic)
        assert row.ip == "127.0.0.1"
        assert row.action != Action.ACCESS_DENIED, name


def test_each_refused_attempt_on_another_clinics_object_writes_a_denied_row(
    client, other_clinic_therapist, patient, objects, program
):
    client.force_login(other_clinic_therapist.user)
    kinds = {"patient": "patient", "program": "program", "handouts": "issuedhandout"}
    for name, kind in object_routes():
        since = last_pk()
        assert visit(client, name, objects[kind], program).status_code == 404, name
        rows = new_rows(since)
        assert len(rows) == 1, (name, rows)
        row = rows[0]
        assert row.action == Action.ACCESS_DENIED, name
        assert (row.actor, row.patient, row.clinic) == (
            other_clinic_therapist.user,
            patient,
            patient.clinic,  # the clinic whose data it was reads the row
        )
        assert (row.object_type, row.object_id) == (kinds[kind], objects[kind])


def test_a_missing_object_writes_nothing(therapist_client, program):
    for name, _kind in object_routes():
        assert visit(therapist_client, name, MISSING, program).status_code == 404, name
    assert not AuditEvent.objects.exists()


def test_the_patient_list_and_search_write_a_row_naming_who_was_shown(
    therapist_client, therapist, patient
):
    other = PatientFactory(clinic=therapist.clinic, name="Ruth Park")
    therapist_client.get(reverse("programs:patients"))
    therapist_client.get(reverse("programs:patients"), {"q": "ruth"})
    listed, searched = AuditEvent.objects.filter(action=Action.PATIENTS_LISTED).order_by("pk")
    assert listed.actor == searched.actor == therapist.user
    assert listed.clinic == searched.clinic == therapist.clinic
    assert listed.detail == f"list, page 1: patients {patient.pk},{other.pk}"
    assert searched.detail == f"search, page 1: patients {other.pk}"  # never the words
