"""The exercise drawings come from pose data (exercises/illustrations.py): every seed exercise
has one, the committed files are what the code draws, and each is safe, full-sized, faces
the right way and is described by its alt text. Reads the fixture as JSON: no database."""

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.svg import svg_problems
from library.drawings import BY_SLUG, POSES, draw, figure_box
from library.drawings import engine as illustrations
from library.management.commands.draw_illustrations import drawings_folder

FIXTURE = Path(settings.BASE_DIR, "fixtures", "exercise_library.json")
SVG = "{http://www.w3.org/2000/svg}"
# Everything a drawing is made of; no <style>, <text>, <image>, <marker>, <use> or scripts.
ALLOWED_ELEMENTS = {"svg", "title", "desc", "g", "path", "circle", "rect"}


def seed_exercises():
    return [
        item["fields"]
        for item in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if item["model"] == "library.exercise"
    ]


EXERCISES = {fields["slug"]: fields for fields in seed_exercises()}


def test_every_seed_exercise_has_a_pose_and_a_drawing():
    assert set(EXERCISES) == set(BY_SLUG)
    for slug, fields in EXERCISES.items():
        assert fields["illustration"] == f"img/exercises/{slug}.svg"
        assert (drawings_folder() / f"{slug}.svg").is_file(), slug
        assert BY_SLUG[slug].title == fields["name"]


def test_committed_drawings_match_the_code():
    call_command("draw_illustrations", check=True)


def test_check_fails_for_a_missing_or_edited_drawing(tmp_path):
    with pytest.raises(CommandError, match="28 drawing"):
        call_command("draw_illustrations", check=True, folder=tmp_path)
    call_command("draw_illustrations", folder=tmp_path)
    call_command("draw_illustrations", check=True, folder=tmp_path)
    bridge = tmp_path / "bridge.svg"
    bridge.write_text(bridge.read_text().replace("<desc>", "<desc>Edited. "))
    with pytest.raises(CommandError, match="bridge"):
        call_command("draw_illustrations", check=True, folder=tmp_path)


@pytest.mark.parametrize("pose", POSES, ids=lambda pose: pose.slug)
def test_drawing_is_a_safe_plain_svg(pose):
    text = draw(pose)
    assert svg_problems(text) == []
    root = ElementTree.fromstring(text)
    assert root.get("viewBox") == "0 0 320 200"
    assert (root.get("width"), root.get("height"), root.get("role")) == ("320", "200", "img")
    assert root.find(f"{SVG}title").text == pose.title
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= ALLOWED_ELEMENTS
    assert "url(" not in text and "href" not in text


@pytest.mark.parametrize("pose", POSES, ids=lambda pose: pose.slug)
def test_the_figure_fills_most_of_the_picture(pose):
    x0, y0, x1, y1 = figure_box(pose)
    assert 0 <= x0 < x1 <= 320 and 0 <= y0 < y1 <= 200
    assert (x1 - x0) / 320 >= 0.6 or (y1 - y0) / 200 >= 0.6


@pytest.mark.parametrize("slug", EXERCISES)
def test_lying_poses_face_the_right_way(slug):
    """The fixture's starting position and the pose agree, and so does the drawn face:
    its nose points down for face down, up (or at the reader, seen from above) for on
    the back."""
    position, pose = EXERCISES[slug]["position"], BY_SLUG[slug]
    if position == "face_down":
        assert pose.lying == "face_down" and pose.looks_down
    elif position == "back":
        assert pose.lying == "back" and pose.looks_up
    else:
        assert not pose.lying


def test_the_face_check_tells_up_from_down():
    squeeze, bridge = BY_SLUG["shoulder-blade-squeeze"], BY_SLUG["bridge"]
    assert squeeze.looks_down and not squeeze.looks_up
    assert bridge.looks_up and not bridge.looks_down
    assert BY_SLUG["bent-knee-side-rotation"].looks_up  # seen from above, face to the reader


@pytest.mark.parametrize("slug", EXERCISES)
def test_alt_text_describes_this_drawing(slug):
    """The fixture's alt text is the pose's own description, also the drawing's <desc>."""
    alt = EXERCISES[slug]["illustration_alt"]
    assert alt.strip()
    assert len(alt) <= 200
    assert alt == BY_SLUG[slug].alt


def test_the_drawings_tell_figure_props_and_arrow_apart_in_grey():
    """Printed in black and white, figure, props and arrow keep clearly different greys."""

    def grey(colour):
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return (0.299 * red + 0.587 * green + 0.114 * blue) / 255

    prop, figure, arrow = (
        grey(illustrations.PROP_FILL),
        grey(illustrations.SKIN),
        grey(illustrations.ARROW),
    )
    assert prop - figure >= 0.25 and figure - arrow >= 0.25
    assert grey(illustrations.OUTLINE) < 0.2 and grey(illustrations.PROP_LINE) > 0.45
