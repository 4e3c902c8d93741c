"""The ankles' and feet's poses (fixtures/library/ankles-feet.json)."""

from .engine import ANKLE, HAND_R, STAND, Arrow, Pose, Prop, bent, reach

SIT = dict(hip=(0, 29), torso=88, head=86)
HANDS_ON_THIGHS = dict(
    near_arm=reach(17, 36, bend=-1, end=-20), far_arm=reach(15, 36.5, bend=-1, end=-20)
)
SITTING_FAR_LEG = reach(20, ANKLE, end=0)
CHAIR = Prop("chair", (-24, 6))

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
        props=(Prop("floor"), Prop("counter", (-2,), of="near_hand")),
        arrow=Arrow((5, 2), (5, 17), of="near_toe"),
    ),
)
