"""An audit row commits with its change: each service writes the row in the change's own
transaction, so when the audit table refuses the row the change does not happen either.

The table is made to refuse inserts with a real trigger (SQLite and PostgreSQL alike), and
each change goes through its real view. The tests run outside a test transaction, so the
view's transaction is the one that commits or rolls back."""

import contextlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from clinics.models import Patient
from handouts.models import HandoutPDF, IssuedHandout
from library.models import Protocol, Sheet
from phone.links import form_check
from phone.models import DayFeeling, ExerciseTick, PatientLink
from programs.models import Program, ProgramSheet
from tests.factories import ExerciseFactory
from tests.helpers import TOKEN, editor_data, issue_with_link

pytestmark = pytest.mark.django_db(transaction=True)

REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit log refuses rows'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit log refuses rows'; END $$",
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_auditevent "
        "FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
    ],
}
ACCEPT = {
    "sqlite": ["DROP TRIGGER refuse_audit"],
    "postgresql": [
        "DROP TRIGGER refuse_audit ON audit_auditevent",
        "DROP FUNCTION refuse_audit()",
    ],
}


@contextlib.contextmanager
def audit_refused():
    """Inside the block, every INSERT into the audit table fails."""
    with connection.cursor() as cursor:
        for sql in REFUSE[connection.vendor]:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in ACCEPT[connection.vendor]:
                cursor.execute(sql)


def failing(client):
    """The client, answering a server error with the error page instead of raising it."""
    client.raise_request_exception = False
    return client


def test_the_trigger_really_refuses_rows(db):
    with audit_refused(), pytest.raises(Exception, match="refuses rows"):
        AuditEvent.objects.create(action=Action.LOGIN, username="alice")
    AuditEvent.objects.create(action=Action.LOGIN, username="alice")
    assert AuditEvent.objects.count() == 1


def test_issuing_a_handout_leaves_nothing_until_the_log_accepts_it(therapist_client, program):
    url = reverse("handouts:issue", args=[program.pk])
    with audit_refused():
        response = failing(therapist_client).post(url, {"mode": "filled"})
    assert response.status_code == 500
    assert b"Nothing was saved or printed" in response.content  # templates/500.html
    assert not IssuedHandout.objects.exists()
    assert not HandoutPDF.objects.exists()
    assert not PatientLink.objects.exists()
    assert not AuditEvent.objects.exists()

    response = therapist_client.post(url, {"mode": "filled"})
    assert response.status_code == 302
    handout = IssuedHandout.objects.get()
    assert HandoutPDF.objects.filter(handout=handout).exists()
    assert PatientLink.objects.filter(handout=handout).exists()
    row = AuditEvent.objects.get()
    assert (row.action, row.object_id, row.detail) == (
        Action.HANDOUT_ISSUED,
        handout.pk,
        "filled in",
    )


def test_saving_the_editor_leaves_the_program_as_it_was(therapist_client, program):
    title, lock_version = program.title, program.lock_version
    exercises = list(program.items.values_list("exercise_id", flat=True))  # one, see conftest
    squat = ExerciseFactory(name="Squat")
    data = editor_data(program, [{"exercise": squat, "reps": 5}], title="Changed")
    with audit_refused():
        response = failing(therapist_client).post(reverse("programs:edit", args=[program.pk]), data)
    assert response.status_code == 500
    program.refresh_from_db()
    assert (program.title, program.lock_version) == (title, lock_version)
    assert list(program.items.values_list("exercise_id", flat=True)) == exercises


def test_revising_creates_no_revision(therapist_client, program):
    with audit_refused():
        response = failing(therapist_client).post(reverse("programs:revise", args=[program.pk]))
    assert response.status_code == 500
    assert list(Program.objects.all()) == [program]


def test_saving_a_template_or_choosing_a_sheet_leaves_nothing(therapist_client, program):
    sheet = Sheet.objects.create(title="A walking plan", slug="walking-plan")
    client = failing(therapist_client)
    with audit_refused():
        saved = client.post(
            reverse("programs:save_template", args=[program.pk]),
            {"name": "Knee set", "share": "me"},
        )
        chosen = client.post(
            reverse("programs:sheets", args=[program.pk]), {"action": "add", "sheet": sheet.pk}
        )
    assert (saved.status_code, chosen.status_code) == (500, 500)
    assert not Protocol.objects.exists()
    assert not ProgramSheet.objects.exists()


def test_starting_a_program_or_adding_a_patient_leaves_nothing(therapist_client, patient):
    client = failing(therapist_client)
    with audit_refused():
        started = client.post(reverse("programs:new", args=[patient.pk]), {"protocol": ""})
        added = client.post(reverse("programs:patient_new"), {"name": "Ada Byron"})
        edit = reverse("programs:patient_edit", args=[patient.pk])
        edited = client.post(edit, {"name": "Margaret O.", "chart_number": "A-1"})
    assert (started.status_code, added.status_code, edited.status_code) == (500, 500, 500)
    assert not Program.objects.exists()
    assert list(Patient.objects.values_list("name", flat=True)) == ["Margaret Okafor"]


def test_ticking_and_answering_on_the_phone_store_nothing(client, program, therapist):
    link = issue_with_link(program, therapist.user)
    day = timezone.localdate(timezone=program.patient.clinic.zone).isoformat()
    signed = {"day": day, "check": form_check(link, day)}
    exercise = program.items.get().exercise_id
    tick = reverse("phone:tick", args=[TOKEN])
    feel = reverse("phone:feel", args=[TOKEN])
    with audit_refused():
        ticked = failing(client).post(tick, {**signed, "exercise": exercise, "done": "1"})
        felt = client.post(feel, {**signed, "pain": "3", "effort": "right"})
    assert (ticked.status_code, felt.status_code) == (500, 500)
    assert not ExerciseTick.objects.exists()
    assert not DayFeeling.objects.exists()

    assert client.post(tick, {**signed, "exercise": exercise, "done": "1"}).status_code == 302
    assert ExerciseTick.objects.get().exercise_id == exercise


def test_revoking_a_link_keeps_it_working(therapist_client, program, therapist):
    link = issue_with_link(program, therapist.user)
    url = reverse("phone:revoke_link", args=[link.handout_id])
    with audit_refused():
        response = failing(therapist_client).post(url)
    assert response.status_code == 500
    link.refresh_from_db()
    assert link.revoked_at is None and link.is_working()


def test_erasing_keeps_the_patient(clinic_admin_client, program):
    url = reverse("records:erase", args=[program.patient_id])
    with audit_refused():
        response = failing(clinic_admin_client).post(url, {"name": "Margaret Okafor"})
    assert response.status_code == 500
    assert Patient.objects.filter(pk=program.patient_id).exists()
    assert Program.objects.get() == program


def test_the_same_requests_succeed_when_the_log_accepts_rows(therapist_client, program):
    """The tests above fail for the refused row, not for another reason: without the
    trigger the editor saves and revising makes a revision."""
    squat = ExerciseFactory(name="Squat")
    data = editor_data(program, [{"exercise": squat, "reps": 5}], title="Changed")
    assert (
        therapist_client.post(reverse("programs:edit", args=[program.pk]), data).status_code == 302
    )
    program.refresh_from_db()
    assert program.title == "Changed"
    assert therapist_client.post(reverse("programs:revise", args=[program.pk])).status_code == 302
    assert Program.objects.filter(previous=program).exists()
