"""The exercise drawings come from pose data (exercises/illustrations.py): every seed exercise
has one, the committed files are what the code draws, and each is safe, full-sized, faces
the right way and is described by its alt text. Reads the fixture as JSON: no database."""

import math
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command

from core.svg import svg_problems
from library.drawings import BY_SLUG, POSES, draw, figure_box
from library.drawings import engine as illustrations
from library.management.commands.draw_illustrations import drawings_folder
from tests.library.base_library import base_exercises, region_exercises

SVG = "{http://www.w3.org/2000/svg}"
# Everything a drawing is made of; no <style>, <text>, <image>, <marker>, <use> or scripts.
ALLOWED_ELEMENTS = {"svg", "title", "desc", "g", "path", "circle", "rect"}


EXERCISES = {fields["slug"]: fields for fields in base_exercises()}


def test_every_base_exercise_has_a_pose_and_a_drawing():
    assert set(EXERCISES) == set(BY_SLUG)
    for slug, fields in EXERCISES.items():
        assert fields["illustration"] == f"img/exercises/{slug}.svg"
        assert (drawings_folder() / f"{slug}.svg").is_file(), slug
        assert BY_SLUG[slug].title == fields["name"]


def test_committed_drawings_match_the_code():
    call_command("draw_illustrations", check=True)


def test_check_fails_for_a_missing_or_edited_drawing(tmp_path):
    with pytest.raises(CommandError, match=f"{len(POSES)} drawing"):
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
    elif position == "side":
        # Lying on the side is seen from the front: the face looks at the reader.
        assert pose.lying == "side" and pose.view == "front"
        assert not pose.looks_up and not pose.looks_down
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
    # Props print: a fill a printer still lays down on white paper, with a dark edge that is
    # lighter than the figure's outline.
    assert prop <= 0.9
    assert grey(illustrations.OUTLINE) < 0.2 < grey(illustrations.PROP_LINE) <= 0.4


# Exercises of the region files drawn as one pose: a hold or a stretch shows where to feel it,
# a movement of the toes (not modelled) or round the ankle shows its arrow.
ONE_POSE = {
    "thigh-tightening",
    "heel-prop",
    "calf-stretch-at-wall",
    "standing-thigh-stretch",
    "towel-toe-curls",
    "ankle-alphabet",
    "bent-knee-calf-stretch",
    "plantar-fascia-stretch",
    "seated-back-twist",  # a turn of the trunk: the arc round the chest says it
    "sleeper-stretch",
    "doorway-rotation-stretch",
    # Neck and arms: presses held still, a turn of the head (drawn turned, the arrow round it)
    "forehead-press",
    "side-head-press",
    "back-of-head-press",
    "neck-turn",
    "standing-head-turns",  # a turn of the head, as neck-turn: drawn turned, the arrow over it
    "wrist-hold-press",
    "forearm-turn",  # the forearm points at the reader: the hammer shows start and end
    "ankle-cross-press",
    "sitting-knee-stretch",
}


@pytest.mark.parametrize("exercise", region_exercises(), ids=lambda exercise: exercise["slug"])
def test_a_movement_is_drawn_from_its_start_to_its_end(exercise):
    pose = BY_SLUG[exercise["slug"]]
    assert pose.arrow or exercise["kind"] == "stretch"
    if exercise["slug"] not in ONE_POSE:
        assert pose.start, "draw the start position under the end one"
        text = draw(pose)
        assert illustrations.START_SKIN in text and illustrations.START_LINE in text


def test_the_start_position_is_fainter_than_the_figure():
    lightness = {
        colour: sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        for colour in (illustrations.START_SKIN, illustrations.FAR_SKIN, illustrations.SKIN)
    }
    assert lightness[illustrations.START_SKIN] > lightness[illustrations.FAR_SKIN]
    assert draw(BY_SLUG["shoulder-press"]).count(illustrations.START_SKIN) == 0


def joints(slug):
    return illustrations.skeleton(BY_SLUG[slug])


def test_hands_are_where_the_knee_steps_put_them():
    # Lying hamstring stretch: both hands behind the thigh (between hip and knee, on the
    # side of the thigh away from the head), not behind the knee.
    hamstring = joints("lying-hamstring-stretch")
    hip, knee = hamstring["hip"], hamstring["near_knee"]
    for side in ("near", "far"):
        hand = hamstring[f"{side}_hand"]
        assert hip[1] < hand[1] < knee[1] - 4
        assert hand[0] > hip[0] + (knee[0] - hip[0]) * (hand[1] - hip[1]) / (knee[1] - hip[1])
    # Standing thigh stretch: one hand holds the ankle of the bent leg, near the bottom.
    thigh = joints("standing-thigh-stretch")
    assert math.dist(thigh["near_hand"], thigh["near_ankle"]) < 5
    assert thigh["near_ankle"][1] > thigh["hip"][1] - 15
    # Sole of the foot stretch: the ankle rests on the other knee, the hand at the toes.
    sole = joints("plantar-fascia-stretch")
    assert math.dist(sole["near_ankle"], sole["far_knee"]) < 10
    assert math.dist(sole["near_hand"], sole["near_toe"]) < 5
    # Holding a chair: the hands rest on the top of its back, at the chair's height.
    for slug in ("half-squat", "standing-knee-bend"):
        assert 55 <= joints(slug)["near_hand"][1] <= 65


