"""A link stops working when revoked, when too old, or 30 days after its program was
revised; a stopped link, and one that never existed, get the same page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from phone.links import form_check
from phone.models import ExerciseTick, PatientLink
from programs.models import Program
from programs.services import revise_program
from tests.helpers import TOKEN

PAGE = reverse("phone:page", args=[TOKEN])


def stopped_page(client, url=PAGE):
    response = client.get(url)
    assert response.status_code == 404
    return response.content.decode()


@pytest.fixture
def unknown_page(client, db):
    return stopped_page(client, reverse("phone:page", args=["x" * 24]))


def test_an_unknown_token_gets_the_stopped_page_with_no_data(unknown_page):
    assert "Ask your clinic for a new sheet" in unknown_page
    assert AuditEvent.objects.count() == 0  # nobody to attribute it to


def test_a_revoked_link_looks_like_an_unknown_one(client, link, unknown_page):
    link.revoked_at = timezone.now()
    link.save()
    assert stopped_page(client) == unknown_page


def test_a_link_older_than_the_setting_looks_like_an_unknown_one(
    client, link, unknown_page, settings
):
    assert client.get(PAGE).status_code == 200
    settings.PATIENT_LINK_DAYS = 120
    PatientLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=121)
    )
    assert stopped_page(client) == unknown_page
    settings.PATIENT_LINK_DAYS = 122
    assert client.get(PAGE).status_code == 200


def test_a_link_stops_30_days_after_its_program_is_revised(
    client, link, program, therapist, unknown_page
):
    revision, _ = revise_program(program=program, therapist=therapist)
    assert client.get(PAGE).status_code == 200  # the patient still has the old sheet
    Program.objects.filter(pk=revision.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=29)
    )
    assert client.get(PAGE).status_code == 200
    Program.objects.filter(pk=revision.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert stopped_page(client) == unknown_page


def test_ticks_of_a_revised_program_stay_with_that_revision(
    client, link, program, therapist, exercises
):
    revision, _ = revise_program(program=program, therapist=therapist)
    page = client.get(PAGE).content.decode()
    day = timezone.localdate(timezone=program.patient.clinic.zone).isoformat()
    assert day in page
    check = form_check(link, day)
    client.post(
        reverse("phone:tick", args=[TOKEN]),
        {"exercise": exercises[0].pk, "day": day, "done": "1", "check": check},
    )
    assert ExerciseTick.objects.filter(program=program).count() == 1
    assert ExerciseTick.objects.filter(program=revision).count() == 0


def test_stopped_links_take_no_ticks(client, link, exercises):
    link.revoked_at = timezone.now()
    link.save()
    day = timezone.localdate().isoformat()
    check = form_check(link, day)
    response = client.post(
        reverse("phone:tick", args=[TOKEN]),
        {"exercise": exercises[0].pk, "day": day, "done": "1", "check": check},
    )
    assert response.status_code == 404
    assert not ExerciseTick.objects.exists()


def test_the_therapist_revokes_a_link_after_confirming(therapist_client, client, link, patient):
    url = reverse("phone:revoke_link", args=[link.handout_id])
    patient_page = therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    assert url in patient_page.content.decode()
    confirm = therapist_client.get(url)
    assert "Stop the link" in confirm.content.decode()
    assert PatientLink.objects.get().revoked_at is None  # asking changes nothing
    response = therapist_client.post(url)
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert link.revoked_by.therapist.clinic == patient.clinic
    row = AuditEvent.objects.filter(action=Action.LINK_REVOKED).get()
    assert row.patient_id == patient.pk
    assert client.get(PAGE).status_code == 404
    # Again: nothing more to stop, and said so.
    therapist_client.post(url)
    assert AuditEvent.objects.filter(action=Action.LINK_REVOKED).count() == 1


def test_another_clinic_cannot_revoke(client, link, other_clinic_therapist):
    client.force_login(other_clinic_therapist.user)
    response = client.post(reverse("phone:revoke_link", args=[link.handout_id]))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
