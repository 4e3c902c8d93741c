"""Every library exercise's pose: where the hip is, the angle of each body segment (or the
point a hand or foot reaches for), the props it uses and one arrow for the movement. Data
for the engine (engine.py); a new exercise's drawing is a new entry here."""

import math

from .ankles_feet import POSES as ANKLE_POSES
from .back import POSES as BACK_POSES
from .balance import POSES as BALANCE_POSES
from .elbows_wrists_hands import POSES as ARM_POSES
from .engine import (
    ANKLE,
    ARMS_AT_SIDES_LYING,
    HAND_R,
    HAND_REACH,
    KNEES_BENT,
    LEG_STRAIGHT,
    LIE,
    ON_BACK,
    STAND,
    THIGH,
    TOE,
    Arrow,
    Pose,
    Prop,
    bent,
    lift,
    mat,
    press,
    reach,
)
from .general import POSES as GENERAL_POSES
from .hips import POSES as HIP_POSES
from .knees import POSES as KNEE_POSES
from .neck import POSES as NECK_POSES
from .shoulders import POSES as SHOULDER_POSES


def behind_thigh(thigh, along=0.75, hip=(0, LIE), shoulder=(-31, LIE)):
    """An arm lying on the back, its hand holding the back of a thigh that points at `thigh`
    degrees from the hip: `along` of the way to the knee, over the thigh's back edge (the
    side away from the belly), the hand in line with the forearm."""
    direction = (math.cos(math.radians(thigh)), math.sin(math.radians(thigh)))
    back = (direction[1], -direction[0])  # clockwise of the thigh: its back, seen from the left
    hand = [hip[i] + THIGH * along * direction[i] + 4 * back[i] for i in (0, 1)]
    distance = math.dist(hand, shoulder)
    wrist = [hand[i] - HAND_REACH * (hand[i] - shoulder[i]) / distance for i in (0, 1)]
    return reach(*wrist, bend=-1)


WALL_FEET = (0, ANKLE)  # wall push-ups: the feet stay put ...
WALL_WRIST = (41.5, 76)  # ... and so do the hands, at shoulder height on the wall