def test_knee_angles_match_the_steps():
    def knee_angle(points, side="near"):
        hip, knee, ankle = (points[f"{side}_{name}"] for name in ("hip", "knee", "ankle"))
        first = math.atan2(hip[1] - knee[1], hip[0] - knee[0])
        second = math.atan2(ankle[1] - knee[1], ankle[0] - knee[0])
        angle = abs(math.degrees(first - second)) % 360
        return min(angle, 360 - angle)  # 180 is straight

    # "Bend your knees halfway": well short of sitting (90) and clearly bent.
    assert 100 <= knee_angle(joints("half-squat")) <= 150
    # Straight leg raises and the heel prop keep the knee straight.
    for slug in ("straight-leg-raise", "sitting-straight-leg-raise", "heel-prop"):
        assert knee_angle(joints(slug)) >= 170, slug
    # The straight leg rises to about the height of the bent knee.
    raise_ = joints("straight-leg-raise")
    assert abs(raise_["near_ankle"][1] - raise_["far_knee"][1]) < 6


def test_shoulder_drawings_put_arms_where_the_steps_do():
    # Band turns: the elbow at the side (beside the waist, not out), the hand at elbow
    # height, the band tied at elbow height.
    for slug in ("band-external-rotation", "band-internal-rotation"):
        points, pose = joints(slug), BY_SLUG[slug]
        elbow, hand, shoulder = points["near_elbow"], points["near_hand"], points["near_shoulder"]
        assert abs(elbow[0] - shoulder[0]) < 3 and points["waist"][1] < elbow[1] < shoulder[1]
        assert abs(hand[1] - elbow[1]) < 5, slug
        (band,) = [prop for prop in pose.props if prop.kind == "band"]
        assert abs(band.at[3] - elbow[1]) < 5, slug
    # The band turns the hand out (away from the door) or in (across the belly).
    out, in_ = joints("band-external-rotation"), joints("band-internal-rotation")
    assert out["near_hand"][0] > out["near_elbow"][0] + 8
    assert in_["near_hand"][0] < in_["waist"][0] + 4
    # Side, front and overhead raises: the hands end at shoulder height, or above the head.
    for slug in ("side-arm-raise", "front-arm-raise"):
        points = joints(slug)
        assert abs(points["near_hand"][1] - points["near_shoulder"][1]) < 4, slug
    overhead = joints("overhead-arm-raise")
    assert overhead["near_hand"][1] > overhead["head"][1] + 10
    # The sleeper stretch: lying on the side, the top hand on the bottom arm's wrist.
    sleeper = joints("sleeper-stretch")
    assert math.dist(sleeper["near_hand"], sleeper["far_wrist"]) < 6
    assert sleeper["far_shoulder"][1] < sleeper["near_shoulder"][1]
    # The towel stretch: one hand behind the neck, the other at the low back.
    towel = joints("towel-stretch-behind-back")
    assert towel["waist"][1] - 8 < towel["far_hand"][1] < towel["chest"][1]
    assert towel["chest"][1] < towel["near_hand"][1] < towel["head"][1]


def test_hands_are_where_the_neck_and_arm_steps_put_them():
    head_r = illustrations.HEAD_R
    # Head presses: the hand lies on the forehead (in front of the head), on the side of
    # the head (seen from the front), on the back of the head.
    front = joints("forehead-press")
    assert front["near_hand"][0] > front["head"][0] + head_r - 1
    assert abs(front["near_hand"][1] - front["head"][1]) < head_r
    side = joints("side-head-press")
    assert side["near_hand"][0] > side["head"][0] + head_r - 1
    back = joints("back-of-head-press")
    assert back["near_hand"][0] < back["head"][0] - head_r + 1
    # Side neck stretch: one hand rests on top of the head, the other holds the seat.
    stretch = joints("side-neck-stretch")
    assert math.dist(stretch["near_hand"], stretch["head"]) < head_r + 5
    assert stretch["near_hand"][1] > stretch["head"][1]
    assert stretch["far_hand"][1] < stretch["hip"][1]
    # Wrist stretches: the other hand on the back of the hand, or on the fingers.
    extensor = joints("wrist-extensor-stretch")
    assert math.dist(extensor["far_hand"], extensor["near_hand"]) < 7
    flexor = joints("wrist-flexor-stretch")
    assert math.dist(flexor["far_hand"], flexor["near_finger0"]) < 6
    # On the table the forearm lies level, the wrist just past the table's end.
    for slug in ("wrist-lift-palm-down", "wrist-curl-palm-up", "ball-squeeze"):
        arm = joints(slug)
        assert abs(arm["near_elbow"][1] - arm["near_wrist"][1]) < 0.5, slug
    # Thumb to fingertips: the thumb's tip meets the first finger's tip.
    thumb = joints("thumb-to-fingertips")
    assert math.dist(thumb["near_thumb"], thumb["near_finger0"]) < 1
    # Elbow bend: the hand comes up to the shoulder.
    elbow = joints("elbow-bend-straighten")
    assert math.dist(elbow["near_hand"], elbow["shoulder"]) < 5
