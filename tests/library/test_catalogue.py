"""The shipped seed library: complete, truthful, readable and safe to draw."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import textstat
from django.contrib.staticfiles import finders
from django.core.management import call_command

from library.models import Exercise
from tests.helpers import MAX_GRADE, SEED_000, SEED_001

pytestmark = pytest.mark.usefixtures("seed_library")

SEED_002 = ["sit-to-stand", "heel-raises", "band-row", "tai-chi-weight-shift", "single-leg-stand"]

TRUE_TAGS = {
    "knees-to-chest": {"spinal-flexion"},
    "cat-cow": {"spinal-flexion", "spinal-extension"},
    "bent-knee-side-rotation": {"spinal-rotation"},
    "standing-rotation": {"spinal-rotation"},
    "walking": {"weight-bearing"},
    "jogging": {"impact", "weight-bearing"},
    "wall-push-ups": {"weight-bearing"},
}
# Exercises that must not carry a tag an osteoporosis caution would flag.
NEUTRAL_SPINE = ["lying-on-back", "shoulder-press", "bridge", "belly-strengthening", "walking"]


@pytest.fixture
def catalogue():
    return list(Exercise.objects.with_parts())


def patient_texts(exercise):
    yield "summary", exercise.summary
    yield "illustration text", exercise.illustration_alt
    if exercise.take_care:
        yield "take_care", exercise.take_care
    for part in ("steps", "tips", "benefits"):
        for line in getattr(exercise, part).all():
            yield part, line.text
    for variant in exercise.variants.all():
        yield "variant", variant.when
        yield "variant", variant.instruction


def test_library_has_every_seed_exercise(catalogue):
    slugs = {exercise.slug for exercise in catalogue}
    assert len(catalogue) >= 22
    assert set(SEED_000 + SEED_001 + SEED_002) <= slugs


def test_every_exercise_is_complete_and_valid(catalogue):
    for exercise in catalogue:
        exercise.full_clean()
        assert exercise.steps.all(), exercise.slug
        assert exercise.benefits.all(), exercise.slug
        assert exercise.illustration_alt.strip(), exercise.slug
        assert exercise.illustration == f"img/exercises/{exercise.slug}.svg"
        assert exercise.illustration_exists(), f"missing drawing for {exercise.slug}"


def test_seed_000_details_carry_over(catalogue):
    by_slug = {exercise.slug: exercise for exercise in catalogue}
    assert by_slug["head-press"].variants.all().count() == 3
    assert {s.slug for s in by_slug["lying-on-back"].support_options.all()} == {
        "head-and-neck",
        "knees-and-feet",
        "arms",
    }
    assert by_slug["lying-on-back"].stay_minutes
    assert by_slug["buttocks-squeeze"].hold_min_seconds == 5
    assert by_slug["belly-strengthening"].work_up_to_reps == 25
    assert by_slug["leg-press"].default_dose.endswith("with each leg.")
    assert by_slug["shoulder-press"].default_dose.startswith("Hold 2 to 3 seconds, then relax.")


def test_movement_tags_are_truthful(catalogue):
    by_slug = {exercise.slug: exercise for exercise in catalogue}
    for slug, tags in TRUE_TAGS.items():
        assert tags <= {t.slug for t in by_slug[slug].movement_tags.all()}, slug
    for slug in NEUTRAL_SPINE:
        tags = {t.slug for t in by_slug[slug].movement_tags.all()}
        assert not tags & {"spinal-flexion", "spinal-rotation", "impact"}, slug


def test_every_patient_text_reads_at_grade_seven_or_below(catalogue):
    too_hard = [
        f"{exercise.slug} {part}: {text!r} ({textstat.flesch_kincaid_grade(text):.1f})"
        for exercise in catalogue
        for part, text in patient_texts(exercise)
        if textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]
    assert not too_hard, "\n".join(too_hard)


def test_the_reading_check_catches_hard_text():
    hard = (
        "Osteoporotic individuals should circumvent repetitive, end-range lumbar flexion "
        "because vertebral compression fractures are consequential."
    )
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE


def test_illustrations_are_plain_drawings(catalogue):
    """No script, event handler, style sheet, text or outside reference in any drawing."""
    for exercise in catalogue:
        path = finders.find(exercise.illustration)
        source = Path(path).read_text(encoding="utf-8")
        root = ElementTree.fromstring(source)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 320 200", exercise.slug
        tags = {element.tag.split("}")[-1] for element in root.iter()}
        assert not tags & {"script", "style", "image", "use", "foreignObject", "text"}, path
        assert not re.search(r"\son\w+\s*=|href|url\(|@import|javascript:", source, re.I), path


def test_loading_twice_creates_no_duplicates():
    before = Exercise.objects.count()
    call_command("loaddata", "exercise_library", verbosity=0)
    assert Exercise.objects.count() == before