POSES = (
    Pose(
        "lying-on-back",
        "Lying on back",
        "A person lies on their back on a mat, knees bent, feet flat, a small pillow under the "
        "head. A two-way arrow over the belly shows slow breathing in and out.",
        **{**ON_BACK, "head": 155},
        **ARMS_AT_SIDES_LYING,
        **KNEES_BENT,
        props=(mat(-58, 48), Prop("pillow", (-43, 5))),
        arrow=Arrow((0, 11), (0, 27), both=True, of="waist"),
    ),
    Pose(
        "shoulder-press",
        "Shoulder press",
        "A person lies on their back with knees bent and arms at the sides. An arrow presses "
        "down on the shoulder.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        **KNEES_BENT,
        props=(mat(-58, 48),),
        arrow=press("shoulder"),
    ),
    Pose(
        "head-press",
        "Head press",
        "A person lies on their back with knees bent and hands on the belly. An arrow presses "
        "down on the head.",
        **ON_BACK,
        near_arm=reach(-7, 17.5, bend=-1, end=0),
        far_arm=reach(-4, 18, bend=-1, end=0),
        **KNEES_BENT,
        props=(mat(-58, 48),),
        arrow=press("head", gap=10),
    ),
    Pose(
        "elbow-press",
        "Elbow press",
        "Seen from above: a person lies on their back, knees bent, hands under the head. The "
        "elbows fall open to the sides, down toward the mat.",
        view="front",
        lying="back",
        hip=(0, 0),
        torso=180,
        head=180,
        near_arm=reach(-43, 3, bend=-1),
        far_arm=reach(-43, -3, bend=1),
        near_leg=bent(9, -7, end=-7, shorten=(0.62, 0.8)),
        far_leg=bent(-9, 7, end=7, shorten=(0.62, 0.8)),
        props=(Prop("mat_above", (-62, 46, -34, 34)),),
        arrow=Arrow((0, 5), (0, 19), of="near_elbow"),
    ),
    Pose(
        "leg-lengthener",
        "Leg lengthener",
        "A person lies on their back with one knee bent and one leg straight, toes up. An "
        "arrow points away from the heel.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=LEG_STRAIGHT,
        far_leg=reach(27, ANKLE),
        props=(mat(-58, 62),),
        arrow=Arrow((6, -1), (24, -1), of="near_ankle"),
    ),
    Pose(
        "leg-press",
        "Leg press",
        "A person lies on their back with one knee bent and one leg straight. An arrow presses "
        "the straight leg down.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=LEG_STRAIGHT,
        far_leg=reach(27, ANKLE),
        props=(mat(-58, 62),),
        arrow=press("near_knee", gap=7.5),
    ),
    Pose(
        "buttocks-squeeze",
        "Buttocks squeeze",
        "A person lies on their back with both legs straight. Two arrows point at each other "
        "over the buttocks: squeeze them together.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=bent(-4, -4, end=70),
        far_leg=bent(-3, -3, end=78),
        props=(mat(-58, 62),),
        arrow=Arrow((-19, 13), (19, 13), of="hip", squeeze=True, gap=3),
    ),
    Pose(
        "chest-lift",
        "Chest lift",
        "A person lies on their back with knees bent. The middle of the back rises a little. "
        "An arrow points up from the chest.",
        **{**ON_BACK, "torso": (180, 160, 202)},
        **ARMS_AT_SIDES_LYING,
        **KNEES_BENT,
        start={"torso": 180},
        props=(mat(-58, 48),),
        arrow=lift("chest", gap=10),
    ),
    Pose(
        "bridge",
        "Bridge",
        "A person lies on their back with knees bent and lifts the hips into a straight line. "
        "An arrow points up from the hips.",
        **{**ON_BACK, "hip": (0, 18), "torso": 199.8},
        near_arm=bent(-13, 0),
        far_arm=bent(-10, 1),
        near_leg=reach(19, ANKLE),
        far_leg=reach(22, ANKLE),
        start={
            "hip": (0, LIE),
            "torso": 180,
            "near_leg": reach(19, ANKLE),
            "far_leg": reach(22, ANKLE),
        },
        props=(mat(-58, 42),),
        arrow=lift("hip", gap=9),
    ),
    Pose(
        "belly-strengthening",
        "Belly strengthening",
        "A person lies on their back with knees bent and hands on the hips, lifting one foot "
        "a little off the mat.",
        **ON_BACK,
        near_arm=reach(-3.5, 16.5, bend=-1, end=0),
        far_arm=reach(-2.5, 17, bend=-1, end=0),
        near_leg=reach(26, 11),
        far_leg=reach(30, ANKLE),
        start={"near_leg": reach(25, ANKLE)},
        props=(mat(-58, 48),),
        arrow=Arrow((5, 8), (5, 24), of="near_ankle"),
    ),
    Pose(
        "shoulder-blade-squeeze",
        "Shoulder blade squeeze",
        "A person lies face down on a mat with arms along the sides. The chest and head lift a "
        "little, and an arrow points up from the upper back.",
        hip=(0, LIE),
        torso=(0, 8, 18),
        head=20,
        lying="face_down",
        near_arm=reach(0, 4, bend=1, end=180),
        far_arm=reach(2, 5, bend=1, end=180),
        near_leg=bent(184, 184, end=200),
        far_leg=bent(183, 183, end=205),
        start={"torso": 0, "head": 2, "near_arm": reach(0, 2, bend=1, end=180)},
        props=(mat(-64, 54),),
        arrow=lift("chest", gap=10),
    ),
    Pose(
        "wall-push-ups",
        "Wall push-ups",
        "A person with a straight body leans in to a wall, hands on it at shoulder height, "
        "elbows bent. A two-way arrow shows leaning in and pushing back.",
        hip=(15.1, 49.1),
        torso=72,
        head=76,
        near_arm=reach(*WALL_WRIST, bend=-1, end=90),
        far_arm=reach(WALL_WRIST[0] + 0.5, WALL_WRIST[1] + 0.8, bend=-1, end=90),
        near_leg=reach(*WALL_FEET, end=0),
        far_leg=reach(WALL_FEET[0] - 0.5, ANKLE, end=0),
        start={"hip": (6.8, 51), "torso": 82, "head": 86},
        props=(Prop("floor"), Prop("wall", (HAND_R + 0.3,), of="near_hand")),
        arrow=Arrow((4, 103), (28, 99), both=True),
    ),
    Pose(
        "bent-knee-side-rotation",
        "Bent knee side rotation",
        "Seen from above: a person lies on their back with both knees bent and tipped to one "
        "side. A curved arrow shows the knees rocking side to side.",
        view="front",
        lying="back",
        hip=(0, 0),
        torso=180,
        head=180,
        near_arm=bent(8, 2),
        far_arm=bent(-8, -2),
        near_leg=reach(32, 4, bend=-1, end=-10),
        far_leg=reach(29, -6, bend=-1, end=-15),
        start={
            "near_leg": reach(29, 6, bend=1, end=15),
            "far_leg": reach(32, -4, bend=1, end=10),
        },
        props=(Prop("mat_above", (-58, 50, -34, 34)),),
        arrow=Arrow(arc=(31, 0, 24, 24, 238, 122), both=True),
    ),
    Pose(
        "cat-cow",
        "Cat-cow",
        "A person on hands and knees on a mat rounds the back up, head down. The back sagging "
        "down shows faint below. A two-way arrow sits above the back.",
        hip=(0, 3.75 + THIGH),
        torso=(38, 8, -21),
        head=-28,
        start={"torso": (-14, 9, 33), "head": 22},
        near_arm=bent(270, 270, end=0),
        far_arm=bent(270, 270, end=0),
        near_leg=bent(270, 180, end=185),
        far_leg=bent(270, 180, end=185),
        props=(mat(-38, 52),),
        arrow=Arrow((0, 10.5), (0, 32), both=True, of="waist"),
    ),
    Pose(
        "knees-to-chest",
        "Knees to chest",
        "A person lies on their back holding behind both thighs. A curved arrow shows the "
        "knees pulled toward the chest.",
        **ON_BACK,
        near_arm=behind_thigh(134),
        far_arm=behind_thigh(130, along=0.72),
        near_leg=bent(134, 8, end=75),
        far_leg=bent(130, 10, end=78),
        start={
            "near_arm": behind_thigh(114),
            "far_arm": behind_thigh(111, along=0.72),
            "near_leg": bent(114, 8, end=75),
            "far_leg": bent(111, 10, end=78),
        },
        props=(mat(-58, 34),),
        arrow=Arrow(arc=(0, LIE, 40, 40, 70, 110)),
    ),
    Pose(
        "standing-l-stretch",
        "Standing L stretch",
        "A person bends forward at the hips with a flat back and hands on a counter, head "
        "between the arms. An arrow points back from the hips.",
        hip=(-4, 51.2),
        torso=0,
        head=0,
        near_arm=bent(10, 10, end=10),
        far_arm=bent(11, 11, end=11),
        near_leg=reach(0, ANKLE, end=0),
        far_leg=reach(1.5, ANKLE, end=0),
        props=(Prop("floor"), Prop("counter", (-3,), of="near_hand")),
        arrow=Arrow((-10, 0), (-29, 0), of="hip"),
    ),
    Pose(
        "standing-rotation",
        "Standing rotation",
        "A person stands tall with one foot forward and arms crossed on the chest. A curved "
        "arrow around the chest shows the body turning.",
        hip=(0, 50.5),
        torso=90,
        head=90,
        near_arm=bent(-78, 75, shorten=(1, 0.35)),
        far_arm=bent(-80, 85, shorten=(1, 0.5)),
        near_leg=reach(9, ANKLE, end=0),
        far_leg=reach(-9, ANKLE, end=0),
        props=(Prop("floor"),),
        arrow=Arrow(arc=(1, 1, 20, 7.5, 155, 385), of="chest"),
    ),
    Pose(
        "standing-hip-flexor-stretch",
        "Standing hip flexor stretch",
        "A person stands tall in a lunge, one hand on a counter: the front knee bent, the back "
        "leg straight with the heel up. An arrow moves the hips forward.",
        hip=(0, 40),
        torso=90,
        head=90,
        near_arm=bent(268, 272),
        far_arm=reach(12, -1, bend=-1, of="hip", end=0),
        near_leg=reach(20, ANKLE, end=0),
        far_leg=reach(-36, 5, bend=1, end=-30),
        start={"hip": (-7, 45.5)},
        props=(Prop("floor"), Prop("counter_side", (-14, 28), of="far_hand")),
        arrow=Arrow((-27, 2), (-11, 2), of="hip"),
    ),
    Pose(
        "walking",
        "Walking",
        "A person walks tall in mid-step, arms swinging. An arrow points forward.",
        hip=(0, 50),
        torso=87,
        head=88,
        near_arm=bent(250, 262),
        far_arm=bent(288, 310),
        near_leg=reach(13, 4, end=18),
        far_leg=reach(-12, 7, end=-32),
        props=(Prop("floor"),),
        arrow=Arrow((22, 2), (44, 2), of="chest"),
    ),
    Pose(
        "cycling",
        "Cycling",
        "A person sits on an exercise bike, hands on the bars, feet on the pedals. A round "
        "arrow circles the pedals.",
        hip=(0, 60),
        torso=72,
        head=82,
        near_arm=reach(34.5, 80, bend=-1, end=-10),
        far_arm=reach(35.5, 81, bend=-1, end=-10),
        near_leg=reach(14.5, 32.5, end=5),
        far_leg=reach(9.5, 19.5, end=-5),
        props=(Prop("bike", (14, 22, 7)),),
        arrow=Arrow(arc=(14, 22, 15, 15, 40, -222)),
    ),
    Pose(
        "stair-climbing",
        "Stair climbing",
        "A person steps up onto a stair, holding the handrail. An arrow points up the stairs.",
        hip=(3, 50.5),
        torso=84,
        head=86,
        near_arm=bent(262, 280),
        far_arm=reach(20, 62, bend=-1, end=-20),
        near_leg=reach(14.5, 10 + ANKLE, end=0),
        far_leg=reach(-2, ANKLE, end=0),
        start={
            "hip": (-1, STAND),
            "torso": 90,
            "near_leg": reach(1, ANKLE, end=0),
            "far_leg": reach(-3, ANKLE, end=0),
        },
        props=(Prop("floor"), Prop("stairs", (10, 16, 10, 6)), Prop("rail", (20, 62, 10 / 16))),
        arrow=Arrow((32, 37), (55, 51.4)),
    ),
    Pose(
        "sit-to-stand",
        "Sit to stand",
        "A person with arms crossed on the chest stands up from a chair. Faint below: sitting "
        "near the front of the seat, leaning forward. An arrow shows the body rising.",
        hip=(19, STAND - 1),
        torso=88,
        head=90,
        near_arm=bent(-74, 75, shorten=(1, 0.35)),
        far_arm=bent(-78, 85, shorten=(1, 0.5)),
        near_leg=reach(23, ANKLE, end=0),
        far_leg=reach(21, ANKLE, end=0),
        start={"hip": (0, 29), "torso": 68, "head": 78},
        props=(Prop("floor"), Prop("seat", (-24, 6, 29 - LIE + 0.8))),
        arrow=Arrow(arc=(-6, 46, 30, 30, 150, 72)),
    ),
    Pose(
        "heel-raises",
        "Heel raises",
        "A person stands on tiptoes with hands on a counter. An arrow points up behind the heels.",
        hip=(0, STAND + TOE * math.sin(math.radians(50))),
        torso=90,
        head=90,
        near_arm=reach(20, 63, bend=-1, end=0),
        far_arm=reach(21, 63.5, bend=-1, end=0),
        near_leg=bent(270, 270, end=-50),
        far_leg=bent(270, 270, end=-50),
        start={
            "hip": (0, STAND),
            "near_leg": bent(270, 270, end=0),
            "far_leg": bent(270, 270, end=0),
        },
        props=(Prop("floor"), Prop("counter", (-2,), of="near_hand")),
        arrow=Arrow((-9, -7), (-9, 16), of="near_ankle"),
    ),
    Pose(
        "band-row",
        "Band row",
        "A person sits tall on a chair and pulls a band tied to a post at chest height, elbows "
        "back. Faint: the arms straight out at the start. An arrow points back.",
        hip=(0, 29),
        torso=90,
        head=90,
        near_arm=bent(240, 5, end=5),
        far_arm=bent(236, 8, end=8),
        near_leg=reach(24, ANKLE, end=0),
        far_leg=reach(22, ANKLE, end=0),
        start={
            "near_arm": reach(28, 52, bend=-1, end=-5),
            "far_arm": reach(29, 52.5, bend=-1, end=-5),
        },
        props=(
            Prop("floor"),
            Prop("chair", (-24, 6)),
            Prop("post", (50, 72)),
            Prop("band", ("near_hand", "far_hand", 50, 50), behind=False),
        ),
        arrow=Arrow((34, 11), (14, 11), of="near_hand"),
    ),
    Pose(
        "arm-curls",
        "Arm curls",
        "A person stands tall holding a small weight, elbow at the side. A curved arrow shows "
        "the forearm bending up.",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=bent(268, 35, end=35),
        far_arm=bent(266, 272),
        near_leg=reach(3, ANKLE, end=0),
        far_leg=reach(-3, ANKLE, end=0),
        start={"near_arm": bent(268, 272, end=272)},
        props=(Prop("floor"), Prop("weight", of="near_hand", behind=False)),
        arrow=Arrow(arc=(0, 0, 27, 27, -45, 58), of="near_elbow"),
    ),
    Pose(
        "tai-chi-weight-shift",
        "Tai chi weight shift",
        "Seen from the front: a person stands with feet wide, knees soft and arms rounded in "
        "front. An arrow shows the weight shifting side to side.",
        view="front",
        hip=(9, 47.5),
        torso=90,
        head=90,
        start={"hip": (-3, 47.5)},
        near_arm=bent(-69, 212, end=200, shorten=(0.94, 0.62)),
        far_arm=bent(249, -32, end=-20, shorten=(0.94, 0.62)),
        near_leg=reach(19, ANKLE, bend=1, end=-50, shorten=(0.96, 0.96)),
        far_leg=reach(-13, ANKLE, bend=-1, end=230, shorten=(0.96, 0.96)),
        props=(Prop("floor"),),
        arrow=Arrow((-21, 14), (21, 14), both=True, of="head"),
    ),
    Pose(
        "single-leg-stand",
        "Single leg stand",
        "A person holds a counter with both hands and stands on one leg. The other foot is just "
        "off the floor.",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=reach(20, 59, bend=-1, end=0),
        far_arm=reach(21, 59.5, bend=-1, end=0),
        near_leg=reach(-3, 10, end=-8),
        far_leg=bent(270, 270, end=0),
        start={"near_leg": bent(270, 270, end=0)},
        props=(Prop("floor"), Prop("counter", (-2,), of="near_hand")),
        arrow=Arrow((-8, -5), (-8, 11), of="near_ankle"),
    ),
    Pose(
        "jogging",
        "Jogging",
        "A person jogs with both feet off the floor and arms bent. An arrow points forward.",
        hip=(0, 56),
        torso=80,
        head=86,
        near_arm=bent(238, 345),
        far_arm=bent(295, 35),
        near_leg=bent(300, 252, end=-5),
        far_leg=bent(245, 205, end=250),
        props=(Prop("floor"),),
        arrow=Arrow((24, 4), (46, 4), of="chest"),
    ),
)

# Each region's poses live in a module of their own.
POSES += KNEE_POSES + HIP_POSES + ANKLE_POSES + NECK_POSES + ARM_POSES
POSES += BACK_POSES + SHOULDER_POSES + BALANCE_POSES + GENERAL_POSES

BY_SLUG = {pose.slug: pose for pose in POSES}
