"""The shoulders' poses (fixtures/library/shoulders.json): each movement drawn as its end
position over a faint start position (Pose.start), with the arrow between.

Lying on the side is the engine's SIDE_LYING, seen from the front: the body lies along the
mat with the top shoulder and hip above the bottom ones, and the face looks at the reader.
Rotations of the arm with the elbow at the side are seen from the front too: the forearm
pointing forward is short, pointing out to the side it is long."""

from .engine import (
    ANKLE,
    HAND_R,
    LEG_STRAIGHT,
    ON_BACK,
    SIDE_LYING,
    STAND,
    Arrow,
    Pose,
    Prop,
    bent,
    mat,
    reach,
    skeleton,
)

STANDING = dict(hip=(0, STAND), torso=90, head=90)
FRONT = dict(view="front", **STANDING)
FRONT_LEGS = dict(near_leg=bent(272, 270, end=-40), far_leg=bent(268, 270, end=220))
SIDE_LEGS = dict(near_leg=reach(5, ANKLE, end=0), far_leg=reach(-4, ANKLE, end=0))
FRONT_ARM_DOWN = dict(near=bent(272, 271), far=bent(268, 269))
SIDE_ARMS_DOWN = dict(near_arm=bent(272, 276), far_arm=bent(268, 272))
FLOOR = Prop("floor")
ELBOW_IN = bent(266, 0)  # front view: the upper arm down at the side (forearm set per pose)
HALF = 0.6  # a forearm half turned toward the reader
# Lying on the side (SIDE_LYING: "near" limbs are the top ones), the head tipped up a little
# on its pillow.
ON_SIDE = SIDE_LYING | {"head": 156}
SIDE_LYING_LEGS = dict(
    near_leg=bent(-6, 4, end=-60, shorten=(0.85, 1)),
    far_leg=bent(0, -2, end=-70, shorten=(0.85, 1)),
)
DOOR_HEIGHT = 112
SHELF = (29.5, 75 + HAND_R)  # the hand resting on a counter about chest high (armpit stretch)
SLEEPER_ARM = bent(0, 60, shorten=(0.3, 1))  # the bottom arm in front, the forearm pushed down


def hold(joint, dx=0, dy=0, bend=1, shorten=(1, 1), **fields):
    """A near hand on a joint of the far arm, which is placed after it: the point is
    worked out from the pose's other fields first."""
    placeholder = bent(270, 270)
    joints = skeleton(Pose("", "", "", near_arm=placeholder, **fields))
    x, y = joints[joint]
    return reach(x + dx, y + dy, bend=bend, shorten=shorten)


def elbow_in(forearm, shorten=HALF):
    """An arm with the elbow at the side, the forearm at this angle (front view)."""
    return bent(266, forearm, shorten=(1, shorten))


