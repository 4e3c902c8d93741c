import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import translation

from library.models import (
    Exercise,
    ExerciseStep,
    Kind,
    Position,
    Side,
    describe_dose,
    illustration_url,
)
from tests.factories import ExerciseFactory, ProtocolItemFactory
from tests.helpers import EXERCISE_ADD as ADMIN_ADD
from tests.helpers import exercise_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"reps": 0},
        {"reps": 101},
        {"sets": 0},
        {"sets": 11},
        {"hold_min_seconds": 4, "hold_max_seconds": 3},
        {"hold_min_seconds": 2, "hold_max_seconds": None},
        {"hold_min_seconds": 100, "hold_max_seconds": 121},
        {"stay_minutes": 0},
        {"reps": 10, "work_up_to_reps": 5},
        {"name": ""},
    ],
)
def test_database_refuses_bad_dose(fields):
    exercise = ExerciseFactory()
    for name, value in fields.items():
        setattr(exercise, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        exercise.save()


def test_database_accepts_the_edges():
    exercise = ExerciseFactory(reps=100, sets=10, hold_min_seconds=0, hold_max_seconds=120)
    exercise.reps, exercise.hold_min_seconds, exercise.hold_max_seconds = 1, None, None
    exercise.save()
    assert Exercise.objects.get(pk=exercise.pk).reps == 1


def test_slug_is_unique():
    ExerciseFactory(slug="bridge")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(slug="bridge")


def test_blank_step_is_refused():
    exercise = ExerciseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseStep.objects.create(exercise=exercise, order=2, text="")


def test_clean_puts_hold_errors_on_the_field():
    exercise = ExerciseFactory.build(hold_min_seconds=5, hold_max_seconds=2)
    with pytest.raises(ValidationError) as error:
        exercise.clean()
    assert "hold_max_seconds" in error.value.message_dict


def test_active_hides_archived():
    kept = ExerciseFactory()
    ExerciseFactory(archived=True)
    assert list(Exercise.objects.active()) == [kept]


def test_search_matches_name_and_steps():
    bridge = ExerciseFactory(name="Bridge")
    squeeze = ExerciseFactory(name="Squeeze", step__text="Lift your tailbone a little.")
    assert list(Exercise.objects.search("bridge")) == [bridge]
    assert list(Exercise.objects.search("TAILBONE")) == [squeeze]
    assert Exercise.objects.search("  ").count() == 2


def test_in_use_follows_protected_references():
    exercise = ExerciseFactory()
    assert not exercise.in_use()
    ProtocolItemFactory(exercise=exercise)
    assert exercise.in_use()


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        (
            {"hold_min": 2, "hold_max": 3, "reps": 10, "side": Side.EACH_LEG},
            "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg.",
        ),
        ({"hold_min": 5, "hold_max": 5, "reps": 1}, "Hold 5 seconds, then relax. Repeat once."),
        (
            {"reps": 10, "side": Side.EACH_LEG, "work_up_to": 25},
            "Repeat 10 times with each leg. Work up to 25 times.",
        ),
        (
            {"reps": 10, "sets": 2, "side": Side.EACH_ARM},
            "Repeat 10 times with each arm. Do 2 sets.",
        ),
        ({"stay_minutes": 5}, "Stay in this position for 5 minutes."),
        ({"stay_minutes": 20, "activity": True}, "Keep going for 20 minutes."),
        ({}, ""),
    ],
)
def test_describe_dose(dose, expected):
    assert describe_dose(**dose) == expected


def test_search_puts_name_matches_first():
    ExerciseFactory(name="Cat-cow", step__text="Get on your hands and knees to start.")
    ExerciseFactory(name="Knees to chest")
    assert [e.name for e in Exercise.objects.search("knees to")] == ["Knees to chest", "Cat-cow"]


# The illustration: a plain static path to an SVG, refused otherwise (the static finders
# raise SuspiciousFileOperation for one that leaves the static folders).

BAD_ILLUSTRATIONS = [
    "../x.svg",
    "/etc/passwd",
    "img/../../x.svg",
    "img/./x.svg",
    "img//x.svg",
    "img/.hidden.svg",
    "img\\x.svg",
    "\\img\\x.svg",
    "C:/x.svg",
    "https://example.org/x.svg",
    "file:///etc/x.svg",
    "img/x.svg\x00",
    "img/x.svg\n",
    " img/x.svg",
    "img/x.png",
]


@pytest.mark.parametrize("path", BAD_ILLUSTRATIONS)
def test_full_clean_refuses_a_bad_illustration_path(path):
    exercise = ExerciseFactory()
    exercise.illustration = path
    with pytest.raises(ValidationError) as refused:
        exercise.full_clean()
    assert "like img/exercises/bridge.svg" in refused.value.message_dict["illustration"][0]


