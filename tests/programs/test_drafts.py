"""A new program is a draft until it is saved with an exercise (issue 30, point 1)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from programs.models import Program
from programs.selectors import patients_at_a_glance
from tests.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import editor_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_program(program):
    """The patient's current program, with an exercise."""
    ProgramItemFactory(program=program, order=1)
    return program


def start_program(client, patient):
    client.post(reverse("programs:new", args=[patient.pk]), {"protocol": ""})
    return Program.objects.latest("pk")


def test_a_new_program_is_a_draft_and_not_current(therapist_client, patient, saved_program):
    draft = start_program(therapist_client, patient)
    assert draft.is_draft
    page = therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    assert page.context["current"] == saved_program
    assert page.context["drafts"] == [draft]
    assert draft not in page.context["programs"]
    assert reverse("programs:discard", args=[draft.pk]) in page.content.decode()
    glance = patients_at_a_glance([patient.pk])[patient.pk]
    assert glance.current["pk"] == saved_program.pk
    assert glance.other_current == 0


def test_saving_a_draft_without_exercises_keeps_it_a_draft(therapist_client, patient):
    draft = start_program(therapist_client, patient)
    therapist_client.post(reverse("programs:edit", args=[draft.pk]), editor_data(draft, []))
    draft.refresh_from_db()
    assert draft.is_draft


def test_saving_a_draft_with_an_exercise_makes_it_current(therapist_client, patient, saved_program):
    draft = start_program(therapist_client, patient)
    exercise = ExerciseFactory()
    data = editor_data(draft, [{"exercise": exercise, "reps": 10}])
    response = therapist_client.post(reverse("programs:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft
    page = therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    assert page.context["current"] == draft
    assert page.context["drafts"] == []


def test_the_editor_says_it_is_a_draft(therapist_client, patient):
    draft = start_program(therapist_client, patient)
    page = therapist_client.get(reverse("programs:edit", args=[draft.pk])).content.decode()
    assert 'id="draft-note"' in page
    assert reverse("programs:discard", args=[draft.pk]) in page


def test_discard_asks_then_deletes_the_draft(therapist_client, therapist, patient):
    draft = start_program(therapist_client, patient)
    url = reverse("programs:discard", args=[draft.pk])
    page = therapist_client.get(url)
    assert "Discard the draft" in page.content.decode()
    assert Program.objects.filter(pk=draft.pk).exists()
    response = therapist_client.post(url)
    assert response.url == reverse("programs:patient", args=[patient.pk])
    assert not Program.objects.filter(pk=draft.pk).exists()
    event = AuditEvent.objects.filter(detail=f"draft {draft.pk} discarded").get()
    assert event.actor == therapist.user
    assert event.patient == patient


def test_a_saved_program_cannot_be_discarded(therapist_client, saved_program):
    response = therapist_client.post(reverse("programs:discard", args=[saved_program.pk]))
    assert response.url == reverse("programs:detail", args=[saved_program.pk])
    assert Program.objects.filter(pk=saved_program.pk).exists()


def test_a_printed_draft_is_kept(therapist_client, handout):
    program = handout.program
    Program.objects.filter(pk=program.pk).update(is_draft=True)
    response = therapist_client.post(reverse("programs:discard", args=[program.pk]))
    assert response.url == reverse("programs:detail", args=[program.pk])
    assert Program.objects.filter(pk=program.pk).exists()


def test_it_requires_login(client, patient, therapist):
    draft = ProgramFactory(patient=patient, therapist=therapist, is_draft=True)
    response = client.post(reverse("programs:discard", args=[draft.pk]))
    assert response.url.startswith(reverse("login"))
    assert Program.objects.filter(pk=draft.pk).exists()


def test_it_hides_other_clinics(therapist_client, foreign_program):
    Program.objects.filter(pk=foreign_program.pk).update(is_draft=True)
    response = therapist_client.post(reverse("programs:discard", args=[foreign_program.pk]))
    assert response.status_code == 404
    assert Program.objects.filter(pk=foreign_program.pk).exists()
