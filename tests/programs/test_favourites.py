"""Favourite exercises: a therapist stars exercises in the editor's search, and their
starred ones come first in their search (never in a colleague's)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from library.models import FavouriteExercise
from programs.template_views import MAX_FAVOURITES
from tests.factories import ExerciseFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercises(db):
    """Five exercises whose names all hold "press", A to E."""
    return {
        letter: ExerciseFactory(name=f"{letter} press", slug=f"{letter.lower()}-press")
        for letter in "ABCDE"
    }


def star_url(exercise):
    return reverse("mine:favourite", args=[exercise.pk])


def star(client, exercise, favourite="yes"):
    return client.post(star_url(exercise), {"favourite": favourite})


def search_names(client, program, **params):
    response = client.get(reverse("programs:search", args=[program.pk]), {"q": "press", **params})
    assert response.status_code == 200
    return re.findall(r'<span class="fw-semibold">([^<]+)</span>', response.content.decode())


def test_starring_and_unstarring(therapist_client, therapist, exercises):
    response = star(therapist_client, exercises["C"])
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert list(therapist.favourites.values_list("exercise__name", flat=True)) == ["C press"]
    response = star(therapist_client, exercises["C"], "no")
    assert 'aria-pressed="false"' in response.content.decode()
    assert not therapist.favourites.exists()


def test_starring_twice_stars_once(therapist_client, therapist, exercises):
    star(therapist_client, exercises["C"])
    response = star(therapist_client, exercises["C"])
    assert 'aria-pressed="true"' in response.content.decode()
    assert therapist.favourites.count() == 1


def test_favourites_come_first_then_the_usual_order(therapist_client, program, exercises):
    assert search_names(therapist_client, program) == [f"{x} press" for x in "ABCDE"]
    star(therapist_client, exercises["D"])
    star(therapist_client, exercises["B"])
    assert search_names(therapist_client, program) == [f"{x} press" for x in "BDACE"]
    # The same with a filter and no words (the library's own order by name).
    names = search_names(therapist_client, program, q="", position="back")
    assert names == [f"{x} press" for x in "BDACE"]


def test_the_results_show_which_are_starred(therapist_client, program, exercises):
    star(therapist_client, exercises["B"])
    page = therapist_client.get(
        reverse("programs:search", args=[program.pk]), {"q": "b press"}
    ).content.decode()
    assert 'aria-pressed="true" aria-label="Favourite: B press"' in page


def test_another_therapists_favourites_do_not_change_my_order(
    therapist_client, therapist, program, exercises
):
    colleague = TherapistFactory(
        user=UserFactory(username="carol", first_name="Carol"), clinic=therapist.clinic
    )
    carol = Client()  # therapist_client is pytest-django's `client`: a second browser
    carol.force_login(colleague.user)
    star(carol, exercises["E"])
    assert colleague.favourites.get().exercise == exercises["E"]
    assert search_names(therapist_client, program) == [f"{x} press" for x in "ABCDE"]
    assert search_names(carol, program)[0] == "E press"


def test_archived_or_missing_exercises_cannot_be_starred(therapist_client, exercises):
    archived = ExerciseFactory(archived=True)
    assert star(therapist_client, archived).status_code == 404
    assert therapist_client.post(reverse("mine:favourite", args=[999_999])).status_code == 404
    assert not FavouriteExercise.objects.exists()


def test_it_needs_a_clear_answer_and_a_post(therapist_client, exercises):
    assert star(therapist_client, exercises["A"], "maybe").status_code == 404
    assert therapist_client.get(star_url(exercises["A"])).status_code == 405
    assert not FavouriteExercise.objects.exists()


def test_the_number_of_favourites_is_bounded(therapist_client, therapist, exercises):
    FavouriteExercise.objects.bulk_create(
        FavouriteExercise(therapist=therapist, exercise=ExerciseFactory())
        for _ in range(MAX_FAVOURITES)
    )
    response = star(therapist_client, exercises["A"])
    assert response.status_code == 200
    assert f"You can star at most {MAX_FAVOURITES} exercises." in response.content.decode()
    assert 'aria-pressed="false"' in response.content.decode()
    assert therapist.favourites.count() == MAX_FAVOURITES


def test_it_requires_login_and_a_clinic(client, exercises, django_user_model):
    response = star(client, exercises["A"])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(django_user_model.objects.create_user("operator", password="x" * 20))
    assert star(client, exercises["A"]).status_code == 403  # an account of no clinic
    assert not FavouriteExercise.objects.exists()


def test_starring_touches_no_patient_data_and_is_not_audited(therapist_client, exercises):
    star(therapist_client, exercises["A"])
    assert not AuditEvent.objects.exists()


def test_the_search_costs_the_same_queries_with_favourites(
    therapist_client, therapist, program, exercises, django_assert_num_queries
):
    for exercise in exercises.values():
        FavouriteExercise.objects.create(therapist=therapist, exercise=exercise)
    # session, user, program with patient, the audit row, the results (favourites are a
    # subquery of the same SELECT), the cautions they meet for this patient
    with django_assert_num_queries(6):
        search_names(therapist_client, program)
