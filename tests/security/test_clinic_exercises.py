"""Crafted admin requests on the clinic-owned library: a clinic admin cannot change a base
exercise, nor reach another clinic's (it answers as a missing one), whatever the POST says."""

import pytest
from django.urls import reverse

from library.models import Exercise
from tests.factories import ExerciseFactory
from tests.helpers import EXERCISE_CHANGELIST as CHANGELIST
from tests.helpers import exercise_change_url as change_url
from tests.helpers import saved_exercise_form as saved_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(clinic, other_clinic):
    return {
        "base": ExerciseFactory(name="Bridge", slug="bridge"),
        "own": ExerciseFactory(name="Harbor wall slide", slug="wall-slide", clinic=clinic),
        "foreign": ExerciseFactory(name="Hilltop step-up", slug="step-up", clinic=other_clinic),
    }


def test_a_base_row_is_read_only_and_a_crafted_post_is_refused(clinic_admin_client, rows):
    base = rows["base"]
    page = clinic_admin_client.get(change_url(base))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert b"Customise for my clinic" in page.content
    response = clinic_admin_client.post(change_url(base), saved_form(base, summary="Changed."))
    assert response.status_code == 403
    assert Exercise.objects.get(pk=base.pk).summary == "Makes your back stronger."


def test_another_clinics_row_answers_as_a_missing_one(clinic_admin_client, rows):
    foreign = rows["foreign"]
    missing = reverse("admin:library_exercise_change", args=[999_999])
    for method in ["get", "post"]:
        theirs = getattr(clinic_admin_client, method)(change_url(foreign), saved_form(foreign))
        gone = getattr(clinic_admin_client, method)(missing, saved_form(foreign))
        assert theirs.status_code == gone.status_code == 404
    for view in ["preview", "customise", "history"]:
        url = reverse(f"admin:library_exercise_{view}", args=[foreign.pk])
        assert clinic_admin_client.get(url).status_code == 404, view
    assert Exercise.objects.get(pk=foreign.pk).name == "Hilltop step-up"


def test_bulk_actions_leave_base_rows_alone(clinic_admin_client, rows):
    selected = [rows["base"].pk, rows["own"].pk, rows["foreign"].pk]
    clinic_admin_client.post(CHANGELIST, {"action": "archive", "_selected_action": selected})
    archived = set(Exercise.objects.filter(archived=True).values_list("name", flat=True))
    assert archived == {"Harbor wall slide"}


def test_another_clinics_admin_cannot_hide_or_customise_through_harbor(
    client, other_clinic_admin, rows, clinic
):
    """Hilltop's admin works on Hilltop's library: Harbor's row is missing to them."""
    client.force_login(other_clinic_admin.user)
    own = rows["own"]
    assert client.post(reverse("admin:library_exercise_hide", args=[own.pk])).status_code == 404
    assert not clinic.hidden_exercises.exists()


def test_a_step_cannot_be_added_to_a_base_exercise_inline(clinic_admin_client, rows):
    base = rows["base"]
    data = saved_form(
        base,
        **{"steps-TOTAL_FORMS": "2", "steps-1-order": "2", "steps-1-text": "Injected."},
    )
    assert clinic_admin_client.post(change_url(base), data).status_code == 403
    assert not base.steps.filter(text="Injected.").exists()


def test_the_clinic_and_based_on_fields_of_a_post_are_ignored(
    clinic_admin_client, rows, clinic, other_clinic
):
    own = rows["own"]
    data = saved_form(own, clinic=other_clinic.pk, based_on=rows["base"].pk, summary="Mine.")
    assert clinic_admin_client.post(change_url(own), data).status_code == 302
    own.refresh_from_db()
    assert (own.clinic, own.based_on, own.summary) == (clinic, None, "Mine.")


def test_a_base_exercise_cannot_be_customised_twice_into_another_clinic(
    client, other_clinic_admin, rows, clinic
):
    """Hilltop's admin customises the base row for Hilltop, never for Harbor."""
    client.force_login(other_clinic_admin.user)
    base = rows["base"]
    client.post(reverse("admin:library_exercise_customise", args=[base.pk]))
    assert list(base.clinic_copies.values_list("clinic__name", flat=True)) == ["Hilltop Rehab"]
    assert not Exercise.objects.filter(clinic=clinic, based_on=base).exists()
