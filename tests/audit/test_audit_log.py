"""The audit log: one row per access to patient data, and rows nobody can change."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Action, AppendOnlyError, AuditEvent
from tests.factories import PatientFactory, ProgramFactory
from tests.helpers import editor_data


def only_event(**filters):
    events = AuditEvent.objects.filter(**filters)
    assert events.count() == 1, list(events)
    return events.get()


# Which actions write a row


def test_viewing_a_patient(therapist_client, therapist, patient):
    therapist_client.get(reverse("programs:patient", args=[patient.pk]), REMOTE_ADDR="10.1.2.3")
    event = only_event(action=Action.PATIENT_VIEWED)
    assert (event.actor, event.patient, event.clinic) == (therapist.user, patient, patient.clinic)
    assert (event.object_type, event.object_id) == ("patient", patient.pk)
    assert event.ip == "10.1.2.3"
    assert event.at.utcoffset() == datetime.timedelta(0)


def test_creating_and_changing_a_patient(therapist_client):
    therapist_client.post(reverse("programs:patient_new"), {"name": "Ruth Park"})
    created = only_event(action=Action.PATIENT_CREATED)
    url = reverse("programs:patient_edit", args=[created.patient.pk])
    therapist_client.post(url, {"name": "Ruth Parker", "chart_number": "B-2"})
    changed = only_event(action=Action.PATIENT_CHANGED)
    assert changed.patient == created.patient
    assert changed.detail == "name, chart_number"  # which fields, never their values


def test_a_refused_form_records_a_view_not_a_change(therapist_client, patient):
    therapist_client.post(reverse("programs:patient_edit", args=[patient.pk]), {"name": " "})
    assert not AuditEvent.objects.filter(action=Action.PATIENT_CHANGED).exists()
    assert only_event(action=Action.PATIENT_VIEWED).detail == "edit form"


def test_creating_changing_and_revising_a_program(therapist_client, patient):
    therapist_client.post(reverse("programs:new", args=[patient.pk]), {"protocol": ""})
    created = only_event(action=Action.PROGRAM_CREATED)
    assert (created.patient, created.object_type) == (patient, "program")
    program = patient.programs.get()
    data = editor_data(program, [], title="Knee program")
    assert therapist_client.post(reverse("programs:edit", args=[program.pk]), data).status_code
    assert only_event(action=Action.PROGRAM_CHANGED).object_id == program.pk
    therapist_client.post(reverse("programs:revise", args=[program.pk]))
    revised = AuditEvent.objects.filter(action=Action.PROGRAM_CREATED).first()
    assert revised.object_id == program.next_revision.pk
    assert revised.detail == f"revision 2 of program {program.pk}"


def test_previewing_issuing_and_downloading_a_handout(therapist_client, program):
    therapist_client.get(reverse("handouts:sheet", args=[program.pk]), {"mode": "full"})
    previewed = only_event(action=Action.HANDOUT_PREVIEWED)
    assert (previewed.patient, previewed.detail) == (program.patient, "full")
    therapist_client.post(reverse("handouts:issue", args=[program.pk]), {"mode": "filled"})
    issued = only_event(action=Action.HANDOUT_ISSUED)
    therapist_client.get(reverse("handouts:pdf", args=[issued.object_id]))
    downloaded = only_event(action=Action.HANDOUT_DOWNLOADED)
    assert (downloaded.object_type, downloaded.object_id) == ("issuedhandout", issued.object_id)
    assert downloaded.patient == program.patient


def test_another_clinics_request_writes_only_a_denied_row(client, other_clinic_therapist, patient):
    client.force_login(other_clinic_therapist.user)
    client.get(reverse("programs:patient", args=[patient.pk]))
    denied = only_event()
    assert (denied.action, denied.actor) == (Action.ACCESS_DENIED, other_clinic_therapist.user)
    assert (denied.patient, denied.clinic) == (patient, patient.clinic)


def test_address_behind_the_proxy_is_the_one_the_proxy_added(therapist_client, patient, settings):
    settings.BEHIND_PROXY = True
    therapist_client.get(
        reverse("programs:patient", args=[patient.pk]),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",  # the first one is the client's claim
    )
    assert only_event(action=Action.PATIENT_VIEWED).ip == "203.0.113.7"


# Append-only


@pytest.fixture
def event(therapist_client, patient):
    therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    return only_event(action=Action.PATIENT_VIEWED)


def test_a_row_cannot_be_saved_again(event):
    event.detail = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_a_row_cannot_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize(
    "bulk",
    [
        lambda events: events.update(detail="x"),
        lambda events: events.delete(),
        lambda events: events.model.objects.bulk_update(list(events), ["detail"]),
        lambda events: events.first().patient.audit_events.update(detail="x"),
        lambda events: events.first().patient.audit_events.all().delete(),
        lambda events: events.model._base_manager.filter(pk__gt=0).update(detail="x"),
    ],
    ids=["update", "delete", "bulk_update", "related update", "related delete", "base manager"],
)
def test_bulk_changes_are_refused(event, bulk):
    with pytest.raises(AppendOnlyError):
        bulk(AuditEvent.objects.all())
    event.refresh_from_db()
    assert event.detail == ""


# SQL and Django paths that go around the queryset: test_append_only_sql.py


def test_deleting_a_patient_leaves_their_audit_rows_as_they_were(event):
    """The row's patient is a plain id (no constraint, nothing done on delete): the
    patient goes (records' erasure), the row stays unchanged and keeps the id, which now
    names nobody. The triggers would refuse any change to the row."""
    patient_id = event.patient_id
    before = AuditEvent.objects.filter(pk=event.pk).values().get()
    event.patient.delete()
    assert AuditEvent.objects.filter(pk=event.pk).values().get() == before
    assert AuditEvent.objects.get(pk=event.pk).patient_id == patient_id


# Reading it in admin


@pytest.fixture
def two_clinics(therapist, other_clinic_therapist):
    """Alice views her patient; Bob views his own at the other clinic."""
    mine = PatientFactory(clinic=therapist.clinic, name="Margaret Okafor")
    theirs = PatientFactory(clinic=other_clinic_therapist.clinic, name="Hidden Person")
    for person, patient in ((therapist, mine), (other_clinic_therapist, theirs)):
        browser = Client()
        browser.force_login(person.user)
        browser.get(reverse("programs:patient", args=[patient.pk]))
    return mine, theirs


CHANGELIST = reverse("admin:audit_auditevent_changelist")


def test_clinic_admin_reads_their_clinics_log_only(clinic_admin_client, two_clinics):
    page = clinic_admin_client.get(CHANGELIST).content.decode()
    assert "Margaret Okafor" in page
    assert "Hidden Person" not in page
    theirs = AuditEvent.objects.get(patient=two_clinics[1])
    change = reverse("admin:audit_auditevent_change", args=[theirs.pk])
    assert clinic_admin_client.get(change).status_code == 302  # "does not exist" -> index


def test_clinic_admin_filters_by_action_who_and_patient(
    clinic_admin_client, two_clinics, therapist
):
    mine = two_clinics[0]
    for query in (
        {"action": Action.PATIENT_VIEWED},
        {"actor": therapist.user.pk},
        {"patient__id__exact": mine.pk},
        {"q": "Okafor"},
    ):
        response = clinic_admin_client.get(CHANGELIST, query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == 1, query
    none = clinic_admin_client.get(CHANGELIST, {"action": Action.HANDOUT_ISSUED})
    assert none.context["cl"].result_count == 0


def test_nobody_can_add_change_or_delete_in_admin(admin_client, two_clinics):
    event = AuditEvent.objects.first()
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    admin_client.post(change, {"detail": "forged", "action": "login"})
    event.refresh_from_db()
    assert event.detail == "" and event.action == Action.PATIENT_VIEWED
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    # The operator (a superuser) reads every clinic's rows.
    assert admin_client.get(CHANGELIST).context["cl"].result_count == 2


def test_therapists_have_no_admin(therapist_client):
    response = therapist_client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/login/" in response.url


def test_clinic_admin_role_may_read_but_not_change_the_log(clinic_admin):
    user = clinic_admin.user
    assert user.has_perm("audit.view_auditevent")
    assert not user.has_perm("audit.change_auditevent")
    assert not user.has_perm("audit.delete_auditevent")


def test_a_programs_event_reaches_the_right_clinic(therapist_client, therapist):
    program = ProgramFactory(therapist=therapist, patient__clinic=therapist.clinic)
    therapist_client.get(reverse("handouts:sheet", args=[program.pk]))
    assert only_event(action=Action.HANDOUT_PREVIEWED).clinic == therapist.clinic
