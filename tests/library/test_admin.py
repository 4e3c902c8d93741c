import pytest
from django.urls import reverse

from library.models import Exercise
from tests.factories import ExerciseFactory, MovementTagFactory, ProtocolItemFactory
from tests.helpers import EXERCISE_ADD as ADD
from tests.helpers import EXERCISE_CHANGELIST as CHANGELIST
from tests.helpers import exercise_form

pytestmark = pytest.mark.django_db


def test_library_editor_sees_changelist_change_and_add(library_editor_client):
    exercise = ExerciseFactory(name="Bridge")
    response = library_editor_client.get(CHANGELIST)
    assert response.status_code == 200
    assert b"Bridge" in response.content
    assert b'<img src="/static/img/exercises/bridge.svg"' in response.content
    change = reverse("admin:library_exercise_change", args=[exercise.pk])
    assert library_editor_client.get(change).status_code == 200
    assert library_editor_client.get(ADD).status_code == 200


@pytest.mark.parametrize("url", [CHANGELIST, ADD])
def test_therapist_is_refused(therapist_client, url):
    response = therapist_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_changelist_searches_steps_and_filters(library_editor_client):
    flexion = MovementTagFactory(slug="spinal-flexion", name="Spinal flexion")
    knees = ExerciseFactory(name="Knees to chest", step__text="Hug both knees to your chest.")
    knees.movement_tags.add(flexion)
    ExerciseFactory(name="Wall push-ups", position="standing")
    ExerciseFactory(name="Old one", archived=True)

    def names(params):
        response = library_editor_client.get(CHANGELIST, params)
        return {e.name for e in response.context["cl"].result_list}

    assert names({"q": "hug both"}) == {"Knees to chest"}
    assert names({"position__exact": "standing"}) == {"Wall push-ups"}
    assert names({"movement_tags__id__exact": flexion.pk}) == {"Knees to chest"}
    assert names({"archived__exact": "1"}) == {"Old one"}


def test_add_saves_a_valid_exercise(library_editor_client):
    response = library_editor_client.post(ADD, exercise_form())
    assert response.status_code == 302
    exercise = Exercise.objects.get(slug="heel-slide")
    assert [s.text for s in exercise.steps.all()] == ["Slide your heel toward you."]
    assert (
        exercise.default_dose == "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg."
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reps": "0"}, "reps", "greater than or equal to 1"),
        ({"reps": "500"}, "reps", "less than or equal to 100"),
        ({"sets": "20"}, "sets", "less than or equal to 10"),
        ({"hold_max_seconds": "1"}, "hold_max_seconds", "at least the shortest hold"),
        ({"hold_max_seconds": ""}, "hold_max_seconds", "or neither"),
        ({"hold_min_seconds": "-3"}, "hold_min_seconds", "greater than or equal to 0"),
    ],
)
def test_out_of_range_dose_is_shown_next_to_the_field(
    library_editor_client, overrides, field, message
):
    response = library_editor_client.post(ADD, exercise_form(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Exercise.objects.exists()


def test_duplicate_slug_is_shown_next_to_the_field(library_editor_client):
    ExerciseFactory(slug="heel-slide")
    response = library_editor_client.post(ADD, exercise_form())
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already has an exercise with the slug" in errors["slug"][0]


def test_an_exercise_needs_a_step_and_steps_cannot_be_blank(library_editor_client):
    response = library_editor_client.post(ADD, exercise_form(**{"steps-0-text": "   "}))
    assert response.status_code == 200
    steps = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "steps"
    )
    assert steps.formset.errors[0]["text_en"] == ["This field is required."]

    response = library_editor_client.post(ADD, exercise_form(**{"steps-TOTAL_FORMS": "0"}))
    assert response.status_code == 200
    assert not Exercise.objects.exists()


def test_preview_shows_the_patient_view(library_editor_client):
    exercise = ExerciseFactory(name="Bridge", step__text="Lift your hips.", side="leg")
    url = reverse("admin:library_exercise_preview", args=[exercise.pk])
    response = library_editor_client.get(url)
    assert response.status_code == 200
    assert b"Lift your hips." in response.content
    assert b"Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg." in response.content


def test_preview_is_refused_to_a_therapist(therapist_client):
    exercise = ExerciseFactory()
    url = reverse("admin:library_exercise_preview", args=[exercise.pk])
    assert therapist_client.get(url).status_code == 302


def test_archive_and_restore_actions(library_editor_client):
    exercise = ExerciseFactory()
    library_editor_client.post(CHANGELIST, {"action": "archive", "_selected_action": [exercise.pk]})
    exercise.refresh_from_db()
    assert exercise.archived
    library_editor_client.post(CHANGELIST, {"action": "restore", "_selected_action": [exercise.pk]})
    exercise.refresh_from_db()
    assert not exercise.archived


def test_delete_in_use_is_refused_with_a_pointer_to_archive(library_editor_client):
    exercise = ExerciseFactory(name="Bridge")
    ProtocolItemFactory(exercise=exercise)
    delete = reverse("admin:library_exercise_delete", args=[exercise.pk])

    response = library_editor_client.post(delete, {"post": "yes"}, follow=True)
    assert "Bridge cannot be deleted" in response.content.decode()
    assert "Archive it instead" in response.content.decode()

    response = library_editor_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [exercise.pk]}, follow=True
    )
    assert "Archive it instead" in response.content.decode()
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_delete_unused_goes_through(library_editor_client):
    exercise = ExerciseFactory()
    response = library_editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [exercise.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Exercise.objects.filter(pk=exercise.pk).exists()
