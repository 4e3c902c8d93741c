"""Each drawing says what its steps say, where the pose data can say it: the hands under
the head, behind the thighs or at shoulder height, a foot a little off the floor, the knee
angles of a lunge, a band tied at chest height. Each check first finds the words in the
exercise's steps, so a change to the steps that the drawing does not follow fails here.
Also: every movement among the seed exercises is drawn from its start to its end. Reads
the fixtures as JSON: no database."""

import math

import pytest

from library.drawings import BY_SLUG, draw, engine
from tests.library.base_library import joints, knee_angle, says, seed_exercises


def on_back_of_thigh(points, side, hand):
    """Whether a hand holds the thigh from behind: between hip and knee along the thigh,
    on the side away from the belly (clockwise of hip -> knee in a side view), touching it."""
    hip, knee = points["hip"], points[f"{side}_knee"]
    along = (knee[0] - hip[0], knee[1] - hip[1])
    length = math.hypot(*along)
    rel = (hand[0] - hip[0], hand[1] - hip[1])
    t = (rel[0] * along[0] + rel[1] * along[1]) / length**2
    side_of = (along[0] * rel[1] - along[1] * rel[0]) / length  # > 0: counter-clockwise
    return 0.35 <= t <= 0.95 and -(engine.WIDTH["thigh"] / 2 + engine.HAND_R + 1) <= side_of < 0


def test_elbow_press_hands_under_the_head_elbows_open_to_the_sides():
    says("elbow-press", "hands under your head", "elbows fall open to the sides")
    points = joints("elbow-press")
    head = points["head"]
    for side in ("near", "far"):
        assert math.dist(points[f"{side}_hand"], head) < engine.HEAD_R, side
        # Seen from above, an open elbow lies well out beside the head, not over the face.
        assert abs(points[f"{side}_elbow"][1] - head[1]) > 2 * engine.HEAD_R, side
    assert BY_SLUG["elbow-press"].view == "front"


def test_knees_to_chest_holds_behind_the_thighs():
    says("knees-to-chest", "behind your thighs")
    for at_start in (False, True):
        points = joints("knees-to-chest", at_start)
        for side in ("near", "far"):
            assert on_back_of_thigh(points, side, points[f"{side}_hand"]), (side, at_start)
    # The knee is not what the hand holds: the hand stays clear of the kneecap.
    points = joints("knees-to-chest")
    assert math.dist(points["near_hand"], points["near_knee"]) > engine.WIDTH["thigh"] / 2


def test_the_hamstring_stretch_also_holds_behind_the_thigh():
    says("lying-hamstring-stretch", "behind")
    points = joints("lying-hamstring-stretch")
    for side in ("near", "far"):
        assert on_back_of_thigh(points, "near", points[f"{side}_hand"]), side


def test_wall_push_up_hands_at_shoulder_height():
    says("wall-push-ups", "at shoulder height")
    for at_start in (False, True):
        points = joints("wall-push-ups", at_start)
        for side in ("near", "far"):
            assert abs(points[f"{side}_hand"][1] - points["shoulder"][1]) <= 5, (side, at_start)
        assert points["head"][1] - points["near_hand"][1] >= engine.HEAD_R  # not at the face
    # The hands stay on the wall: start and end put them in the same place.
    assert (
        math.dist(joints("wall-push-ups")["near_hand"], joints("wall-push-ups", True)["near_hand"])
        < 1
    )


def test_single_leg_stand_lifts_the_foot_a_little():
    says("single-leg-stand", "a little off the floor")
    points = joints("single-leg-stand")
    sole = min(points["near_heel"][1], points["near_toe"][1]) - engine.WIDTH["foot"] / 2
    assert 3 <= sole <= 12  # a few centimetres, not a knee bent up behind
    assert points["near_knee"][1] < points["hip"][1] - 20  # the thigh still points down
    assert points["far_ankle"][1] == pytest.approx(engine.ANKLE)  # the other foot on the floor


