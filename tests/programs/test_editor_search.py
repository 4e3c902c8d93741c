"""The editor's exercise search: words and filters like the library page's, each result
marked when it meets a caution for this patient or is in the program already."""

import re

import pytest
from django.urls import reverse

from library.models import Condition, Exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(seed_library):
    return seed_library


@pytest.fixture
def osteoporosis_patient(patient, library):
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    return patient


def search(client, program, **params):
    response = client.get(reverse("programs:search", args=[program.pk]), params)
    assert response.status_code == 200
    return response


def result_names(response):
    return re.findall(r'<span class="fw-semibold">([^<]+)</span>', response.content.decode())


def result(response, name):
    """The HTML of one result."""
    for item in response.content.decode().split("<li ")[1:]:
        if f'<span class="fw-semibold">{name}</span>' in item:
            return item
    raise AssertionError(f"{name} is not among the results")


def test_a_result_that_meets_a_caution_for_this_patient_says_so(
    therapist_client, program, osteoporosis_patient
):
    response = search(therapist_client, program, q="knee")
    assert "Caution for this patient: spinal flexion" in result(response, "Knees to chest")
    # The base library has many knee exercises now: the safe one is searched by name.
    response = search(therapist_client, program, q="belly")
    assert "Caution" not in result(response, "Belly strengthening")


def test_no_caution_mark_for_a_patient_without_conditions(therapist_client, program, library):
    response = search(therapist_client, program, q="knees to chest")
    assert "Caution" not in result(response, "Knees to chest")


def test_exercises_already_in_the_program_are_marked_not_hidden(therapist_client, program, library):
    bridge = Exercise.objects.get(slug="bridge")
    response = search(therapist_client, program, q="bridge", in_program=[bridge.pk])
    marked = f'search-result in-program" data-exercise="{bridge.pk}"'
    assert marked in response.content.decode()
    assert "Already in the program" in result(response, "Bridge")


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [
        ({"position": "sitting"}, "position", "sitting"),
        ({"kind": "balance"}, "kind", "balance"),
        ({"q": "leg", "position": "standing"}, "position", "standing"),
    ],
)
def test_filters_narrow_the_results_with_or_without_words(
    therapist_client, program, library, params, field, value
):
    names = result_names(search(therapist_client, program, **params))
    assert names
    assert {getattr(Exercise.objects.get(name=name), field) for name in names} == {value}


def test_the_region_filter(therapist_client, program, library):
    names = result_names(search(therapist_client, program, region="arms", position="standing"))
    assert set(names) == set(
        Exercise.objects.filter(regions__slug="arms", position="standing").values_list(
            "name", flat=True
        )
    )


def test_an_empty_search_lists_nothing_and_a_bad_filter_is_ignored(
    therapist_client, program, library
):
    assert result_names(search(therapist_client, program)) == []
    names = result_names(search(therapist_client, program, q="bridge", kind="dancing"))
    assert names == ["Bridge"]


def test_more_results_than_shown_says_so(therapist_client, program, library):
    response = search(therapist_client, program, position="back")
    assert len(result_names(response)) == 8
    assert "More exercises match" in response.content.decode()


def test_archived_exercises_are_never_offered(therapist_client, program, library):
    Exercise.objects.filter(slug="bridge").update(archived=True)
    assert "Bridge" not in result_names(search(therapist_client, program, q="bridge"))


@pytest.mark.parametrize("region", [None, "arms"])
def test_search_query_count(
    therapist_client, program, osteoporosis_patient, django_assert_num_queries, region
):
    params = {"q": "e", "in_program": [1, 2, 3]}
    if region:
        params["region"] = region
    # session, user, program with patient, the audit row, (the chosen body region), the
    # results, the cautions they meet for this patient
    with django_assert_num_queries(7 if region else 6):
        search(therapist_client, program, **params)
