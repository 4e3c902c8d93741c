"""A clinic's customised copy of a base exercise is the same exercise to its therapists:
in the editor's search it keeps the star given to the base exercise and the "already in
the program" mark of a row that still holds the base exercise (issue 30)."""

import re

import pytest
from django.urls import reverse

from library.models import FavouriteExercise
from library.services import customise_for_clinic
from tests.factories import ExerciseFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Bridge", slug="bridge")


def search(client, program, **params):
    response = client.get(reverse("programs:search", args=[program.pk]), {"q": "bridge", **params})
    assert response.status_code == 200
    return response.content.decode()


def only_result(page):
    items = page.split("<li ")[1:]
    assert len(items) == 1, page
    return items[0]


def test_the_copy_keeps_the_star_given_to_the_base_exercise(
    therapist_client, therapist, program, bridge
):
    ExerciseFactory(name="Another bridge", slug="another-bridge")  # comes first by name
    FavouriteExercise.objects.create(therapist=therapist, exercise=bridge)
    copy, _ = customise_for_clinic(exercise=bridge, clinic_id=therapist.clinic_id)

    page = search(therapist_client, program)
    names = re.findall(r'<span class="fw-semibold">([^<]+)</span>', page)
    assert names == ["Bridge", "Another bridge"]  # the starred copy first
    assert f'data-exercise="{copy.pk}"' in page
    assert 'aria-pressed="true" aria-label="Favourite: Bridge"' in page


def test_unstarring_the_copy_unstars_the_base_exercise_too(
    therapist_client, therapist, program, bridge
):
    FavouriteExercise.objects.create(therapist=therapist, exercise=bridge)
    copy, _ = customise_for_clinic(exercise=bridge, clinic_id=therapist.clinic_id)
    response = therapist_client.post(reverse("mine:favourite", args=[copy.pk]), {"favourite": "no"})
    assert 'aria-pressed="false"' in response.content.decode()
    assert not therapist.favourites.exists()
    assert 'aria-pressed="false"' in only_result(search(therapist_client, program))


def test_the_copy_is_marked_in_the_program_when_a_row_holds_the_base_exercise(
    therapist_client, therapist, program, bridge
):
    ProgramItemFactory(program=program, exercise=bridge, order=1)
    copy, _ = customise_for_clinic(exercise=bridge, clinic_id=therapist.clinic_id)

    result = only_result(search(therapist_client, program, in_program=[bridge.pk]))
    assert f'data-exercise="{copy.pk}"' in result
    assert "in-program" in result.split(">")[0]
    assert f'data-same-as="{copy.pk} {bridge.pk}"' in result
    # Not marked when the program holds neither.
    result = only_result(search(therapist_client, program))
    assert "in-program" not in result.split(">")[0]
