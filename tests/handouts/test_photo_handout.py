"""The handout prints each exercise's chosen picture: an uploaded drawing (vector), a photo
(a black-and-white JPEG fitted to the figure box), or the shipped drawing. Read back from
the real PDF."""

import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from handouts.pictures import PRINT_BOX, print_name
from handouts.services import (
    issue_handout,
    render_html,
    render_program_pdf,
    render_snapshot_pdf,
)
from programs.models import Program
from tests.factories import ExerciseFactory
from tests.helpers import (
    figures,
    pdf_text,
    photo_bytes,
    photo_exercise,
    program_of,
    raster_images,
    snapshot_of,
)

DRAWING = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 50"><title>Wall angel</title>'
    b'<path d="M10 40 L40 10 L70 40" stroke="black" fill="none"/></svg>'
)
MAX_HANDOUT_BYTES = 1_500_000


def drawn_exercise(name="Wall angel"):
    exercise = ExerciseFactory(name=name, illustration="", illustration_alt="Arms slide up.")
    exercise.drawing.save("angel.svg", ContentFile(DRAWING))
    return exercise


def test_an_uploaded_drawing_and_a_photo_both_print(therapist):
    pdf = render_program_pdf(program_of(therapist, drawn_exercise(), photo_exercise()))
    text = pdf_text(pdf)
    assert "Wall angel" in text and "Step up" in text
    assert sorted(figures(pdf)) == ["Arms slide up.", "Step up photo."]
    [photo] = raster_images(pdf)  # the drawing stays vector: lines, not pixels
    assert photo.name.endswith(".jpg")  # embedded as JPEG
    assert photo.image.mode == "L"  # black and white
    assert photo.image.width <= PRINT_BOX[0] and photo.image.height <= PRINT_BOX[1]


def test_the_snapshot_records_the_chosen_picture(therapist):
    drawing, photo = drawn_exercise(), photo_exercise()
    shipped = ExerciseFactory(name="Bridge")
    entries = snapshot_of(program_of(therapist, drawing, photo, shipped))["exercises"]
    assert [entry["picture"] for entry in entries] == [
        {"kind": "drawing", "name": drawing.drawing.name},
        {"kind": "photo", "name": photo.photo.name},
        None,
    ]
    assert [entry["illustration"] for entry in entries] == [None, None, "img/exercises/bridge.svg"]


def test_a_photo_not_chosen_is_not_printed(therapist):
    """An exercise with a photo but the drawing chosen prints its drawing."""
    exercise = photo_exercise()
    exercise.picture = "drawing"
    exercise.save()
    pdf = render_program_pdf(program_of(therapist, exercise))
    assert figures(pdf) == ["Step up photo."]
    assert raster_images(pdf) == []


def test_a_transparent_png_prints_white_where_it_was_clear(therapist):
    exercise = ExerciseFactory(name="Clear", picture="photo")
    clear = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(clear, "PNG")
    exercise.photo.save("clear.png", ContentFile(clear.getvalue()))
    [photo] = raster_images(render_program_pdf(program_of(therapist, exercise)))
    assert photo.image.getextrema() == (255, 255)


def test_forty_photo_exercises_stay_under_the_size_limit(therapist):
    """Program.MAX_ITEMS exercises, each with its own camera-sized photo that compresses
    badly: the print copies keep the handout under 1.5 MB."""
    exercises = [photo_exercise(f"Photo exercise {n}", seed=n) for n in range(Program.MAX_ITEMS)]
    pdf = render_program_pdf(program_of(therapist, *exercises))
    assert len(raster_images(pdf)) == Program.MAX_ITEMS
    assert len(figures(pdf)) == Program.MAX_ITEMS
    assert len(pdf) < MAX_HANDOUT_BYTES, len(pdf)


