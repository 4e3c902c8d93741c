"""The library filter's "Body region" counts come from Django's cache (library.region_counts)
and are forgotten by every change that may alter them: an exercise added, changed,
deleted, archived or restored in admin, a region renamed, a clinic hiding or showing base
exercises, a library import, load_library. Real database, the settings' real cache."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library import region_counts, services
from library.models import Exercise
from library.transfer import export_library, import_library
from tests.factories import BodyRegionFactory, ClinicFactory, ExerciseFactory
from tests.helpers import EXERCISE_ADD, EXERCISE_CHANGELIST, exercise_form, saved_exercise_form

pytestmark = pytest.mark.django_db

LIST = reverse("library:list")


def option(client, slug):
    """The region's option text on the library page, e.g. "Knees (3)"."""
    content = client.get(LIST).content.decode()
    found = re.search(rf'<option value="{slug}"[^>]*>([^<]*)</option>', content)
    return found and found.group(1)


@pytest.fixture
def knees(db):
    region = BodyRegionFactory(slug="knees", name="Knees")
    for exercise in ExerciseFactory.create_batch(2):
        exercise.regions.add(region)
    return region


def test_the_counts_are_read_once_then_from_the_cache(library_editor_client, knees):
    assert option(library_editor_client, "knees") == "Knees (2)"
    assert cache.get(region_counts.KEY) == [("knees", "Knees", 2)]
    with CaptureQueriesContext(connection) as queries:
        assert option(library_editor_client, "knees") == "Knees (2)"
    assert not [q for q in queries if "COUNT(" in q["sql"] and "bodyregion" in q["sql"]]
    # A chosen region is still looked up and checked.
    response = library_editor_client.get(LIST, {"region": "nowhere"})
    assert response.context["form"].errors["region"]


def test_adding_changing_and_deleting_in_admin(library_editor_client, knees):
    assert option(library_editor_client, "knees") == "Knees (2)"
    response = library_editor_client.post(EXERCISE_ADD, exercise_form(regions=[knees.pk]))
    assert response.status_code == 302
    assert option(library_editor_client, "knees") == "Knees (3)"

    added = Exercise.objects.get(slug="heel-slide")
    change = reverse("admin:library_exercise_change", args=[added.pk])
    response = library_editor_client.post(change, saved_exercise_form(added, regions=[]))
    assert response.status_code == 302
    assert not added.regions.exists()
    assert option(library_editor_client, "knees") == "Knees (2)"

    one = knees.exercises.first()
    delete = reverse("admin:library_exercise_delete", args=[one.pk])
    assert library_editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert option(library_editor_client, "knees") == "Knees (1)"


def test_archiving_and_restoring_in_admin(library_editor_client, knees):
    one = knees.exercises.first()
    assert option(library_editor_client, "knees") == "Knees (2)"
    action = {"action": "archive", "_selected_action": [one.pk]}
    library_editor_client.post(EXERCISE_CHANGELIST, action)
    assert option(library_editor_client, "knees") == "Knees (1)"
    library_editor_client.post(EXERCISE_CHANGELIST, {**action, "action": "restore"})
    assert option(library_editor_client, "knees") == "Knees (2)"


def test_a_region_renamed(library_editor_client, knees):
    assert option(library_editor_client, "knees") == "Knees (2)"
    knees.name = "Knee"
    knees.save()
    assert option(library_editor_client, "knees") == "Knee (2)"


def test_hiding_and_showing_base_exercises_forget_the_counts(library_editor_client, knees):
    """The counts are the base library's, the same for every clinic, so hiding does not
    change them; the cached copy is forgotten all the same (bulk writes, no signal)."""
    clinic = ClinicFactory()
    rows = Exercise.objects.filter(pk=knees.exercises.first().pk)
    for change in (services.hide_for_clinic, services.show_for_clinic):
        assert option(library_editor_client, "knees") == "Knees (2)"
        assert cache.get(region_counts.KEY) is not None
        assert change(exercises=rows, clinic_id=clinic.pk) == 1
        assert cache.get(region_counts.KEY) is None


def test_a_library_import_forgets_the_counts(library_editor_client, knees):
    clinic, fresh = ClinicFactory(), ClinicFactory()
    ExerciseFactory(clinic=clinic, slug="own").regions.add(knees)
    archive, _summary = export_library(clinic)
    assert option(library_editor_client, "knees") == "Knees (2)"
    import_library(archive, clinic=fresh)
    assert Exercise.objects.filter(clinic=fresh, slug="own").exists()
    assert cache.get(region_counts.KEY) is None
    assert option(library_editor_client, "knees") == "Knees (2)"  # a clinic's own: not counted


def test_load_library(library_editor_client):
    assert option(library_editor_client, "legs") is None  # no regions yet
    call_command("load_library", stdout=io.StringIO())
    legs = Exercise.objects.base().active().filter(regions__slug="legs").count()
    assert legs > 0
    assert option(library_editor_client, "legs") == f"Legs ({legs})"
