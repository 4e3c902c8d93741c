"""The ankles' and feet's poses (fixtures/library/ankles-feet.json)."""

from .engine import ANKLE, HAND_R, STAND, Arrow, Pose, Prop, bent, reach, skeleton

SIT = dict(hip=(0, 29), torso=88, head=86)
HANDS_ON_THIGHS = dict(
    near_arm=reach(17, 36, bend=-1, end=-20), far_arm=reach(15, 36.5, bend=-1, end=-20)
)
SITTING_FAR_LEG = reach(20, ANKLE, end=0)
CHAIR = Prop("chair", (-24, 6))


def joint_at(joint, **fields):
    """Where a joint of a pose lies (for a band tied to a foot)."""
    return skeleton(Pose("", "", "", **fields))[joint]


FLOOR_SIT = dict(hip=(0, 6), torso=88, head=90)
HANDS_ON_LAP = dict(
    near_arm=reach(14, 11, bend=-1, end=-10), far_arm=reach(12, 11.5, bend=-1, end=-10)
)
HANDS_PULLING = dict(
    near_arm=reach(16, 20, bend=-1, end=10), far_arm=reach(14, 20.5, bend=-1, end=10)
)
LEG_LONG = bent(-1, -1, end=88)
FAR_LONG = bent(-1, -1, end=92)
MAT = Prop("mat", (-24, 62))
PUSH_DOWN = dict(**FLOOR_SIT, **HANDS_PULLING, near_leg=bent(-1, -1, end=25), far_leg=FAR_LONG)
PULL_UP = dict(**FLOOR_SIT, **HANDS_ON_LAP, near_leg=bent(-1, -1, end=112), far_leg=FAR_LONG)
TOWEL = dict(**FLOOR_SIT, **HANDS_PULLING, near_leg=bent(-1, -1, end=110), far_leg=FAR_LONG)
# Sitting on a chair seen from the front: thighs toward the reader, shins straight down.
# The hip is set so the feet rest on the floor; the close-up shows the knees down.
FRONT_SIT = dict(view="front", hip=(0, 35.2), torso=90, head=90, frame=(-22, -4, 32, 26))
FRONT_SIT_ARMS = dict(
    near_arm=reach(10, 25, bend=-1, shorten=(0.85, 0.6)),
    far_arm=reach(-10, 25, bend=1, shorten=(0.85, 0.6)),
)
FRONT_NEAR_LEG = bent(-60, 270, end=-40, shorten=(0.4, 1))
FRONT_FAR_LEG = bent(240, 270, end=220, shorten=(0.4, 1))
TURNED = 8  # a foot turned to the side, seen from the front, shows most of its length
SEAT = Prop("seat_front", (18,))
TURN_OUT = dict(
    **FRONT_SIT,
    **FRONT_SIT_ARMS,
    near_leg=bent(-60, 270, end=-5, shorten=(0.4, 1), foot=TURNED),
    far_leg=FRONT_FAR_LEG,
)
TURN_IN = dict(
    **FRONT_SIT,
    **FRONT_SIT_ARMS,
    near_leg=bent(-60, 270, end=192, shorten=(0.4, 1), foot=TURNED),
    far_leg=FRONT_FAR_LEG,
)


