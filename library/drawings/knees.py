"""The knees' poses (fixtures/library/knees.json): each movement drawn as its end position
over a faint start position (Pose.start), with the arrow between."""

from .engine import (
    ANKLE,
    ARMS_AT_SIDES_LYING,
    HAND_R,
    LEG_STRAIGHT,
    LIE,
    ON_BACK,
    STAND,
    Arrow,
    Pose,
    Prop,
    bent,
    mat,
    press,
    reach,
)

FAR_LEG_STRAIGHT = bent(-3, -3, end=86)
FAR_KNEE_BENT = reach(30, ANKLE)
SIT = dict(hip=(0, 29), torso=88, head=88)
HANDS_ON_THIGHS = dict(
    near_arm=reach(17, 36, bend=-1, end=-20), far_arm=reach(15, 36.5, bend=-1, end=-20)
)
SITTING_FAR_LEG = reach(22, ANKLE, end=0)
STANDING = dict(hip=(0, STAND), torso=90, head=90)
CHAIR_HANDS = dict(near_arm=reach(21, 60, bend=-1, end=0), far_arm=reach(22, 60.5, bend=-1, end=0))
CHAIR_IN_FRONT = Prop("chair_front", (20,), of="near_hand")
ROLL = 4
STEP = 10  # the height of one stair

# Lying on one side, seen from the front (view="front"): the near (top) leg and arm above the
# far (bottom) ones, the head resting on the bottom arm.
ON_SIDE = dict(view="front", lying="side", hip=(0, 8.5), torso=180, head=166)
SIDE_ARMS = dict(
    near_arm=reach(14, 1.5, bend=-1, of="chest", shorten=(0.6, 0.8)),
    far_arm=reach(5, -4, bend=1, of="head", shorten=(0.9, 0.9)),
)
SIDE_MAT = mat(-62, 66)


