"""In production the static files come from the collected files' manifest, where a name
missing from it makes static() raise. An exercise whose drawing is missing still shows
on every page, without the picture."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ExerciseFactory, ProgramItemFactory

MISSING = "img/exercises/missing.svg"


@pytest.fixture
def manifest_static(settings, tmp_path):
    """Every static file of the checkout in a manifest, as collectstatic would write it."""
    paths = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            prefix = getattr(storage, "prefix", None)
            name = f"{prefix}/{path}" if prefix else path
            paths[name] = name
    manifest = {"version": "1.1", "paths": paths}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }


@pytest.fixture
def missing(db):
    return ExerciseFactory(name="Heel slide", illustration=MISSING)


def test_library_and_admin_pages_show_an_exercise_without_its_drawing(
    manifest_static, missing, therapist_client, admin_client
):
    pages = [
        therapist_client.get(reverse("library:list")),
        therapist_client.get(reverse("library:detail", args=[missing.slug])),
        admin_client.get(reverse("admin:library_exercise_changelist")),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "Heel slide" in page.content.decode()
        assert MISSING not in page.content.decode()


def test_program_pages_show_an_exercise_without_its_drawing(
    manifest_static, missing, therapist_client, program
):
    ProgramItemFactory(program=program, exercise=missing)
    for name in ["programs:detail", "programs:edit"]:
        page = therapist_client.get(reverse(name, args=[program.pk]))
        assert page.status_code == 200, name
        assert "Heel slide" in page.content.decode()
    search = therapist_client.get(reverse("programs:search", args=[program.pk]), {"q": "heel"})
    assert search.status_code == 200 and "Heel slide" in search.content.decode()
