"""The balance poses (fixtures/library/balance.json): Otago, NIA and NHS balance exercises,
mostly beside a kitchen counter; each the end position over a faint start."""

import math

from .engine import ANKLE, HAND_R, STAND, THIGH, TOE, Arrow, Pose, Prop, bent, reach

STANDING = dict(hip=(0, STAND), torso=90, head=90)
STRAIGHT_DOWN = bent(270, 270, end=0)
ON_COUNTER = dict(near_arm=reach(20, 59, bend=-1, end=0), far_arm=reach(21, 59.5, bend=-1, end=0))
COUNTER_IN_FRONT = Prop("counter", (-2,), of="near_hand")
# A counter beside the figure (seen end on, behind it), the far hand resting on its top.
HAND_ON_SIDE_COUNTER = reach(9, 2, bend=-1, of="hip", end=0)
SIDE_COUNTER = Prop("counter_side", (-6, 22), of="far_hand")
FLOOR = Prop("floor")
FORWARD = Arrow((22, 6), (44, 6), of="chest")
BACKWARD = Arrow((-14, 14), (-38, 14), of="head")
# Seen from the front, the far hand on a counter beside the figure.
FRONT_COUNTER_HAND = reach(-27, STAND + 3, bend=1, end=180)
FRONT_SIDE_COUNTER = Prop("counter_side", (-14, 4), of="far_hand")
HANDS_ON_HIPS_FRONT = dict(
    near_arm=reach(4, 6, bend=1, of="near_hip", end=200, shorten=(0.96, 0.9)),
    far_arm=reach(-4, 6, bend=-1, of="far_hip", end=-20, shorten=(0.96, 0.9)),
)
ON_TOES = TOE * math.sin(math.radians(50))
KNEELING_HIP = 3.75 + THIGH


