"""The back and trunk's poses (fixtures/library/back.json): each movement drawn as its end
position over a faint start position (Pose.start), with the arrow between."""

from .engine import (
    ANKLE,
    ARMS_AT_SIDES_LYING,
    KNEE_DOWN,
    KNEES_BENT,
    LIE,
    ON_BACK,
    SIDE_LYING,
    STAND,
    THIGH,
    WIDTH,
    Arrow,
    Pose,
    Prop,
    bent,
    lift,
    mat,
    press,
    reach,
)

# On hands and knees (as in cat-cow): knees under the hips, hands under the shoulders.
ALL_FOURS = dict(hip=(0, WIDTH["shin"] / 2 + THIGH), torso=10.3, head=2)
HAND_DOWN = bent(270, 270, end=0)
HANDS_ON_MAT = (30.5, 3.3)  # where the wrists of ALL_FOURS rest, for a pose that moves away
FACE_DOWN_LEGS = dict(near_leg=bent(184, 184, end=200), far_leg=bent(183, 183, end=205))
SIT = dict(hip=(0, 29), torso=88, head=88)
STANDING = dict(hip=(0, STAND), torso=90, head=90)
FLOOR = Prop("floor")
# Standing seen from the front (side bend): legs straight, the feet seen end on.
FRONT_LEGS = dict(near_leg=bent(272, 270, end=-40), far_leg=bent(268, 270, end=220))
FRONT_ARMS_DOWN = dict(near_arm=bent(272, 271), far_arm=bent(268, 269))
SIDE_ARMS_DOWN = dict(near_arm=bent(272, 274), far_arm=bent(268, 270))
# Side plank on the knees (SIDE_LYING, seen from the front): the bottom forearm on the mat
# under the shoulder, pointing at the reader; the knees bent, the shins back out of sight.
PROPPED_ARM = bent(270, 300, shorten=(1, 0.35))
PLANK_LEGS = dict(
    near_leg=bent(-22, -60, end=-80, shorten=(1, 0.3)),
    far_leg=bent(-19, -60, end=-80, shorten=(1, 0.3)),
)

POSES = (
    Pose(
        "bird-dog",
        "Bird dog",
        "A person on hands and knees reaches one arm forward and the other leg back, both "
        "level with the back. Faint: the knee down at the start.",
        **{**ALL_FOURS, "head": -4},
        near_arm=HAND_DOWN,
        far_arm=bent(12, 12, end=12),
        near_leg=bent(186, 186, end=265),
        far_leg=KNEE_DOWN,
        start={"far_arm": HAND_DOWN, "near_leg": KNEE_DOWN},
        props=(mat(-40, 52),),
        arrow=Arrow(arc=(0, 0, 36, 36, 256, 196), of="hip"),
    ),
    Pose(
        "pelvic-tilt",
        "Pelvic tilt",
        "A person lies on their back with knees bent. An arrow presses the low back flat on "
        "the mat. Faint: the small arch of the low back before.",
        **ON_BACK,
        **ARMS_AT_SIDES_LYING,
        **KNEES_BENT,
        start={"torso": (158, 202, 180)},
        props=(mat(-58, 48),),
        arrow=press("waist", gap=9),
    ),
    Pose(
        "back-extension-on-elbows",
        "Back extension on the elbows",
        "A person lies face down, propped up on the forearms, chest lifted and hips on the mat. "
        "Faint: lying flat at the start.",
        hip=(0, LIE),
        torso=(2, 22, 45),
        head=30,
        lying="face_down",
        near_arm=bent(268, 0, end=0),
        far_arm=bent(266, 2, end=2),
        **FACE_DOWN_LEGS,
        start={
            "torso": 0,
            "head": 8,
            "near_arm": bent(200, 0, end=0, shorten=(0.6, 1)),
            "far_arm": bent(198, 2, end=2, shorten=(0.6, 1)),
        },
        props=(mat(-64, 56),),
        arrow=lift("chest", gap=10),
    ),
    Pose(
        "bottom-to-heels-stretch",
        "Bottom to heels stretch",
        "A person kneels with the hands on the mat in front and moves the bottom back toward "
        "the heels. Faint: on hands and knees. An arrow points back.",
        hip=(-19.15, 19.8),
        torso=12,
        head=-2,
        near_arm=reach(*HANDS_ON_MAT, end=0),
        far_arm=reach(HANDS_ON_MAT[0] + 1, HANDS_ON_MAT[1], end=0),
        near_leg=bent(-40, 180, end=185),
        far_leg=bent(-40, 180, end=185),
        start={**ALL_FOURS, "near_leg": KNEE_DOWN, "far_leg": KNEE_DOWN},
        props=(mat(-40, 52),),
        arrow=Arrow((-2, 42), (-20, 33)),
    ),
    Pose(
        "seated-back-twist",
        "Sitting back twist",
        "A person sits tall on a chair, one hand on the thigh, the other holding the back of the "
        "chair. A curved arrow round the chest shows the upper body turning.",
        **SIT,
        near_arm=reach(16, 36.5, bend=-1, end=-20),
        far_arm=reach(-21, 49, bend=1, end=180),
        near_leg=reach(24, ANKLE, end=0),
        far_leg=reach(22, ANKLE, end=0),
        props=(Prop("floor"), Prop("chair", (-24, 6))),
        arrow=Arrow(arc=(1, 1, 20, 7.5, 155, 385), of="chest"),
    ),
    Pose(
        "standing-side-bend",
        "Standing side bend",
        "Seen from the front: a person stands and bends to one side, one hand sliding down the "
        "leg. A curved arrow shows the bend.",
        view="front",
        hip=(0, STAND),
        torso=(86, 66, 54),
        head=54,
        near_arm=reach(13, 29, bend=-1, end=270),
        far_arm=bent(262, 268),
        **FRONT_LEGS,
        start={"torso": 90, "head": 90, **FRONT_ARMS_DOWN},
        props=(FLOOR,),
        arrow=Arrow(arc=(0, 0, 56, 56, 96, 50), of="hip"),
    ),
    Pose(
        "standing-forward-bend",
        "Standing forward bend",
        "A person stands and bends forward, head and arms hanging down toward the floor. Faint: "
        "standing tall at the start. A curved arrow shows the bend.",
        hip=(-4, STAND),
        torso=(64, 20, -24),
        head=-62,
        near_arm=bent(280, 274),
        far_arm=bent(276, 270),
        near_leg=reach(2, ANKLE, end=0),
        far_leg=reach(-6, ANKLE, end=0),
        start={**STANDING, **SIDE_ARMS_DOWN},
        props=(FLOOR,),
        arrow=Arrow(arc=(0, 0, 40, 40, 100, 30), of="hip"),
    ),
    Pose(
        "side-plank-on-knees",
        "Side plank on your knees",
        "Seen from the front: a person lies on one side, propped on the forearm with knees "
        "bent. The hips lift off the mat. An arrow points up.",
        **SIDE_LYING | {"hip": (0, 16.5), "torso": 160, "head": 160},
        far_arm=PROPPED_ARM,
        near_arm=reach(1, 27, bend=1, end=-30),
        **PLANK_LEGS,
        start={
            "hip": (0, SIDE_LYING["hip"][1]),
            "torso": 145,
            "head": 145,
            "near_leg": bent(-4, -60, end=-80, shorten=(1, 0.3)),
            "far_leg": bent(-1, -60, end=-80, shorten=(1, 0.3)),
        },
        props=(mat(-50, 40),),
        arrow=lift("hip", gap=14),
    ),
)