POSES = (
    Pose(
        "towel-toe-curls",
        "Towel toe curls",
        "A person sits on a chair with one foot on a towel on the floor. An arrow shows the "
        "towel pulled toward the heel.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=reach(26, ANKLE + 2.4, end=-4),
        far_leg=SITTING_FAR_LEG,
        props=(Prop("floor"), CHAIR, Prop("towel", (20, 60))),
        arrow=Arrow((52, 8), (36, 8)),
    ),
    Pose(
        "marble-pickup",
        "Marble pickup",
        "A person sits on a chair and lifts a marble with the toes of one foot. A cup stands "
        "beside the marbles.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=reach(27, 7, end=-12),
        far_leg=SITTING_FAR_LEG,
        start={"near_leg": reach(27, ANKLE, end=0)},
        props=(Prop("floor"), CHAIR, Prop("marbles", (38, 3))),
        arrow=Arrow((6, 2), (6, 12), of="near_toe"),
    ),
    Pose(
        "ankle-alphabet",
        "Ankle alphabet",
        "A person sits on a chair with one leg held out and the foot off the floor. A round "
        "arrow circles the foot.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=bent(-6, -20, end=75),
        far_leg=SITTING_FAR_LEG,
        props=(Prop("floor"), CHAIR),
        arrow=Arrow(arc=(4, 5, 10, 10, -60, 230), of="near_ankle"),
    ),
    Pose(
        "bent-knee-calf-stretch",
        "Bent knee calf stretch",
        "A person faces a wall with both hands on it. One foot is back, both knees are bent and "
        "both heels are down.",
        hip=(6, 40),
        torso=78,
        head=80,
        near_arm=reach(40, 70, bend=-1, end=90),
        far_arm=reach(40.5, 70.5, bend=-1, end=90),
        near_leg=reach(20, ANKLE, end=0),
        far_leg=reach(-10, ANKLE, end=0),
        props=(Prop("floor"), Prop("wall", (HAND_R + 0.3,), of="near_hand")),
        arrow=Arrow((0, 18), (0, 4), of="waist"),
    ),
    Pose(
        "plantar-fascia-stretch",
        "Sole of the foot stretch",
        "A person sits with one ankle on the other knee and pulls the toes back with one hand.",
        hip=(0, 29),
        torso=(80, 66, 60),
        head=68,
        near_arm=reach(0, 2.5, bend=-1, of="near_toe", end=-40),
        far_arm=reach(15, 36.5, bend=-1, end=-20),
        near_leg=bent(20, 330, end=25, shorten=(1, 0.35)),
        far_leg=reach(24, ANKLE, end=0),
        props=(Prop("floor"), CHAIR),
    ),
    Pose(
        "toe-raises",
        "Toe raises",
        "A person faces a counter with both hands on it and stands on the heels, toes lifted. "
        "An arrow shows the toes rising.",
        hip=(0, STAND + 1),
        torso=90,
        head=90,
        near_arm=reach(20, 59, bend=-1, end=0),
        far_arm=reach(21, 59.5, bend=-1, end=0),
        near_leg=bent(270, 270, end=38),
        far_leg=bent(270, 270, end=38),
        start={"hip": (0, STAND), "near_leg": bent(270, 270, end=0)},
        # From the hands on the counter down: the feet large enough to see the toes lift.
        frame=(-22, -3, 40, 66),
        props=(Prop("floor"), Prop("counter", (-2,), of="near_hand")),
        arrow=Arrow(arc=(0, 0, 17, 17, 8, 48), of="near_ankle"),
    ),
    Pose(
        "band-ankle-push-down",
        "Band ankle push down",
        "A person sits on a mat with legs straight and holds a band looped round one foot. The "
        "foot points down against the band.",
        **PUSH_DOWN,
        start={"near_leg": LEG_LONG},
        props=(
            Prop("floor"),
            MAT,
            Prop("band", ("near_hand", "far_hand", *joint_at("near_toe", **PUSH_DOWN))),
        ),
        arrow=Arrow(arc=(0, 0, 15, 15, 100, 35), of="near_ankle"),
    ),
    Pose(
        "band-ankle-pull-up",
        "Band ankle pull up",
        "A person sits on a mat with legs straight. A band runs from a post to the top of one "
        "foot, which pulls up toward the body.",
        **PULL_UP,
        start={"near_leg": bent(-1, -1, end=35)},
        props=(
            Prop("floor"),
            MAT,
            Prop("post", (68, 14)),
            Prop("band", ("near_toe", "near_toe", 68, 7)),
        ),
        arrow=Arrow(arc=(0, 0, 15, 15, 35, 105), of="near_ankle"),
    ),
    Pose(
        "band-ankle-turn-out",
        "Band ankle turn out",
        "Seen from the front: a person sits on a chair with a band round both feet. One foot "
        "turns out against the band.",
        **TURN_OUT,
        start={"near_leg": FRONT_NEAR_LEG},
        props=(
            Prop("floor"),
            SEAT,
            Prop("band", ("near_toe", "far_toe", 0, 3)),
        ),
        arrow=Arrow(arc=(1, 2, 9, 7, 175, 10), of="near_ankle"),
    ),
    Pose(
        "band-ankle-turn-in",
        "Band ankle turn in",
        "Seen from the front: a person sits on a chair. A band runs from a post beside one foot, "
        "which turns in against it.",
        **TURN_IN,
        start={"near_leg": FRONT_NEAR_LEG},
        props=(
            Prop("floor"),
            SEAT,
            Prop("post", (30, 12)),
            Prop("band", ("near_toe", "near_toe", 30, 4)),
        ),
        arrow=Arrow(arc=(-1, 2, 9, 7, 5, 170), of="near_ankle"),
    ),
    Pose(
        "towel-calf-stretch",
        "Towel calf stretch",
        "A person sits on a mat with legs straight and pulls a towel looped round one foot, so "
        "the toes come back.",
        **TOWEL,
        start={"near_leg": LEG_LONG},
        props=(Prop("floor"), MAT, Prop("stick", ("near_hand", "near_toe", 3, 1.5))),
        arrow=Arrow(arc=(0, 0, 15, 15, 70, 112), of="near_ankle"),
    ),
    Pose(
        "foot-roll",
        "Foot roll",
        "A person sits on a chair with one foot on a small ball. A two-way arrow shows the foot "
        "rolling it back and forth.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=reach(25, ANKLE + 7, end=0),
        far_leg=SITTING_FAR_LEG,
        start={"near_leg": reach(31, ANKLE + 7, end=0)},
        props=(Prop("floor"), CHAIR, Prop("ball", (3.6, 3, -5.9), of="near_ankle", behind=False)),
        arrow=Arrow((0, 9), (16, 9), both=True, of="near_ankle"),
    ),
    Pose(
        "toe-point-and-curl",
        "Heel lift, toe point and curl",
        "A person sits on a chair and lifts one heel high, so only the toes touch the floor.",
        **SIT,
        **HANDS_ON_THIGHS,
        near_leg=reach(20, 10.5, end=-57),
        far_leg=SITTING_FAR_LEG,
        start={"near_leg": reach(24, ANKLE, end=0)},
        props=(Prop("floor"), CHAIR),
        arrow=Arrow((-6, 2), (-6, 15), of="near_heel"),
    ),
)