def test_the_print_copy_is_made_once(therapist):
    exercise = photo_exercise()
    program = program_of(therapist, exercise)
    render_program_pdf(program)
    copy = print_name(exercise.photo.name)
    made = default_storage.get_modified_time(copy)
    render_program_pdf(program)
    assert default_storage.get_modified_time(copy) == made
    assert default_storage.listdir("exercise-photos/print/")[1] == [copy.rpartition("/")[2]]


def test_the_preview_shows_the_uploaded_pictures(therapist):
    drawing, photo = drawn_exercise(), photo_exercise()
    html = render_html(snapshot_of(program_of(therapist, drawing, photo)))
    assert f'src="/media/{drawing.drawing.name}"' in html
    assert f'src="/media/{photo.photo.name}"' in html


def test_an_old_snapshot_prints_its_shipped_drawing(therapist):
    """A version 4 snapshot (before uploaded pictures) has no "picture": it prints as it
    did, with the shipped drawing it names."""
    snapshot = snapshot_of(program_of(therapist, ExerciseFactory(name="Bridge")))
    snapshot["version"] = 4
    for entry in snapshot["exercises"]:
        del entry["picture"]
    pdf = render_snapshot_pdf(snapshot)
    assert figures(pdf) == ["A person lies on a mat."]
    assert "img/exercises/bridge.svg" in render_html(snapshot)


@pytest.mark.parametrize(
    "picture",
    [
        {"kind": "photo", "name": "../../../etc/passwd"},
        {"kind": "drawing", "name": "/etc/passwd"},
        {"kind": "drawing", "name": "clinic-logos/x.svg"},
        {"kind": "drawing", "name": "exercise-drawings/../../x.svg"},
        {"kind": "photo", "name": "exercise-drawings/x.svg"},
        {"kind": "script", "name": "exercise-drawings/x.svg"},
        {"kind": "drawing", "name": "https://example.com/x.svg"},
        {"kind": "drawing"},
        "exercise-drawings/x.svg",
    ],
)
def test_a_snapshot_cannot_point_the_renderer_elsewhere(therapist, settings, picture):
    """A snapshot is written by the app, but its picture names are checked again before
    they reach the renderer: only files in the exercise folders print. Each name it might
    reach holds a good drawing, so only that check keeps it off the page."""
    for name in ["x.svg", "clinic-logos/x.svg", "exercise-drawings/x.svg"]:
        assert default_storage.save(name, ContentFile(DRAWING)) == name
    snapshot = snapshot_of(program_of(therapist, drawn_exercise()))
    good = {"kind": "drawing", "name": "exercise-drawings/x.svg"}
    snapshot["exercises"][0]["picture"] = good
    assert figures(render_snapshot_pdf(snapshot)) == ["Arms slide up."]  # the control
    snapshot["exercises"][0]["picture"] = picture
    assert figures(render_snapshot_pdf(snapshot)) == []
    assert "passwd" not in render_html(snapshot) and "example.com" not in render_html(snapshot)


def test_a_missing_upload_prints_without_it_and_is_logged(therapist, caplog):
    exercise = drawn_exercise()
    default_storage.delete(exercise.drawing.name)
    with caplog.at_level(logging.WARNING, logger="handouts.pictures"):
        pdf = render_program_pdf(program_of(therapist, exercise))
    assert "Wall angel" in pdf_text(pdf)
    assert figures(pdf) == []
    assert any(f"Exercise {exercise.pk}:" in record.getMessage() for record in caplog.records)


def test_an_issued_handout_keeps_its_picture_when_the_library_changes(therapist):
    exercise = photo_exercise()
    program = program_of(therapist, exercise)
    handout = issue_handout(program=program, user=therapist.user, mode="filled", large_print=False)
    exercise.photo.save("other.jpg", ContentFile(photo_bytes(seed=7)))
    handout.refresh_from_db()
    assert handout.snapshot["exercises"][0]["picture"]["name"] != exercise.photo.name
    assert len(raster_images(bytes(handout.stored_pdf.data))) == 1
