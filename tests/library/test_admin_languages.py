"""The library's patient-facing words are edited per language in admin, a tab each
(django-modeltranslation); the English search keeps reading the English text."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from library.models import Exercise
from tests.library.test_admin import ADD, exercise_form

pytestmark = pytest.mark.django_db


def test_the_exercise_form_has_a_tab_per_language_served_by_us(library_editor_client):
    page = library_editor_client.get(ADD).content.decode()
    for field in ["name_en", "name_es", "summary_es", "take_care_es", "illustration_alt_es"]:
        assert f'name="{field}"' in page
    assert 'name="steps-0-text_es"' in page or 'name="steps-__prefix__-text_es"' in page
    # jQuery UI's tabs from our static files: the Content Security Policy refuses a CDN.
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in page
    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")


def test_spanish_saved_in_admin_leaves_the_english_search_as_it_was(library_editor_client):
    data = exercise_form(**{"name_es": "Deslizar el talón", "steps-0-text_es": "Deslice el talón."})
    assert library_editor_client.post(ADD, data).status_code == 302
    exercise = Exercise.objects.get(slug="heel-slide")
    assert (exercise.name_en, exercise.name_es) == ("Heel slide", "Deslizar el talón")
    assert exercise.steps.get().text_es == "Deslice el talón."
    assert list(Exercise.objects.search("heel")) == [exercise]
    assert not Exercise.objects.search("talón").exists()


@pytest.mark.parametrize("model", ["library/supportoption", "library/protocol", "library/sheet"])
def test_other_printed_rows_have_spanish_fields(client, django_user_model, model):
    client.force_login(django_user_model.objects.create_superuser("root", "", "x"))
    page = client.get(reverse(f"admin:{model.replace('/', '_')}_add")).content.decode()
    first = {"library/supportoption": "name", "library/protocol": "intro"}.get(model, "title")
    assert f'name="{first}_es"' in page
