"""An exercise's pictures: a shipped drawing, an uploaded drawing, a photo, and the choice
of which one the pages and the handout show."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.svg import svg_problems, uploaded_drawing_problems
from library.models import Exercise
from tests.factories import ExerciseFactory, ProgramItemFactory
from tests.helpers import CSS_BYPASSES, PLAIN_DRAWING, SVG, exercise_form
from tests.helpers import EXERCISE_ADD as ADD

pytestmark = pytest.mark.django_db

DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 5"><path d="M0 0 L8 5"/></svg>'
SHIPPED = "/static/img/exercises/bridge.svg"


def png(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def drawn():
    exercise = ExerciseFactory(name="Wall angel")
    exercise.drawing.save("angel.svg", ContentFile(DRAWING))
    return exercise


@pytest.fixture
def photographed():
    exercise = ExerciseFactory(name="Step up", picture="photo")
    exercise.photo.save("step.png", ContentFile(png()))
    return exercise


# The rule: the chosen picture must be there.


def test_photo_chosen_without_a_photo_is_refused():
    exercise = ExerciseFactory.build(picture="photo")
    with pytest.raises(ValidationError) as refused:
        exercise.clean()
    assert refused.value.message_dict == {
        "photo": ["Upload a photo, or choose to show the drawing."]
    }


def test_drawing_chosen_without_any_drawing_is_refused():
    exercise = ExerciseFactory.build(illustration="")
    with pytest.raises(ValidationError) as refused:
        exercise.clean()
    assert list(refused.value.message_dict) == ["drawing"]


@pytest.mark.parametrize(
    ("fields", "upload"),
    [
        ({"illustration": "img/exercises/bridge.svg"}, None),  # the shipped drawing
        ({"illustration": ""}, "drawing"),  # an uploaded drawing only
        ({"illustration": "", "picture": "photo"}, "photo"),  # a photo only
    ],
)
def test_an_exercise_with_its_chosen_picture_is_valid(fields, upload):
    exercise = ExerciseFactory.build(**fields)
    if upload == "drawing":
        exercise.drawing.save("a.svg", ContentFile(DRAWING), save=False)
    elif upload == "photo":
        exercise.photo.save("a.png", ContentFile(png()), save=False)
    exercise.clean()


# Which picture shows: one helper, Exercise.picture_url.


def test_the_shipped_drawing_shows_without_uploads():
    assert ExerciseFactory().picture_url == SHIPPED


def test_an_uploaded_drawing_shows_instead_of_the_shipped_one(drawn):
    assert drawn.picture_url == f"/media/{drawn.drawing.name}"


def test_the_photo_shows_when_chosen(photographed, drawn):
    assert photographed.picture_url == f"/media/{photographed.photo.name}"
    photographed.picture = "drawing"
    assert photographed.picture_url == SHIPPED


# Admin: upload, choose, see it as printed; mistakes keep what was typed.


def test_admin_adds_an_exercise_with_an_uploaded_drawing_only(library_editor_client):
    drawing = SimpleUploadedFile("angel.svg", DRAWING, "image/svg+xml")
    response = library_editor_client.post(ADD, exercise_form(illustration="", drawing=drawing))
    assert response.status_code == 302
    exercise = Exercise.objects.get(slug="heel-slide")
    assert exercise.illustration == ""
    assert exercise.picture_url == f"/media/{exercise.drawing.name}"


def test_admin_adds_an_exercise_with_a_photo_only(library_editor_client):
    photo = SimpleUploadedFile("step.png", png(), "image/png")
    data = exercise_form(illustration="", picture="photo", photo=photo)
    assert library_editor_client.post(ADD, data).status_code == 302
    exercise = Exercise.objects.get(slug="heel-slide")
    assert exercise.picture_url == f"/media/{exercise.photo.name}"


def test_admin_asks_for_the_chosen_picture_and_keeps_the_form(library_editor_client):
    data = exercise_form(illustration="", picture="photo", summary="Bends your knee slowly.")
    response = library_editor_client.post(ADD, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "photo": ["Upload a photo, or choose to show the drawing."]
    }
    page = response.content.decode()
    assert 'value="Bends your knee slowly."' in page
    assert re.search(r'<input type="radio" name="picture" value="photo"[^>]* checked>', page)
    assert not Exercise.objects.exists()


def test_admin_shows_the_choice_as_radio_buttons_and_the_picture_as_printed(
    library_editor_client, photographed
):
    change = reverse("admin:library_exercise_change", args=[photographed.pk])
    page = library_editor_client.get(change).content.decode()
    assert 'type="radio" name="picture" value="drawing"' in page
    assert 'accept=".svg,image/svg+xml"' in page
    assert (
        f'<img src="/media/{photographed.photo.name}" alt="A person lies on a mat." '
        'class="exercise-picture-preview photo">'
    ) in page
    changelist = library_editor_client.get(reverse("admin:library_exercise_changelist"))
    assert f'<img src="/media/{photographed.photo.name}"' in changelist.content.decode()


def test_admin_add_page_explains_the_preview_comes_after_saving(library_editor_client):
    assert (
        "Save to see the picture as it will print."
        in library_editor_client.get(ADD).content.decode()
    )


# The therapist's pages show the chosen picture.


def test_library_pages_show_the_chosen_picture(therapist_client, photographed, drawn):
    listing = therapist_client.get(reverse("library:list")).content.decode()
    assert f"/media/{photographed.photo.name}" in listing
    assert f"/media/{drawn.drawing.name}" in listing
    assert SHIPPED not in listing  # both exercises show their uploads instead
    detail = therapist_client.get(reverse("library:detail", args=[photographed.slug]))
    assert f'<img src="/media/{photographed.photo.name}"' in detail.content.decode()


def test_editor_and_program_pages_show_the_chosen_picture(
    therapist_client, program, photographed, drawn
):
    ProgramItemFactory(program=program, exercise=photographed, order=1)
    ProgramItemFactory(program=program, exercise=drawn, order=2)
    search = therapist_client.get(reverse("programs:search", args=[program.pk]), {"q": "step"})
    assert f"/media/{photographed.photo.name}" in search.content.decode()
    for name in ["programs:edit", "programs:detail"]:
        page = therapist_client.get(reverse(name, args=[program.pk])).content.decode()
        assert f"/media/{photographed.photo.name}" in page, name
        assert f"/media/{drawn.drawing.name}" in page, name


@pytest.mark.parametrize("kind", CSS_BYPASSES)
def test_css_that_could_fetch_is_refused_with_the_reason(kind):
    drawing, reason = CSS_BYPASSES[kind]
    assert reason in svg_problems(drawing)


def test_a_child_element_inside_a_style_is_refused():
    problems = svg_problems(SVG.format("<style>rect { fill: red }<g/></style>"))
    assert problems == ["A <style> element contains other elements; it may hold only CSS."]


def test_a_plain_drawing_with_colours_widths_and_gradients_passes():
    assert uploaded_drawing_problems(PLAIN_DRAWING) == []


def test_every_shipped_drawing_passes_the_upload_check():
    drawings = sorted(Path(settings.BASE_DIR, "static", "img", "exercises").glob("*.svg"))
    assert drawings
    for drawing in drawings:
        assert uploaded_drawing_problems(drawing.read_bytes()) == [], drawing.name


@pytest.mark.parametrize("kind", CSS_BYPASSES)
def test_admin_refuses_an_uploaded_drawing_whose_css_could_fetch(library_editor_client, kind):
    drawing, reason = CSS_BYPASSES[kind]
    upload = SimpleUploadedFile("angel.svg", drawing.encode(), "image/svg+xml")
    response = library_editor_client.post(ADD, exercise_form(illustration="", drawing=upload))
    assert response.status_code == 200
    assert reason in response.context["adminform"].form.errors["drawing"]
    assert not Exercise.objects.exists()


def test_admin_stores_a_plain_drawing_as_uploaded(library_editor_client):
    upload = SimpleUploadedFile("angel.svg", PLAIN_DRAWING, "image/svg+xml")
    response = library_editor_client.post(ADD, exercise_form(illustration="", drawing=upload))
    assert response.status_code == 302
    assert Exercise.objects.get(slug="heel-slide").drawing.read() == PLAIN_DRAWING
