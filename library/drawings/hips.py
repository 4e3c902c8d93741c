"""The hips' poses (fixtures/library/hips.json), each the end position over a faint start."""

from .engine import ANKLE, FLOOR_SITTING, LEGS_LONG, STAND, Arrow, Pose, Prop, bent, reach
from .knees import ON_SIDE, SIDE_ARMS, SIDE_MAT

STANDING = dict(hip=(0, STAND), torso=90, head=90)
STRAIGHT_DOWN = bent(270, 270, end=0)
ON_COUNTER = dict(near_arm=reach(20, 59, bend=-1, end=0), far_arm=reach(21, 59.5, bend=-1, end=0))
COUNTER_IN_FRONT = Prop("counter", (-2,), of="near_hand")

# The clamshell's legs: hips and knees bent toward the reader, so both look short.
CLAM_FAR = bent(-4, 4, end=-60, shorten=(0.62, 0.75))
# Seen from above, lying on the back with the knees bent up: the legs look short.
ABOVE = dict(view="front", lying="back", hip=(0, 0), torso=180, head=180)
KNEE_UP_ABOVE = dict(
    near=bent(6, -6, end=0, shorten=(0.7, 0.72)), far=bent(-6, 6, end=0, shorten=(0.7, 0.72))
)
COUNTER_NEAR_HAND = reach(27, STAND + 3, bend=-1, end=0)


POSES = (
    Pose(
        "leg-slide-out",
        "Leg slide out",
        "Seen from above: a person lies on their back with legs straight. One leg slides out to "
        "the side.",
        view="front",
        lying="back",
        hip=(0, 0),
        torso=180,
        head=180,
        near_arm=bent(8, 2),
        far_arm=bent(-8, -2),
        near_leg=bent(24, 24, end=24),
        far_leg=bent(-1, -1, end=-1),
        start={"near_leg": bent(1, 1, end=1)},
        props=(Prop("mat_above", (-58, 56, -34, 34)),),
        arrow=Arrow(arc=(0, 5, 40, 40, 6, 26)),
    ),
    Pose(
        "standing-knee-raise",
        "Standing knee raise",
        "A person holds a counter beside them and lifts one knee in front, no higher than the "
        "waist.",
        **STANDING,
        near_arm=bent(268, 272),
        far_arm=reach(-10, -1, bend=-1, of="hip", end=0),
        near_leg=bent(-12, 268, end=0),
        far_leg=STRAIGHT_DOWN,
        start={"near_leg": STRAIGHT_DOWN},
        props=(Prop("floor"), Prop("counter_side", (-14, 14), of="far_hand")),
        arrow=Arrow(arc=(0, 0, 40, 40, 272, 318), of="hip"),
    ),
    Pose(
        "standing-side-leg-lift",
        "Standing side leg lift",
        "Seen from the front: a person holds a counter and lifts one straight leg out to the side.",
        view="front",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=bent(262, 268, shorten=(0.96, 0.96)),
        far_arm=reach(-27, STAND + 3, bend=1, end=180),
        near_leg=bent(299, 299, end=-36, shorten=(0.98, 0.98)),
        far_leg=bent(268, 268, end=230, shorten=(0.98, 0.98)),
        start={"near_leg": bent(272, 272, end=-50, shorten=(0.98, 0.98))},
        props=(Prop("floor"), Prop("counter_side", (-14, 4), of="far_hand")),
        arrow=Arrow(arc=(0, 0, 44, 44, 280, 306), of="near_hip"),
    ),
    Pose(
        "standing-leg-back",
        "Standing leg back",
        "A person holds a counter and lifts one straight leg a little behind.",
        **STANDING,
        **ON_COUNTER,
        near_leg=bent(250, 250, end=-25),
        far_leg=STRAIGHT_DOWN,
        start={"near_leg": STRAIGHT_DOWN},
        props=(Prop("floor"), COUNTER_IN_FRONT),
        arrow=Arrow(arc=(0, 0, 52, 52, 266, 244), of="hip"),
    ),
    Pose(
        "side-lying-leg-lift",
        "Lying side leg lift",
        "Seen from the front: a person lies on one side with the lower knee bent. The top leg "
        "lifts up, straight.",
        **ON_SIDE,
        **SIDE_ARMS,
        near_leg=bent(24, 24, end=-40),
        far_leg=bent(-6, 12, end=-70, shorten=(0.9, 0.9)),
        start={"near_leg": bent(1, 1, end=-70)},
        props=(SIDE_MAT,),
        arrow=Arrow(arc=(0, 0, 58, 58, 8, 27), of="near_hip"),
    ),
    Pose(
        "clamshell",
        "Clamshell",
        "Seen from the front: a person lies on one side with hips and knees bent and the feet "
        "together. The top knee opens up.",
        **ON_SIDE,
        **SIDE_ARMS,
        near_leg=reach(31, -6.5, bend=1, end=-60, of="near_hip", shorten=(0.75, 0.8)),
        far_leg=CLAM_FAR,
        start={"near_leg": bent(-2, 4, end=-60, shorten=(0.62, 0.75))},
        props=(SIDE_MAT,),
        arrow=Arrow(arc=(0, 0, 16, 16, -20, 60), of="near_hip"),
    ),
    Pose(
        "standing-outer-hip-stretch",
        "Standing outer hip stretch",
        "Seen from the front: a person holds a counter. One leg crosses in front of the other, "
        "and the body leans toward the counter.",
        view="front",
        hip=(-5, STAND - 1),
        torso=76,
        head=78,
        near_arm=COUNTER_NEAR_HAND,
        far_arm=bent(262, 270, shorten=(0.96, 0.96)),
        near_leg=reach(-14, 2.5, bend=-1, end=200),
        far_leg=reach(5, 2.5, bend=1, end=-20),
        start={"hip": (-2, STAND - 1), "torso": 90, "head": 90},
        props=(Prop("floor"), Prop("counter_side", (-4, 14), of="near_hand")),
        arrow=Arrow(arc=(0, 0, 46, 46, 100, 78), of="hip"),
    ),
    Pose(
        "floor-hip-twist",
        "Sitting hip twist",
        "A person sits on the floor with one leg straight. The other foot crosses over it, and "
        "the body turns toward the bent knee.",
        **FLOOR_SITTING,
        near_arm=reach(-15, 3.5, bend=-1, end=200),
        far_arm=bent(-38, 75),
        near_leg=reach(21, ANKLE, end=0),
        far_leg=LEGS_LONG,
        start={
            "near_leg": LEGS_LONG,
            "near_arm": reach(6, 6, bend=-1),
            "far_arm": reach(8, 6.5, bend=-1),
        },
        props=(Prop("floor"), Prop("mat", (-24, 56))),
        arrow=Arrow(arc=(1, 1, 20, 7.5, 155, 385), of="chest"),
    ),
    Pose(
        "lying-knee-drop-out",
        "Lying knee drop out",
        "Seen from above: a person lies on the back with knees bent. One knee falls out to the "
        "side.",
        **ABOVE,
        near_arm=bent(8, 2),
        far_arm=bent(-8, -2),
        near_leg=reach(33, 5, bend=1, end=10, shorten=(1, 0.8)),
        far_leg=KNEE_UP_ABOVE["far"],
        start={"near_leg": KNEE_UP_ABOVE["near"]},
        props=(Prop("mat_above", (-58, 56, -34, 34)),),
        arrow=Arrow(arc=(0, 0, 20, 20, 10, 50), of="near_hip"),
    ),
)