@pytest.mark.parametrize(
    "path", ["img/exercises/bridge.svg", "img/exercises/wall-push-ups.svg", "a/b_c/d.e-1.svg"]
)
def test_plain_static_paths_are_accepted(path):
    exercise = ExerciseFactory(illustration=path)
    exercise.full_clean()


@pytest.mark.parametrize("path", ["../x.svg", "/etc/passwd", "img/../../x.svg", "img/none.svg"])
def test_a_bad_or_missing_illustration_neither_exists_nor_raises(path):
    exercise = ExerciseFactory()
    Exercise.objects.filter(pk=exercise.pk).update(illustration=path)  # no validation here
    exercise.refresh_from_db()
    assert not exercise.illustration_exists()
    assert exercise.illustration_url in (None, "/static/img/none.svg")


def test_illustration_url_is_none_where_production_static_would_raise(settings, tmp_path):
    """With the collected files' manifest (production), static() raises ValueError for a
    name missing from it; illustration_url answers None instead."""
    manifest = {"version": "1.1", "paths": {"img/exercises/bridge.svg": "img/bridge.1a2b.svg"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert ExerciseFactory(illustration="img/exercises/bridge.svg").illustration_url == (
        "/static/img/bridge.1a2b.svg"
    )
    assert illustration_url("img/exercises/missing.svg") is None
    assert illustration_url("../x.svg") is None


ADMIN_BAD_PATHS = ["../x.svg", "/etc/passwd", "img/../../x.svg"]


@pytest.mark.parametrize("path", ADMIN_BAD_PATHS)
def test_admin_add_form_shows_a_bad_illustration_path_as_a_form_error(admin_client, path):
    response = admin_client.post(ADMIN_ADD, exercise_form(illustration=path))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "like img/exercises/bridge.svg" in errors["illustration"][0]
    assert "like img/exercises/bridge.svg" in response.content.decode()
    assert not Exercise.objects.exists()


@pytest.mark.parametrize("path", ADMIN_BAD_PATHS)
def test_admin_change_form_shows_a_bad_illustration_path_as_a_form_error(admin_client, path):
    exercise = ExerciseFactory(name="Bridge", slug="bridge")
    step, benefit = exercise.steps.get(), exercise.benefits.get()
    data = exercise_form(
        name="Bridge",
        slug="bridge",
        illustration=path,
        **{
            "steps-INITIAL_FORMS": "1",
            "steps-0-id": str(step.pk),
            "steps-0-exercise": str(exercise.pk),
            "benefits-INITIAL_FORMS": "1",
            "benefits-0-id": str(benefit.pk),
            "benefits-0-exercise": str(exercise.pk),
        },
    )
    change = reverse("admin:library_exercise_change", args=[exercise.pk])
    response = admin_client.post(change, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["illustration"]
    assert "like img/exercises/bridge.svg" in response.content.decode()
    exercise.refresh_from_db()
    assert exercise.illustration == "img/exercises/bridge.svg"

    # The same form with a good path saves: the refusal was about the path alone.
    response = admin_client.post(change, {**data, "illustration": "img/exercises/walking.svg"})
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.illustration == "img/exercises/walking.svg"


@pytest.mark.parametrize("path", ["../x.svg", "/etc/passwd"])
def test_library_and_admin_pages_survive_a_bad_stored_illustration(
    admin_client, therapist_client, path
):
    exercise = ExerciseFactory(name="Bridge")
    Exercise.objects.filter(pk=exercise.pk).update(illustration=path)
    pages = [
        (therapist_client, reverse("library:list")),
        (therapist_client, reverse("library:detail", args=[exercise.slug])),
        (admin_client, reverse("admin:library_exercise_changelist")),
        (admin_client, reverse("admin:library_exercise_change", args=[exercise.pk])),
    ]
    for client, url in pages:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("language", ["en", "es"])
def test_position_and_kind_read_as_djangos_own_display_in_each_language(language):
    # Exercise's own get_position_display / get_kind_display (a dict made once, for the
    # library cards' speed) give the words Django's would, in the active language.
    field = {name: Exercise._meta.get_field(name) for name in ("position", "kind")}
    with translation.override(language):
        for position in [*Position.values, "not-a-position"]:
            exercise = Exercise(position=position, kind=Kind.STRETCH)
            django = Model._get_FIELD_display(exercise, field["position"])
            assert exercise.get_position_display() == django
        for kind in [*Kind.values, "not-a-kind"]:
            exercise = Exercise(position=Position.STANDING, kind=kind)
            assert exercise.get_kind_display() == Model._get_FIELD_display(exercise, field["kind"])
    with translation.override("es"):
        assert Exercise(position=Position.STANDING).get_position_display() != "Standing"
