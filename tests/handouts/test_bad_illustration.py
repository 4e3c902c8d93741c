"""A drawing path that slipped past the field's validator (a fixture or an ORM update
skip it) no longer stops a handout: it prints without that picture, and the log names
the exercise."""

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from handouts.models import IssuedHandout
from handouts.services import illustration_name
from library.models import Exercise
from tests.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory, StepFactory
from tests.helpers import pdf_text

BAD = ["../x.svg", "/etc/passwd", "img/../../x.svg", "img/exercises/missing.svg"]


@pytest.fixture
def bridge(db):
    bridge = ExerciseFactory(name="Bridge", step__text="Lie on your back with knees bent.")
    StepFactory(exercise=bridge, order=2, text="Lift your hips off the mat.")
    return bridge


@pytest.fixture
def program(therapist, bridge):
    """Alice's program: the bridge, then wall push-ups with a good drawing."""
    program = ProgramFactory(therapist=therapist, patient__clinic=therapist.clinic)
    ProgramItemFactory(program=program, exercise=bridge, order=1)
    push_ups = ExerciseFactory(
        name="Wall push-ups",
        illustration="img/exercises/wall-push-ups.svg",
        step__text="Stand an arm's length from a wall.",
    )
    ProgramItemFactory(program=program, exercise=push_ups, order=2)
    return program


def spoil(exercise, path):
    Exercise.objects.filter(pk=exercise.pk).update(illustration=path)


def warnings_for(caplog, exercise):
    return [
        record
        for record in caplog.records
        if record.levelno == logging.WARNING
        and record.name == "handouts.services"
        and f"Exercise {exercise.pk}:" in record.getMessage()
    ]


@pytest.mark.parametrize("path", BAD)
def test_a_bad_or_missing_drawing_is_no_drawing(bridge, path, caplog):
    spoil(bridge, path)
    bridge.refresh_from_db()
    assert illustration_name(bridge) is None
    assert path in warnings_for(caplog, bridge)[0].getMessage()


def test_a_good_drawing_is_named_without_a_warning(bridge, caplog):
    assert illustration_name(bridge) == "img/exercises/bridge.svg"
    assert not caplog.records


@pytest.mark.parametrize("path", ["../x.svg", "/etc/passwd", "img/../../x.svg"])
def test_render_handout_prints_the_exercise_without_its_drawing(
    program, bridge, path, tmp_path, caplog
):
    spoil(bridge, path)
    out = tmp_path / "handout.pdf"
    call_command("render_handout", program.pk, "--mode", "filled", "--out", str(out))
    text = pdf_text(out.read_bytes())
    for words in [
        "Bridge",
        "Lie on your back with knees bent.",
        "Lift your hips off the mat.",
        "Wall push-ups",
    ]:
        assert words in text
    assert len(warnings_for(caplog, bridge)) == 1


def test_issuing_prints_it_and_keeps_the_other_drawings(therapist_client, program, bridge, caplog):
    spoil(bridge, "../x.svg")
    response = therapist_client.post(
        reverse("handouts:issue", args=[program.pk]), {"mode": "filled"}
    )
    assert response.status_code == 302
    handout = IssuedHandout.objects.get()
    drawings = [entry["illustration"] for entry in handout.snapshot["exercises"]]
    assert drawings == [None, "img/exercises/wall-push-ups.svg"]
    text = pdf_text(handout.read_pdf())
    assert "Bridge" in text
    assert "Lift your hips off the mat." in text
    assert warnings_for(caplog, bridge)