POSES = (
    Pose(
        "thigh-tightening",
        "Thigh tightening",
        "A person lies on their back with both legs straight. An arrow presses the back of the "
        "knee down.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=LEG_STRAIGHT,
        far_leg=FAR_LEG_STRAIGHT,
        props=(mat(-58, 62),),
        arrow=press("near_knee", gap=7.5),
    ),
    Pose(
        "straight-leg-raise",
        "Straight leg raise",
        "A person lies on their back with one knee bent. The other leg is straight and lifted "
        "to the height of the bent knee.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=bent(19, 19, end=109),
        far_leg=FAR_KNEE_BENT,
        start={"near_leg": LEG_STRAIGHT},
        props=(mat(-58, 62),),
        arrow=Arrow(arc=(0, 0, 58, 58, -1, 15), of="hip"),
    ),
    Pose(
        "heel-slide",
        "Heel slide",
        "A person lies on their back. One heel slides along the bed toward the bottom, so the "
        "knee bends.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=reach(30, ANKLE, end=0),
        far_leg=FAR_LEG_STRAIGHT,
        start={"near_leg": LEG_STRAIGHT},
        props=(mat(-58, 62),),
        arrow=Arrow((56, 14), (38, 14)),
    ),
    Pose(
        "knee-roll-straightening",
        "Knee straightening over a roll",
        "A person lies on their back with a towel roll under one knee. The lower leg lifts "
        "until the knee is straight.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=bent(12, 11, end=100),
        far_leg=FAR_KNEE_BENT,
        start={"near_leg": bent(12, -25, end=65)},
        props=(mat(-58, 62), Prop("roll", (22, ROLL), behind=False)),
        arrow=Arrow(arc=(0, 0, 30, 30, -28, 8), of="near_knee"),
    ),
    Pose(
        "heel-prop",
        "Heel prop",
        "A person lies on their back with a towel roll under one heel, so the knee is off the "
        "bed. An arrow presses the knee down.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=bent(5, 3, end=93),
        far_leg=FAR_KNEE_BENT,
        props=(mat(-58, 62), Prop("roll", (48.5, ROLL), behind=False)),
        arrow=press("near_knee", gap=7.5),
    ),
    Pose(
        "sitting-knee-bend",
        "Sitting knee bend",
        "A person sits on a chair. One foot slides back under the seat, bending the knee.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=reach(12, ANKLE, end=-15),
        far_leg=SITTING_FAR_LEG,
        start={"near_leg": reach(25, ANKLE, end=0)},
        props=(Prop("floor"), Prop("chair", (-24, 10))),
        arrow=Arrow((40, -4), (18, -4)),
    ),
    Pose(
        "sitting-knee-straightening",
        "Sitting knee straightening",
        "A person sits on a chair and straightens one knee so the leg sticks out in front.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=bent(0, 0, end=85),
        far_leg=SITTING_FAR_LEG,
        start={"near_leg": reach(24, ANKLE, end=0)},
        props=(Prop("floor"), Prop("chair", (-24, 6))),
        arrow=Arrow(arc=(0, 0, 27, 27, -80, -12), of="near_knee"),
    ),
    Pose(
        "sitting-straight-leg-raise",
        "Sitting straight leg raise",
        "A person sits back in a chair with one leg straight and lifted off the seat.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=bent(12, 12, end=97),
        far_leg=SITTING_FAR_LEG,
        start={"near_leg": bent(0, 0, end=85)},
        props=(Prop("floor"), Prop("chair", (-24, 6))),
        arrow=Arrow((4, 2), (4, 15), of="near_ankle"),
    ),
    Pose(
        "half-squat",
        "Half squat",
        "A person holds the back of a chair and bends both knees halfway, bottom pushed back.",
        hip=(-12, STAND - 11),
        torso=64,
        head=72,
        **CHAIR_HANDS,
        near_leg=reach(0, ANKLE, end=0),
        far_leg=reach(-1, ANKLE, end=0),
        start={**STANDING, "near_leg": bent(270, 270, end=0), "far_leg": bent(270, 270, end=0)},
        props=(Prop("floor"), CHAIR_IN_FRONT),
        arrow=Arrow((-14, 2), (-23, -8), of="hip"),
    ),
    Pose(
        "standing-knee-bend",
        "Standing knee bend",
        "A person holds the back of a chair and bends one knee, lifting the heel toward the "
        "bottom.",
        **STANDING,
        **CHAIR_HANDS,
        near_leg=bent(268, 150, end=235),
        far_leg=bent(270, 270, end=0),
        start={"near_leg": bent(270, 270, end=0)},
        props=(Prop("floor"), CHAIR_IN_FRONT),
        arrow=Arrow(arc=(0, 0, 31, 31, 255, 165), of="near_knee"),
    ),
    Pose(
        "step-up",
        "Step up",
        "A person holds a stair rail and stands on the first step. Faint: the start, one foot on "
        "the step and one on the floor.",
        hip=(19, STEP + STAND - 0.5),
        torso=88,
        head=88,
        near_arm=reach(36, 71, bend=-1, end=-10),
        far_arm=reach(37, 71.5, bend=-1, end=-10),
        near_leg=reach(21, STEP + ANKLE, end=0),
        far_leg=reach(16, STEP + ANKLE, end=0),
        start={
            "hip": (3, STAND - 3),
            "torso": 84,
            "near_leg": reach(21, STEP + ANKLE, end=0),
            "far_leg": reach(-3, ANKLE, end=0),
        },
        props=(
            Prop("floor"),
            Prop("stairs", (11, 24, STEP, 3)),
            Prop("rail", (36, 71 - HAND_R, STEP / 24)),
        ),
        arrow=Arrow((-14, -12), (-8, 8), of="waist"),
    ),
    Pose(
        "calf-stretch-at-wall",
        "Calf stretch at a wall",
        "A person leans toward a wall with both hands on it. One leg is back, straight, with "
        "the heel on the floor.",
        hip=(8, 43.5),
        torso=72,
        head=76,
        near_arm=reach(43, 73, bend=-1, end=90),
        far_arm=reach(43.5, 73.5, bend=-1, end=90),
        near_leg=reach(22, ANKLE, end=0),
        far_leg=reach(-20, ANKLE, end=0),
        props=(Prop("floor"), Prop("wall", (HAND_R + 0.3,), of="near_hand")),
        arrow=Arrow((-8, 8), (6, 8), of="chest"),
    ),
    Pose(
        "standing-thigh-stretch",
        "Standing thigh stretch",
        "A person holds a chair with one hand and pulls one heel up toward the bottom with the "
        "other hand.",
        **STANDING,
        near_arm=reach(-1, 0, bend=-1, of="near_ankle"),
        far_arm=reach(22, 60.5, bend=-1, end=0),
        near_leg=bent(258, 112, end=200),
        far_leg=bent(270, 270, end=0),
        props=(Prop("floor"), Prop("chair_front", (20,), of="far_hand")),
    ),
    Pose(
        "lying-hamstring-stretch",
        "Lying hamstring stretch",
        "A person lies on their back holding one leg behind the thigh. The knee straightens up "
        "toward the ceiling.",
        **ON_BACK,
        near_arm=reach(5, -9, bend=1, of="near_knee"),
        far_arm=reach(4, -10, bend=1, of="near_knee"),
        near_leg=bent(100, 82, end=172),
        far_leg=FAR_KNEE_BENT,
        start={"near_leg": bent(100, 5, end=95)},
        props=(mat(-58, 48),),
        arrow=Arrow(arc=(0, 0, 24, 24, 8, 70), of="near_knee"),
    ),
    Pose(
        "face-down-leg-lift",
        "Face-down leg lift",
        "A person lies face down with the head on the hands and lifts one straight leg a little.",
        hip=(0, LIE),
        torso=0,
        head=8,
        lying="face_down",
        near_arm=reach(8, -5, bend=1, of="head"),
        far_arm=reach(9, -5.5, bend=1, of="head"),
        near_leg=bent(168, 168, end=215),
        far_leg=bent(183, 183, end=205),
        start={"near_leg": bent(184, 184, end=200)},
        props=(mat(-64, 54),),
        arrow=Arrow(arc=(0, 0, 52, 52, 188, 164), of="hip"),
    ),
    Pose(
        "ankle-pumps",
        "Ankle pumps",
        "A person lies on their back with legs straight. A two-way arrow shows the foot moving "
        "up and down.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        near_leg=bent(-4, -4, end=112),
        far_leg=FAR_LEG_STRAIGHT,
        start={"near_leg": bent(-4, -4, end=40)},
        props=(mat(-58, 66),),
        arrow=Arrow(arc=(0, 0, 17, 17, 35, 120), both=True, of="near_ankle"),
    ),
    Pose(
        "ankle-cross-press",
        "Ankle-cross press",
        "Seen from the front: a person sits on a chair with the ankles crossed and the feet on "
        "the floor. Two arrows show the legs pushing against each other.",
        view="front",
        hip=(0, 32.2),
        torso=90,
        head=90,
        near_arm=reach(9, 33, bend=-1, shorten=(0.85, 0.6)),
        far_arm=reach(-9, 33, bend=1, shorten=(0.85, 0.6)),
        near_leg=bent(-60, 242, end=205, shorten=(0.4, 1)),
        far_leg=bent(240, 298, end=-25, shorten=(0.4, 1)),
        frame=(-30, -3, 30, 52),
        props=(Prop("floor"), Prop("seat_front", (18,))),
        arrow=Arrow((-17, 9), (17, 9), squeeze=True, gap=4),
    ),
    Pose(
        "sitting-knee-stretch",
        "Sitting knee stretch",
        "A person sits on a chair with one heel up on a stool and a hand pressing down just "
        "above the knee.",
        **SIT,
        near_arm=reach(-3, 6, bend=-1, of="near_knee", end=-40),
        far_arm=reach(15, 36.5, bend=-1, end=-20),
        near_leg=bent(-10, -10, end=80),
        far_leg=SITTING_FAR_LEG,
        props=(
            Prop("floor"),
            Prop("chair", (-24, 6)),
            Prop("stool", (9,), of="near_ankle"),
        ),
        arrow=press("near_knee", gap=12, dx=-3),
    ),
    Pose(
        "side-lying-inner-thigh-lift",
        "Lying inner thigh lift",
        "Seen from the front: a person lies on one side with the top knee bent and that foot in "
        "front. The lower leg lifts off the mat, straight.",
        **ON_SIDE,
        **SIDE_ARMS,
        near_leg=reach(22, 2.5, bend=1, end=-30, shorten=(0.55, 0.7)),
        far_leg=bent(9, 9, end=-70),
        start={"far_leg": bent(-1, -1, end=-80)},
        props=(SIDE_MAT,),
        arrow=Arrow(arc=(0, 0, 56, 56, 3, 20), of="far_hip"),
    ),
    Pose(
        "sitting-hamstring-stretch",
        "Sitting hamstring stretch",
        "A person sits near the front of a chair with one leg straight out, heel on the floor, "
        "and leans forward from the hips.",
        hip=(0, 29),
        torso=64,
        head=68,
        near_arm=reach(23, 21, bend=-1, end=-30),
        far_arm=reach(21, 22, bend=-1, end=-30),
        near_leg=bent(-30, -30, end=75),  # straight, the heel on the floor
        far_leg=reach(20, ANKLE, end=0),
        start={"torso": 88, "head": 88, **HANDS_ON_THIGHS},
        props=(Prop("floor"), Prop("chair", (-20, 6))),
        arrow=Arrow(arc=(0, 0, 49, 49, 84, 60), of="hip"),
    ),
)