def test_hip_flexor_stretch_is_a_lunge():
    says("standing-hip-flexor-stretch", "one foot forward", "weight slowly onto your front leg")
    points = joints("standing-hip-flexor-stretch")
    assert 100 <= knee_angle(points, "near") <= 150  # the front knee clearly bent
    assert knee_angle(points, "far") >= 165  # the back leg straight
    assert points["near_ankle"][0] > points["hip"][0] + 10 > points["far_ankle"][0] + 30
    start = joints("standing-hip-flexor-stretch", at_start=True)
    assert start["hip"][0] < points["hip"][0]  # the hips move forward onto the front leg


def test_band_row_band_tied_at_chest_height():
    says("band-row", "at chest height")
    pose = BY_SLUG["band-row"]
    (band,) = [prop for prop in pose.props if prop.kind == "band"]
    points = joints("band-row")
    knot_height = band.at[3]
    assert abs(knot_height - points["chest"][1]) <= 6
    assert knot_height < points["shoulder"][1] < points["head"][1]


def test_buttocks_squeeze_shows_a_squeeze_not_a_lift():
    says("buttocks-squeeze", "squeeze your buttocks")
    arrow = BY_SLUG["buttocks-squeeze"].arrow
    assert arrow.squeeze and arrow.start[1] == arrow.end[1]  # side to side, toward each other


# Every seed exercise that moves is drawn start (faint) and end, with the arrow between.
# One pose, and why: a rest or a press against the floor (what to feel or keep still), a
# stretch held in one place, a turn (its arc says it) and steady walking, jogging, cycling.
SEED_ONE_POSE = {
    "shoulder-press": "a press into the floor, nothing moves",
    "head-press": "a press into the floor, nothing moves",
    "elbow-press": "a press into the floor: the open elbows and where they go",
    "leg-press": "a press into the floor, nothing moves",
    "leg-lengthener": "the heel reaches away: the arrow shows where",
    "buttocks-squeeze": "a squeeze: the arrows meet over the buttocks",
    "lying-on-back": "a rest: the breathing arrow over the belly",
    "standing-l-stretch": "a stretch held in one place",
    "standing-rotation": "a turn of the trunk: the arc round the chest",
    "walking": "steady walking",
    "jogging": "steady jogging",
    "cycling": "steady pedalling: the arc round the pedals",
}


@pytest.mark.parametrize("exercise", seed_exercises(), ids=lambda exercise: exercise["slug"])
def test_seed_movements_are_drawn_from_start_to_end(exercise):
    pose = BY_SLUG[exercise["slug"]]
    assert pose.arrow, "every seed drawing shows a movement, a press or what to feel"
    if exercise["slug"] in SEED_ONE_POSE:
        return
    assert pose.start, "draw the start position faint under the end one"
    assert engine.START_SKIN in draw(pose)


# The shared starting positions for new drawings rest on the floor as their names say.

ARMS = dict(near_arm=engine.bent(270, 270), far_arm=engine.bent(268, 268))


def posed(**fields):
    return engine.skeleton(engine.Pose("p", "P", "", **fields))


def test_kneeling_positions_rest_on_the_knees():
    shin = engine.WIDTH["shin"] / 2
    kneel = posed(**engine.KNEELING, **ARMS, near_leg=engine.KNEE_DOWN, far_leg=engine.KNEE_DOWN)
    for side in ("near", "far"):
        assert kneel[f"{side}_knee"][1] == pytest.approx(shin)  # the knee on the floor
        assert kneel[f"{side}_ankle"][1] == pytest.approx(shin)  # the shin along it
        assert kneel["hip"][1] - kneel[f"{side}_knee"][1] == pytest.approx(engine.THIGH)
    half = posed(**engine.HALF_KNEELING, **ARMS)
    assert half["far_knee"][1] == pytest.approx(shin)  # the back knee down
    assert half["near_ankle"][1] == pytest.approx(engine.ANKLE)  # the front foot flat
    assert 80 <= knee_angle(half, "near") <= 100  # the front knee at about a right angle


