"""A therapist may leave the "My week" log out of a filled handout: a program option, on by
default, in the editor's header; read back from the PDF in English and Spanish, normal and
large print."""

import pytest
from django.urls import reverse

from handouts.models import Mode
from handouts.services import render_program_pdf
from programs.services import revise_program
from tests.helpers import editor_data, pdf_pages

pytestmark = pytest.mark.django_db

TITLE = {"en": "My week", "es": "Mi semana"}


def items_of(program):
    return [
        {"exercise": item.exercise, "reps": item.reps or "", "sets": item.sets}
        for item in program.items.select_related("exercise")
    ]


def test_the_editor_offers_it_and_it_is_on_by_default(therapist_client, program):
    assert program.my_week
    page = therapist_client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert 'name="my_week"' in page
    assert '<option value="True" selected>Print it on the handout</option>' in page
    assert '<option value="False">Leave it out</option>' in page


def test_the_therapist_leaves_it_out_and_a_revision_keeps_that(
    therapist_client, therapist, program
):
    url = reverse("programs:edit", args=[program.pk])
    response = therapist_client.post(url, editor_data(program, items_of(program), my_week="False"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert not program.my_week
    # A page that does not send the choice (open since before it existed) keeps it.
    response = therapist_client.post(url, editor_data(program, items_of(program)))
    assert response.status_code == 302
    program.refresh_from_db()
    assert not program.my_week
    revision, _ = revise_program(program=program, therapist=therapist)
    assert not revision.my_week
    url = reverse("programs:edit", args=[revision.pk])
    response = therapist_client.post(url, editor_data(revision, items_of(revision), my_week="True"))
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.my_week


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_handout_without_it_ends_with_its_exercises(program, patient, language, large_print):
    patient.language = language
    patient.save()
    program.my_week = False
    program.save()
    text = pdf_pages(render_program_pdf(program, mode=Mode.FILLED, large_print=large_print))
    assert not any(page.startswith(TITLE[language]) for page in text)
    assert f"{TITLE[language]} " not in " ".join(text)
    assert "☑ Wall push-ups" in text[-1]  # the last exercise is on the last page