POSES = (
    Pose(
        "pendulum",
        "Pendulum",
        "A person bends forward with one hand on a table. The other arm hangs down and swings "
        "in a small circle.",
        hip=(-13, 50),
        torso=24,
        head=12,
        near_arm=bent(280, 280),
        far_arm=reach(46, 52, bend=-1, end=-20),
        near_leg=reach(-3, ANKLE, end=0),
        far_leg=reach(-17, ANKLE, end=0),
        start={"near_arm": bent(270, 270)},
        props=(FLOOR, Prop("counter_side", (-12, 16), of="far_hand")),
        arrow=Arrow(arc=(0, -36, 11, 4, 200, 510), of="shoulder"),
    ),
    Pose(
        "crossover-arm-stretch",
        "Cross-body arm stretch",
        "A person stands and holds one arm across the chest with the other hand. The faint arm "
        "shows where it started, at the side.",
        **FRONT,
        **FRONT_LEGS,
        far_arm=bent(-16, 0),
        near_arm=reach(5, 76.5, bend=-1, shorten=(0.7, 0.7)),
        start={"far_arm": bent(268, 269)},
        props=(FLOOR,),
        arrow=Arrow(arc=(0, 0, 38, 38, 250, 332), of="far_shoulder"),
    ),
    Pose(
        "towel-stretch-behind-back",
        "Towel stretch behind the back",
        "Seen from behind: a person holds a towel down the back, one hand behind the neck and "
        "one at the low back. An arrow shows the low hand sliding up.",
        view="back",
        **STANDING,
        **FRONT_LEGS,
        near_arm=bent(84, 246),
        far_arm=bent(244, 12),
        start={"far_arm": bent(252, -12)},
        props=(FLOOR, Prop("stick", ("near_hand", "far_hand", 5, 5), behind=False)),
        arrow=Arrow((14, 56), (14, 74)),
    ),
    Pose(
        "stick-external-rotation",
        "Turning the arm out with a stick",
        "A person stands and holds a stick in front with both hands. The stick pushes the sore "
        "hand out to the side, elbow at the waist.",
        **FRONT,
        **FRONT_LEGS,
        near_arm=elbow_in(8, 0.8),
        far_arm=bent(274, 20, shorten=(1, 0.7)),
        start={"near_arm": elbow_in(270, 0.25), "far_arm": bent(274, 270, shorten=(1, 0.25))},
        props=(FLOOR, Prop("stick", ("far_hand", "near_hand", 2.6, 7), behind=False)),
        arrow=Arrow((0, -9), (22, -9), of="near_elbow"),
    ),
    Pose(
        "sleeper-stretch",
        "Sleeper stretch",
        "A person lies on one side. The lower arm is bent up in front, and the top hand pushes "
        "its wrist down toward the bed.",
        **ON_SIDE,
        **SIDE_LYING_LEGS,
        far_arm=SLEEPER_ARM,
        near_arm=hold(
            "far_wrist",
            1.5,
            3,
            shorten=(0.6, 0.6),
            **ON_SIDE,
            **SIDE_LYING_LEGS,
            far_arm=SLEEPER_ARM,
        ),
        props=(mat(-62, 58), Prop("pillow", (-44, 6))),
        arrow=Arrow(arc=(0, 0, 24, 24, 98, 40), of="far_elbow"),
    ),
    Pose(
        "doorway-rotation-stretch",
        "Doorway stretch for turning the arm out",
        "Seen from the front: a person stands with one elbow at the waist and the palm on a door "
        "frame. A curved arrow shows the body turning away from the hand.",
        **FRONT,
        **FRONT_LEGS,
        near_arm=elbow_in(4, 0.85),
        far_arm=FRONT_ARM_DOWN["far"],
        props=(FLOOR, Prop("wall", (3.5,), of="near_hand")),
        arrow=Arrow(arc=(-2, 2, 20, 7.5, 340, 130), of="chest"),
    ),
    Pose(
        "lying-assisted-arm-raise",
        "Lying arm raise with help",
        "A person lies on their back. One hand holds the other forearm and lifts that arm up "
        "and back over the head.",
        **ON_BACK,
        near_arm=bent(122, 126),
        far_arm=reach(-4.5, 5.5, bend=-1, of="near_elbow"),
        near_leg=LEG_STRAIGHT,
        far_leg=bent(-3, -3, end=86),
        start={"near_arm": bent(-12, -2), "far_arm": bent(-9, 0)},
        props=(mat(-62, 62),),
        arrow=Arrow(arc=(0, 0, 40, 40, 18, 104), of="shoulder"),
    ),
    Pose(
        "wall-walk",
        "Wall walk",
        "A person faces a wall and walks both hands up it. The faint arms show the start, at "
        "shoulder height.",
        hip=(-3, STAND - 0.5),
        torso=80,
        head=82,
        **SIDE_LEGS,
        near_arm=bent(46, 50, end=75),
        far_arm=bent(43, 48, end=75),
        start={
            "near_arm": reach(24, 80, bend=-1, end=85),
            "far_arm": reach(23.5, 78, bend=-1, end=85),
        },
        props=(FLOOR, Prop("wall", (3.5,), of="near_hand")),
        arrow=Arrow((8.5, -30), (8.5, -3), of="near_hand"),
    ),
    Pose(
        "band-external-rotation",
        "Turning the arm out with a band",
        "Seen from the front: a person stands beside a door with a band tied at elbow height. "
        "The elbow stays at the side as the hand turns out.",
        **FRONT,
        **FRONT_LEGS,
        near_arm=elbow_in(8, 0.75),
        far_arm=FRONT_ARM_DOWN["far"],
        start={"near_arm": elbow_in(180, 0.55)},
        props=(
            FLOOR,
            Prop("post", (-34, DOOR_HEIGHT)),
            Prop("band", ("near_hand", "near_hand", -34, 68), behind=False),
        ),
        arrow=Arrow(arc=(0, 0, 15, 7, 205, 335), of="near_elbow"),
    ),
    Pose(
        "band-internal-rotation",
        "Turning the arm in with a band",
        "Seen from the front: a person stands beside a door with a band tied at elbow height. "
        "The hand pulls the band in across the belly.",
        **FRONT,
        **FRONT_LEGS,
        near_arm=elbow_in(182, 0.55),
        far_arm=FRONT_ARM_DOWN["far"],
        start={"near_arm": elbow_in(8, 0.75)},
        props=(
            FLOOR,
            Prop("post", (40, DOOR_HEIGHT)),
            Prop("band", ("near_hand", "near_hand", 40, 68), behind=False),
        ),
        arrow=Arrow(arc=(0, 0, 15, 7, 335, 205), of="near_elbow"),
    ),
    Pose(
        "side-arm-raise",
        "Side arm raise",
        "Seen from the front: a person stands and lifts a small weight in each hand out to the "
        "sides, up to shoulder height.",
        **FRONT,
        **FRONT_LEGS,
        near_arm=bent(2, 2),
        far_arm=bent(178, 178),
        start={"near_arm": FRONT_ARM_DOWN["near"], "far_arm": FRONT_ARM_DOWN["far"]},
        props=(
            FLOOR,
            Prop("weight", of="near_hand", behind=False),
            Prop("weight", of="far_hand", behind=False),
        ),
        arrow=Arrow(arc=(0, 0, 40, 40, -74, -12), of="near_shoulder"),
    ),
    Pose(
        "front-arm-raise",
        "Front arm raise",
        "A person stands and lifts a small weight in each hand straight out in front, up to "
        "shoulder height.",
        **STANDING,
        **SIDE_LEGS,
        near_arm=bent(0, 0),
        far_arm=bent(3, 3),
        start=SIDE_ARMS_DOWN,
        props=(
            FLOOR,
            Prop("weight", of="near_hand", behind=False),
            Prop("weight", of="far_hand"),
        ),
        arrow=Arrow(arc=(0, 0, 40, 40, -76, -12), of="shoulder"),
    ),
    Pose(
        "overhead-arm-raise",
        "Overhead arm raise",
        "Seen from the front: a person stands with a small weight in each hand. The arms push "
        "up from the shoulders to over the head.",
        **FRONT,
        **FRONT_LEGS,
        near_arm=bent(78, 90),
        far_arm=bent(102, 90),
        start={"near_arm": bent(-40, 92), "far_arm": bent(220, 88)},
        props=(
            FLOOR,
            Prop("weight", of="near_hand", behind=False),
            Prop("weight", of="far_hand", behind=False),
        ),
        arrow=Arrow((12, -24), (12, -2), of="near_hand"),
    ),
    Pose(
        "sitting-chest-stretch",
        "Sitting chest stretch",
        "A person sits tall near the front of a chair with both arms reaching back. The chest "
        "pushes forward.",
        hip=(0, 29),
        torso=(86, 92, 98),
        head=90,
        near_arm=bent(218, 206),
        far_arm=bent(214, 202),
        near_leg=reach(24, ANKLE, end=0),
        far_leg=reach(22, ANKLE, end=0),
        start={"near_arm": bent(266, 275), "far_arm": bent(264, 272)},
        props=(FLOOR, Prop("chair", (-24, 6))),
        arrow=Arrow((9, 0), (24, 0), of="chest"),
    ),
    Pose(
        "sitting-arm-raises",
        "Sitting arm raises",
        "Seen from the front: a person sits on a stool and lifts both straight arms out to the "
        "sides and up over the head.",
        view="front",
        hip=(0, 28),
        torso=90,
        head=90,
        near_arm=bent(72, 74),
        far_arm=bent(108, 106),
        near_leg=bent(-20, 272, end=-40, shorten=(0.3, 1)),
        far_leg=bent(200, 268, end=220, shorten=(0.3, 1)),
        start={"near_arm": FRONT_ARM_DOWN["near"], "far_arm": FRONT_ARM_DOWN["far"]},
        props=(FLOOR, Prop("counter_side", (-19, 19), of="hip")),
        arrow=Arrow(arc=(0, 0, 40, 40, -72, 60), of="near_shoulder"),
    ),
    Pose(
        "side-lying-external-rotation",
        "Side-lying arm turn out",
        "Seen from the front: a person lies on one side, the top elbow bent at the waist. The "
        "top hand lifts a small weight up from the belly.",
        **ON_SIDE,
        **SIDE_LYING_LEGS,
        far_arm=bent(182, 120, shorten=(0.5, 0.6)),  # the bottom arm under the pillow
        near_arm=bent(-8, 90),
        start={"near_arm": bent(-8, 268, shorten=(1, 0.45))},
        props=(
            mat(-62, 58),
            Prop("pillow", (-44, 6)),
            Prop("ball", (2.6, -1, -5), of="near_elbow"),  # the towel roll under the elbow
            Prop("weight", of="near_hand", behind=False),
        ),
        arrow=Arrow(arc=(0, 0, 9, 15, -75, 70), of="near_elbow"),
    ),
    Pose(
        "stick-stretch-behind-back",
        "Stick stretch behind the back",
        "Seen from behind: a person holds a stick level behind the back with both hands. An "
        "arrow shows the stick pulled across to one side.",
        view="back",
        **STANDING,
        **FRONT_LEGS,
        near_arm=reach(0, 46, bend=1),
        far_arm=reach(-20, 46, bend=-1),
        start={"near_arm": reach(9, 45, bend=1), "far_arm": reach(-11, 45, bend=-1)},
        props=(FLOOR, Prop("stick", ("far_hand", "near_hand", 2.6, 6), behind=False)),
        arrow=Arrow((10, 38), (-16, 38)),
    ),
    Pose(
        "armpit-stretch",
        "Armpit stretch",
        "A person stands with one arm resting on a counter at chest height. The knees bend and "
        "the body sinks, so the armpit opens. An arrow points down.",
        hip=(-2, STAND - 3),
        torso=84,
        head=86,
        near_arm=reach(SHELF[0], SHELF[1], bend=-1, end=0),
        far_arm=bent(268, 272),
        near_leg=reach(5, ANKLE, end=0),
        far_leg=reach(-3, ANKLE, end=0),
        start={
            "hip": (0, STAND),
            "torso": 90,
            "head": 90,
            "near_leg": reach(5, ANKLE, end=0),
            "far_leg": reach(-3, ANKLE, end=0),
        },
        props=(FLOOR, Prop("counter", (-9,), of="near_hand")),
        arrow=Arrow((-14, 2), (-14, -16), of="chest"),
    ),
)
