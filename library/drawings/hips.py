"""The hips' poses (fixtures/library/hips.json), each the end position over a faint start."""

from .engine import STAND, Arrow, Pose, Prop, bent, reach

STANDING = dict(hip=(0, STAND), torso=90, head=90)
STRAIGHT_DOWN = bent(270, 270, end=0)
ON_COUNTER = dict(near_arm=reach(20, 59, bend=-1, end=0), far_arm=reach(21, 59.5, bend=-1, end=0))
COUNTER_IN_FRONT = Prop("counter", (-2,), of="near_hand")

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
)
