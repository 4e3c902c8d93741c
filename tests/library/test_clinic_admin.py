"""A clinic admin keeps their clinic's own exercises in Django admin: adds and changes them
with every part, reads the base library, customises or hides a base exercise for their
clinic, and never sees another clinic's rows. Library editors keep the base library."""

import pytest
from django.urls import reverse

from library.models import Exercise
from tests.factories import ExerciseFactory, MovementTagFactory, SupportOptionFactory
from tests.helpers import EXERCISE_ADD as ADD
from tests.helpers import EXERCISE_CHANGELIST as CHANGELIST
from tests.helpers import english, exercise_form
from tests.helpers import exercise_change_url as change_url
from tests.helpers import saved_exercise_form as saved_form

pytestmark = pytest.mark.django_db


def changelist_names(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return sorted(exercise.name for exercise in response.context["cl"].result_list)


@pytest.fixture
def rows(clinic, other_clinic):
    return {
        "base": ExerciseFactory(name="Bridge", slug="bridge"),
        "own": ExerciseFactory(name="Harbor wall slide", slug="wall-slide", clinic=clinic),
        "foreign": ExerciseFactory(name="Hilltop step-up", slug="step-up", clinic=other_clinic),
    }


def test_a_clinic_admin_adds_an_exercise_to_their_own_clinic(
    clinic_admin_client, clinic, other_clinic
):
    assert clinic_admin_client.get(ADD).status_code == 200
    tag, support = MovementTagFactory(), SupportOptionFactory()
    data = exercise_form(
        clinic=other_clinic.pk,  # a crafted field: ignored
        based_on="",
        movement_tags=[tag.pk],
        support_options=[support.pk],
        take_care="Stop if it hurts.",
        work_up_to_reps="20",
        **{
            "tips-TOTAL_FORMS": "1",
            "tips-0-order": "1",
            "tips-0-text": "Go slowly.",
            "variants-TOTAL_FORMS": "1",
            "variants-0-order": "1",
            "variants-0-when": "If your knee hurts",
            "variants-0-instruction": "Slide it less far.",
        },
    )
    response = clinic_admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise = Exercise.objects.get(slug="heel-slide")
    assert exercise.clinic == clinic
    assert exercise.based_on is None
    assert (exercise.work_up_to_reps, exercise.take_care) == (20, "Stop if it hurts.")
    assert list(exercise.movement_tags.all()) == [tag]
    assert list(exercise.support_options.all()) == [support]
    assert [t.text for t in exercise.tips.all()] == ["Go slowly."]
    assert [v.instruction for v in exercise.variants.all()] == ["Slide it less far."]


def test_a_name_already_used_in_the_clinic_is_a_clear_error_that_keeps_the_typing(
    clinic_admin_client, rows
):
    data = exercise_form(name="HARBOR WALL SLIDE", summary="My own words.")
    response = clinic_admin_client.post(ADD, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors[english("name")] == [
        "Your clinic already has an exercise named “HARBOR WALL SLIDE”. Choose another name, "
        "or change that exercise instead."
    ]
    assert b'value="My own words."' in response.content
    assert not Exercise.objects.filter(name="HARBOR WALL SLIDE").exists()


def test_another_clinics_name_or_a_base_name_is_free_to_use(clinic_admin_client, rows, clinic):
    for name, slug in [("Hilltop step-up", "step-up-ours"), ("Bridge", "our-bridge")]:
        response = clinic_admin_client.post(ADD, exercise_form(name=name, slug=slug))
        assert response.status_code == 302
        assert Exercise.objects.get(slug=slug).clinic == clinic


def test_a_base_slug_points_to_customising(clinic_admin_client, rows):
    response = clinic_admin_client.post(ADD, exercise_form(slug="bridge"))
    assert response.status_code == 200
    assert "Customise for my clinic" in response.context["adminform"].form.errors["slug"][0]


def test_the_changelist_shows_base_and_own_rows_never_anothers(clinic_admin_client, rows):
    assert changelist_names(clinic_admin_client) == ["Bridge", "Harbor wall slide"]
    assert changelist_names(clinic_admin_client, q="hilltop") == []
    assert changelist_names(clinic_admin_client, q="slide") == ["Harbor wall slide"]
    assert changelist_names(clinic_admin_client, library="own") == ["Harbor wall slide"]
    assert changelist_names(clinic_admin_client, library="base") == ["Bridge"]
    assert changelist_names(clinic_admin_client, library="hidden") == []


def test_the_operator_sees_every_library(admin_client, rows):
    assert changelist_names(admin_client) == ["Bridge", "Harbor wall slide", "Hilltop step-up"]


def test_a_clinic_admin_changes_their_own_exercise_and_its_steps(clinic_admin_client, rows):
    own = rows["own"]
    data = saved_form(own, summary="Slides up the wall.", **{"steps-0-text": "Face the wall."})
    assert clinic_admin_client.post(change_url(own), data).status_code == 302
    own.refresh_from_db()
    assert own.summary == "Slides up the wall."
    assert [step.text for step in own.steps.all()] == ["Face the wall."]


def test_customise_asks_then_copies_and_opens_the_copy(clinic_admin_client, rows, clinic):
    base = rows["base"]
    url = reverse("admin:library_exercise_customise", args=[base.pk])
    page = clinic_admin_client.get(url)
    assert page.status_code == 200
    assert "Yes, make my clinic's copy" in page.content.decode()
    assert not base.clinic_copies.exists()  # a GET copies nothing

    response = clinic_admin_client.post(url)
    copy = base.clinic_copies.get()
    assert response.url == change_url(copy)
    assert (copy.clinic, copy.slug, copy.name) == (clinic, "bridge", "Bridge")
    # The copy is theirs to change; the base page now points to it.
    assert b'name="_save"' in clinic_admin_client.get(change_url(copy)).content
    assert b"Open my clinic's copy" in clinic_admin_client.get(change_url(base)).content
    # Clicking again opens the same copy.
    assert clinic_admin_client.post(url).url == change_url(copy)
    assert base.clinic_copies.count() == 1


def test_hide_and_show_again_from_the_exercise_page(clinic_admin_client, rows, clinic):
    base = rows["base"]
    hide = reverse("admin:library_exercise_hide", args=[base.pk])
    assert clinic_admin_client.get(hide).status_code == 405  # a link cannot hide
    assert clinic_admin_client.post(hide).url == change_url(base)
    assert list(clinic.hidden_exercises.all()) == [base]
    assert changelist_names(clinic_admin_client, library="hidden") == ["Bridge"]
    assert b"Show again for my clinic" in clinic_admin_client.get(change_url(base)).content
    clinic_admin_client.post(hide, {"show": "1"})
    assert not clinic.hidden_exercises.exists()


def test_hide_and_show_actions(clinic_admin_client, rows, clinic):
    selected = [rows["base"].pk, rows["own"].pk]
    clinic_admin_client.post(
        CHANGELIST, {"action": "hide_for_my_clinic", "_selected_action": selected}
    )
    assert list(clinic.hidden_exercises.all()) == [rows["base"]]
    clinic_admin_client.post(
        CHANGELIST, {"action": "show_for_my_clinic", "_selected_action": selected}
    )
    assert not clinic.hidden_exercises.exists()


def test_a_library_editor_adds_to_and_changes_the_base(library_editor_client, rows):
    assert library_editor_client.post(ADD, exercise_form()).status_code == 302
    assert Exercise.objects.get(slug="heel-slide").clinic is None
    base = rows["base"]
    response = library_editor_client.post(change_url(base), saved_form(base, summary="New."))
    assert response.status_code == 302
    assert Exercise.objects.get(pk=base.pk).summary == "New."
    # A clinic's rows are not theirs.
    assert changelist_names(library_editor_client) == ["Bridge", "Heel slide"]


def test_an_exercise_page_offers_edit_only_where_it_may(clinic_admin_client, rows):
    def page(exercise):
        url = reverse("library:detail", args=[exercise.slug])
        return clinic_admin_client.get(url).content.decode()

    assert "Edit in admin" in page(rows["own"])
    assert "Edit in admin" not in page(rows["base"])
    assert "Customise or hide in admin" in page(rows["base"])
    library = clinic_admin_client.get(reverse("library:list")).content.decode()
    assert "Add an exercise" in library


def test_a_therapist_is_offered_no_admin_link(therapist_client, rows):
    """Admin is for staff: a therapist's library pages offer neither link (and do not read
    the permission tables to learn it)."""
    pages = [reverse("library:list")] + [
        reverse("library:detail", args=[rows[name].slug]) for name in ("base", "own")
    ]
    for url in pages:
        content = therapist_client.get(url).content.decode()
        assert "in admin" not in content and "Add an exercise" not in content, url