POSES = (
    Pose(
        "knee-bends-at-counter",
        "Knee bends at the counter",
        "A person faces a counter with both hands on it and bends both knees a little, heels down.",
        hip=(-3, STAND - 7),
        torso=86,
        head=88,
        **ON_COUNTER,
        near_leg=reach(1, ANKLE, end=0),
        far_leg=reach(0, ANKLE, end=0),
        start={**STANDING, "near_leg": STRAIGHT_DOWN, "far_leg": STRAIGHT_DOWN},
        props=(FLOOR, COUNTER_IN_FRONT),
        arrow=Arrow((-16, 8), (-16, -8), of="hip"),
    ),
    Pose(
        "backwards-walking",
        "Backwards walking",
        "A person holds a counter beside them and steps back with one foot. An arrow points back.",
        hip=(0, 50),
        torso=90,
        head=90,
        near_arm=bent(262, 275),
        far_arm=HAND_ON_SIDE_COUNTER,
        near_leg=reach(-13, 5, end=-20),
        far_leg=reach(6, ANKLE, end=0),
        start={"near_leg": reach(4, ANKLE, end=0)},
        props=(FLOOR, SIDE_COUNTER),
        arrow=BACKWARD,
    ),
    Pose(
        "walking-and-turning",
        "Walking and turning around",
        "A person walks forward. A curved arrow loops around in front, showing the walk and "
        "the turn.",
        hip=(0, 50),
        torso=87,
        head=88,
        near_arm=bent(250, 262),
        far_arm=bent(288, 310),
        near_leg=reach(13, 4, end=18),
        far_leg=reach(-12, 7, end=-32),
        start={"near_leg": reach(-12, 7, end=-32), "far_leg": reach(13, 4, end=18)},
        props=(FLOOR,),
        arrow=Arrow(arc=(30, -8, 16, 22, 215, -100), of="chest"),
    ),
    Pose(
        "sideways-walking",
        "Sideways walking",
        "Seen from the front: a person with hands on hips steps one foot out to the side. An "
        "arrow points sideways.",
        view="front",
        hip=(0, STAND - 0.5),
        torso=90,
        head=90,
        **HANDS_ON_HIPS_FRONT,
        near_leg=reach(22, ANKLE, bend=1, end=-40, shorten=(0.97, 0.97)),
        far_leg=reach(-6, ANKLE, bend=-1, end=220, shorten=(0.98, 0.98)),
        start={"near_leg": reach(6, ANKLE, bend=1, end=-40, shorten=(0.98, 0.98))},
        props=(FLOOR,),
        arrow=Arrow((-4, 14), (16, 14), of="near_knee"),
    ),
    Pose(
        "tandem-stance",
        "Heel-to-toe stand",
        "A person holds a counter beside them and puts one foot in front. Its heel touches the "
        "toes of the back foot.",
        **STANDING,
        near_arm=bent(262, 275),
        far_arm=HAND_ON_SIDE_COUNTER,
        near_leg=reach(7, ANKLE, end=0),
        far_leg=reach(-6, ANKLE, end=0),
        start={"near_leg": reach(-6, ANKLE, end=0)},
        props=(FLOOR, SIDE_COUNTER),
        arrow=Arrow((-6, 8), (10, 8), of="near_ankle"),
    ),
    Pose(
        "tandem-walk",
        "Heel-to-toe walk",
        "A person holds a counter beside them and steps forward. The heel lands just in front of "
        "the toes of the other foot.",
        hip=(0, STAND - 1),
        torso=90,
        head=90,
        near_arm=bent(262, 275),
        far_arm=HAND_ON_SIDE_COUNTER,
        near_leg=reach(7, ANKLE + 3, end=12),
        far_leg=reach(-6, ANKLE, end=0),
        start={"near_leg": reach(-19, ANKLE + 5, end=-35)},
        props=(FLOOR, SIDE_COUNTER),
        arrow=FORWARD,
    ),
    Pose(
        "heel-walking",
        "Heel walking",
        "A person holds a counter beside them and walks on the heels, toes lifted. An arrow "
        "points forward.",
        hip=(0, STAND - 1),
        torso=90,
        head=90,
        near_arm=bent(262, 275),
        far_arm=HAND_ON_SIDE_COUNTER,
        near_leg=reach(9, ANKLE + 3, end=40),
        far_leg=reach(-7, ANKLE + 3, end=40),
        start={"near_leg": reach(-7, ANKLE + 3, end=40)},
        props=(FLOOR, SIDE_COUNTER),
        arrow=FORWARD,
    ),
    Pose(
        "toe-walking",
        "Toe walking",
        "A person holds a counter beside them and walks on tiptoes, heels up. An arrow points "
        "forward.",
        hip=(0, STAND + ON_TOES - 1),
        torso=90,
        head=90,
        near_arm=bent(262, 275),
        far_arm=HAND_ON_SIDE_COUNTER,
        near_leg=reach(8, ANKLE + ON_TOES, end=-50),
        far_leg=reach(-8, ANKLE + ON_TOES, end=-50),
        start={"near_leg": reach(-8, ANKLE + ON_TOES, end=-50)},
        props=(FLOOR, SIDE_COUNTER),
        arrow=FORWARD,
    ),
    Pose(
        "heel-toe-walking-backwards",
        "Heel-to-toe walk backward",
        "A person holds a counter beside them and steps back, putting the toes just behind the "
        "other heel. An arrow points back.",
        hip=(0, STAND - 1),
        torso=90,
        head=90,
        near_arm=bent(262, 275),
        far_arm=HAND_ON_SIDE_COUNTER,
        near_leg=reach(-8, ANKLE + 3, end=-12),
        far_leg=reach(5, ANKLE, end=0),
        start={"near_leg": reach(18, ANKLE + 4, end=10)},
        props=(FLOOR, SIDE_COUNTER),
        arrow=BACKWARD,
    ),
    Pose(
        "balance-walk",
        "Balance walk",
        "Seen from the front: a person walks with arms out to the sides and lifts one foot off "
        "the floor behind.",
        view="front",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=bent(2, 0, end=0),
        far_arm=bent(178, 180, end=180),
        near_leg=bent(271, 271, end=-40, shorten=(0.98, 0.98)),
        far_leg=bent(268, 272, end=230, shorten=(0.98, 0.55)),
        start={"far_leg": bent(268, 268, end=230, shorten=(0.98, 0.98))},
        props=(FLOOR,),
        arrow=Arrow((-10, -3), (-10, 14), of="far_ankle"),
    ),
    Pose(
        "grapevine",
        "Simple grapevine",
        "Seen from the front: a person crosses one foot over in front of the other. An arrow "
        "points sideways.",
        view="front",
        hip=(0, STAND - 1),
        torso=90,
        head=90,
        near_arm=bent(268, 272, shorten=(0.96, 0.96)),
        far_arm=bent(272, 268, shorten=(0.96, 0.96)),
        near_leg=reach(-13, ANKLE, bend=-1, end=220, shorten=(0.98, 0.98)),
        far_leg=reach(3, ANKLE, bend=1, end=-40, shorten=(0.98, 0.98)),
        start={"near_leg": reach(10, ANKLE, bend=1, end=-40, shorten=(0.98, 0.98))},
        props=(FLOOR,),
        arrow=Arrow((8, -6), (-14, -6), of="near_knee"),
    ),
    Pose(
        "getting-up-from-floor",
        "Getting up from the floor",
        "A person kneels on one knee in front of a chair, with both hands on the seat and one "
        "foot flat, pushing up.",
        hip=(0, KNEELING_HIP + 1),
        torso=62,
        head=64,
        near_arm=reach(37, 22 + HAND_R, bend=-1, end=0),
        far_arm=reach(38, 22.5 + HAND_R, bend=-1, end=0),
        near_leg=reach(22, ANKLE, end=0),
        far_leg=bent(268, 180, end=185),
        start={
            "hip": (0, KNEELING_HIP),
            "torso": 10,
            "head": 2,
            "near_arm": bent(270, 270, end=0),
            "far_arm": bent(270, 270, end=0),
            "near_leg": bent(270, 180, end=185),
        },
        props=(FLOOR, Prop("chair", (58, 32))),
        arrow=Arrow(arc=(-14, 0, 18, 18, 200, 110), of="hip"),
    ),
    Pose(
        "feet-together-stand",
        "Feet together stand",
        "Seen from the front: a person holds a counter and brings one foot in to touch the "
        "other. An arrow shows the foot moving in.",
        view="front",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=bent(268, 272, shorten=(0.96, 0.96)),
        far_arm=FRONT_COUNTER_HAND,
        near_leg=reach(2.5, ANKLE, bend=-1, end=-40, shorten=(0.98, 0.98)),
        far_leg=reach(-2.5, ANKLE, bend=1, end=220, shorten=(0.98, 0.98)),
        start={"near_leg": reach(16, ANKLE, bend=1, end=-40, shorten=(0.98, 0.98))},
        props=(FLOOR, FRONT_SIDE_COUNTER),
        arrow=Arrow((16, 10), (4, 10), of="near_ankle"),
    ),
    Pose(
        "standing-head-turns",
        "Standing head turns",
        "Seen from the front: a person holds a counter beside them and turns the head to look "
        "over one shoulder.",
        view="front",
        hip=(0, STAND),
        torso=90,
        head=90,
        head_turn=1,
        near_arm=bent(272, 271, shorten=(0.96, 0.96)),
        far_arm=FRONT_COUNTER_HAND,
        near_leg=bent(272, 270, end=-40),
        far_leg=bent(268, 270, end=220),
        props=(FLOOR, FRONT_SIDE_COUNTER),
        arrow=Arrow(arc=(0, 2, 14, 9, 25, 155), both=True, of="head"),
    ),
    Pose(
        "rocking-forward-and-back",
        "Rocking forward and back",
        "A person holds a counter in front and leans the whole body forward from the ankles. A "
        "two-way arrow shows rocking forward and back.",
        hip=(4, STAND - 0.3),
        torso=86,
        head=86,
        **ON_COUNTER,
        near_leg=reach(0, ANKLE, end=0),
        far_leg=reach(-1, ANKLE, end=0),
        start={"hip": (-4, STAND - 0.3), "torso": 94, "head": 94},
        props=(FLOOR, COUNTER_IN_FRONT),
        arrow=Arrow((-14, 12), (12, 12), both=True, of="head"),
    ),
)