def test_sitting_on_the_floor_and_lying_on_the_side_touch_the_floor():
    sit = posed(**engine.FLOOR_SITTING, **ARMS, near_leg=engine.LEGS_LONG, far_leg=engine.LEGS_LONG)
    assert sit["hip"][1] - engine.WIDTH["torso"] / 2 <= 0  # the bottom on the floor
    assert sit["near_heel"][1] - engine.WIDTH["foot"] / 2 <= 1  # the heels too
    assert sit["shoulder"][1] > sit["hip"][1] + 30  # the back upright
    side = posed(
        **engine.SIDE_LYING,
        **ARMS,
        near_leg=engine.bent(-2, -2, end=-90),
        far_leg=engine.bent(2, 2, end=-90),
    )
    assert side["hip"][1] - engine.WIDTH["torso_front"] / 2 == pytest.approx(0)
    assert side["near_hip"][1] > side["far_hip"][1]  # the near leg is the upper one
    assert side["head"][0] < side["hip"][0]


def test_the_ankle_cross_press_crosses_the_shins():
    says("ankle-cross-press", "cross your ankles", "both feet on the floor")
    points = joints("ankle-cross-press")
    assert BY_SLUG["ankle-cross-press"].view == "front"  # a side view hides the crossing
    # Each knee on its own side, each ankle past the middle: the shins make an X.
    assert points["near_knee"][0] > points["far_knee"][0]
    assert points["near_ankle"][0] < points["far_ankle"][0]
    for side in ("near", "far"):
        assert points[f"{side}_ankle"][1] == pytest.approx(engine.ANKLE, abs=1)  # feet down


def test_toe_raises_lift_the_toes_with_the_heels_down():
    says("toe-raises", "rock back onto your heels", "lift your toes")
    points, start = joints("toe-raises"), joints("toe-raises", at_start=True)
    for side in ("near", "far"):
        heel_bottom = points[f"{side}_heel"][1] - engine.WIDTH["foot"] / 2
        assert heel_bottom <= 0.5  # the heel stays on the floor
        assert points[f"{side}_toe"][1] > points[f"{side}_heel"][1] + 6  # the toes up
    assert start["near_toe"][1] == pytest.approx(start["near_heel"][1])  # flat at the start


def test_step_up_goes_from_the_floor_onto_the_first_step():
    says("step-up", "one foot on the first step", "bring the other foot up")
    pose = BY_SLUG["step-up"]
    (stairs,) = [prop for prop in pose.props if prop.kind == "stairs"]
    x, run, rise, _count = stairs.at
    on_step = rise + engine.ANKLE
    start, end = joints("step-up", at_start=True), joints("step-up")
    assert start["near_ankle"][1] == pytest.approx(on_step)  # one foot up ...
    assert start["far_ankle"][1] == pytest.approx(engine.ANKLE)  # ... the other on the floor
    for side in ("near", "far"):  # then both on the first step's tread
        assert end[f"{side}_ankle"][1] == pytest.approx(on_step)
        assert x < end[f"{side}_heel"][0] and end[f"{side}_toe"][0] < x + run


def test_lower_limb_drawings_move_the_leg_the_steps_move():
    says("side-lying-leg-lift", "lift your top leg")
    lift, rest = joints("side-lying-leg-lift"), joints("side-lying-leg-lift", at_start=True)
    assert lift["near_ankle"][1] > rest["near_ankle"][1] + 10
    says("side-lying-inner-thigh-lift", "keep your lower leg straight")
    inner = joints("side-lying-inner-thigh-lift")
    assert knee_angle(inner, "far") >= 170
    assert inner["far_ankle"][1] > joints("side-lying-inner-thigh-lift", True)["far_ankle"][1]
    says("sitting-hamstring-stretch", "straight out in front", "heel on the floor")
    hamstring = joints("sitting-hamstring-stretch")
    assert knee_angle(hamstring, "near") >= 170
    assert hamstring["near_heel"][1] - engine.WIDTH["foot"] / 2 <= 1.5
    says("band-ankle-turn-out", "turn the front of one foot out")
    out = joints("band-ankle-turn-out")
    assert out["near_toe"][0] > out["near_ankle"][0] + 6  # toward the outside
    says("band-ankle-turn-in", "turn the front of your foot in")
    in_ = joints("band-ankle-turn-in")
    assert in_["near_toe"][0] < in_["near_ankle"][0] - 6  # toward the other foot
