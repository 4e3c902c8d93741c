"""The neck, arm, back and walking drawings say what their steps say, where the pose data can
say it: which way a head press pushes, where a hand rests, what moves between start and end.
Each check first finds the words in the steps, so steps that change without the drawing fail
here. Reads the fixtures as JSON: no database."""

import math

import pytest

from library.drawings import BY_SLUG, engine
from tests.library.base_library import joints, knee_angle, says


def arrow_ends(slug):
    pose = BY_SLUG[slug]
    points = engine.arrow_points(pose.arrow, engine.skeleton(pose))
    return points[0], points[-1]


def test_head_presses_push_into_the_hand_on_the_forehead_or_the_back_of_the_head():
    says("forehead-press", "palm of one hand on your forehead", "push your head forward")
    says("back-of-head-press", "hand on the back of your head", "push your head back")
    for slug, forward in (("forehead-press", True), ("back-of-head-press", False)):
        points = joints(slug)
        head, hand = points["head"], points["near_hand"]
        (x0, _), (x1, y1) = arrow_ends(slug)
        assert (x1 > x0) is forward, slug  # the arrow points the way the head pushes
        # ... from inside the head into the hand, which lies on that side of the head.
        assert math.dist((x1, y1), hand) < engine.HEAD_R, slug
        assert (hand[0] > head[0]) is forward and hand[1] > head[1], slug


def test_shrugs_lift_the_shoulders_and_rolls_take_them_up_and_back():
    says("shoulder-shrugs", "lift both shoulders straight up")
    says("shoulder-rolls", "up toward your ears", "roll them back")
    says("standing-shoulder-blade-squeeze", "squeeze your shoulder blades back")
    for slug, (dx, dy) in (
        ("shoulder-shrugs", (0, 1)),
        ("shoulder-rolls", (-1, 1)),
        ("standing-shoulder-blade-squeeze", (-1, 0)),
    ):
        start, end = joints(slug, at_start=True), joints(slug)
        moved = [e - s for e, s in zip(end["near_shoulder"], start["near_shoulder"], strict=True)]
        assert moved[0] * dx >= 0 and moved[1] * dy >= 0 and any(moved), slug
        assert end["head"] == start["head"], slug  # the head stays still


def test_side_lying_turn_keeps_the_elbow_at_the_side_and_lifts_the_hand():
    says("side-lying-external-rotation", "lie on your side", "hand points at the ceiling")
    assert BY_SLUG["side-lying-external-rotation"].lying == "side"
    start, end = (
        joints("side-lying-external-rotation", True),
        joints("side-lying-external-rotation"),
    )
    assert start["near_elbow"] == end["near_elbow"]
    assert abs(end["near_elbow"][1] - end["near_shoulder"][1]) < 5  # along the side
    assert end["near_hand"][1] > end["near_elbow"][1] + 10 > start["near_hand"][1] + 10


def test_the_armpit_stretch_sinks_at_the_knees_with_the_arm_resting_on_the_counter():
    says("armpit-stretch", "as high as your chest", "bend your knees a little")
    start, end = joints("armpit-stretch", True), joints("armpit-stretch")
    assert math.dist(start["near_hand"], end["near_hand"]) < 1  # the arm stays on the shelf
    assert start["chest"][1] - 10 < end["near_hand"][1] < start["shoulder"][1]
    assert knee_angle(start, "near") > 170 and 140 < knee_angle(end, "near") < 170
    assert end["shoulder"][1] < start["shoulder"][1]


def test_the_stick_behind_the_back_moves_toward_the_good_side():
    says("stick-stretch-behind-back", "behind your back", "toward your good side")
    start, end = joints("stick-stretch-behind-back", True), joints("stick-stretch-behind-back")
    for points in (start, end):  # both hands low behind the back, the stick level
        assert abs(points["near_hand"][1] - points["far_hand"][1]) < 1
        assert points["near_hand"][1] < points["waist"][1]
    # Seen from behind, "near" is the person's right: the sore hand crosses to the left.
    assert end["near_hand"][0] < start["near_hand"][0] - 5


def test_hand_drawings_lift_one_finger_and_fold_the_thumb_across_the_palm():
    says("finger-lifts", "hand flat on the table", "lift one finger")
    lifted, flat = joints("finger-lifts"), joints("finger-lifts", True)
    assert lifted["near_finger0"][1] > flat["near_finger0"][1] + 3
    assert abs(flat["near_finger0"][1] - flat["near_knuckle"][1]) < 0.5
    says("thumb-bends", "across your palm")
    bent, open_ = joints("thumb-bends"), joints("thumb-bends", True)
    hand = bent["near_hand"]
    assert abs(bent["near_thumb"][0] - hand[0]) < engine.FLAT_PALM_W / 2  # over the palm
    assert open_["near_thumb"][0] < hand[0] - engine.FLAT_PALM_W / 2  # out to the side


def test_overhead_straightening_and_chair_dips_keep_the_support_in_place():
    says("overhead-elbow-straightening", "beside your head", "behind your head")
    start, end = (
        joints("overhead-elbow-straightening", True),
        joints("overhead-elbow-straightening"),
    )
    assert end["near_hand"][1] > end["head"][1] + 20  # straight up over the head
    assert start["near_hand"][0] < start["head"][0]  # down behind the head
    assert math.dist(end["far_hand"], end["near_elbow"]) < 6  # the other hand holds the arm
    says("chair-dips", "hold the armrests", "lift your bottom a little")
    start, end = joints("chair-dips", True), joints("chair-dips")
    assert math.dist(start["near_hand"], end["near_hand"]) < 1
    assert 3 <= end["hip"][1] - start["hip"][1] <= 10


def test_the_side_plank_lifts_the_hips_from_the_forearm_and_knees():
    says("side-plank-on-knees", "elbow right under your shoulder", "lift your hips")
    pose = BY_SLUG["side-plank-on-knees"]
    assert pose.lying == "side"
    start, end = joints("side-plank-on-knees", True), joints("side-plank-on-knees")
    for points in (start, end):
        assert points["far_elbow"][1] < engine.WIDTH["forearm"]  # the forearm on the mat
        assert abs(points["far_elbow"][0] - points["far_shoulder"][0]) < 1
    assert end["hip"][1] > start["hip"][1] + 5
    assert end["far_knee"][1] < engine.WIDTH["thigh"] / 2 + 1  # the knees stay down


def test_the_cane_goes_with_the_sore_leg_and_stays_down_on_the_stairs():
    says("walking-with-a-cane", "strong side", "cane and your sore leg forward together")
    walk = joints("walking-with-a-cane")
    # The cane in the near hand (the strong side); the far (sore) leg steps with it.
    assert any(
        p.kind == "cane" and p.of == "near_hand" for p in BY_SLUG["walking-with-a-cane"].props
    )
    assert walk["far_ankle"][0] > walk["hip"][0] > walk["near_ankle"][0]
    assert walk["near_hand"][0] > walk["hip"][0]
    says("stairs-with-a-cane", "step up with your strong leg first")
    stairs, pose = joints("stairs-with-a-cane"), BY_SLUG["stairs-with-a-cane"]
    (cane,) = [p for p in pose.props if p.kind == "cane"]
    (steps,) = [p for p in pose.props if p.kind == "stairs"]
    rise = steps.at[2]
    assert stairs["near_ankle"][1] == pytest.approx(engine.ANKLE + 2 * rise)  # strong leg up
    assert stairs["far_ankle"][1] == pytest.approx(engine.ANKLE + rise)  # sore leg below
    assert cane.at[0] == rise
