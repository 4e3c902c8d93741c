"""General fitness and walking (fixtures/library/general.json): marching, brisk walking and
walking in water, each the end position over a faint start."""

from .engine import ANKLE, HAND_R, STAND, Arrow, Pose, Prop, bent, reach

STRAIGHT_DOWN = bent(270, 270, end=0)
FLOOR = Prop("floor")
WATER = STAND + 10  # the water's surface: about waist high
WATER_SWIM = 27  # a swimmer's back just breaks the surface

POSES = (
    Pose(
        "marching-in-place",
        "Marching in place",
        "A person holds a counter beside them and lifts one knee, marching in place.",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=bent(280, 30),
        far_arm=reach(9, 2, bend=-1, of="hip", end=0),
        near_leg=bent(-28, 266, end=0),
        far_leg=STRAIGHT_DOWN,
        start={"near_leg": STRAIGHT_DOWN},
        props=(FLOOR, Prop("counter_side", (-6, 22), of="far_hand")),
        arrow=Arrow((10, -20), (10, -4), of="near_knee"),
    ),
    Pose(
        "seated-marching",
        "Seated marching",
        "A person sits near the front of a chair, holds the sides of the seat and lifts one knee, "
        "marching.",
        hip=(0, 29),
        torso=88,
        head=88,
        near_arm=reach(3, 23 + HAND_R, bend=-1, end=-60),
        far_arm=reach(2, 23.5 + HAND_R, bend=-1, end=-60),
        near_leg=bent(22, 272, end=0),
        far_leg=reach(22, ANKLE, end=0),
        start={"near_leg": reach(24, ANKLE, end=0)},
        props=(FLOOR, Prop("chair", (-20, 6))),
        arrow=Arrow((8, -14), (8, 2), of="near_knee"),
    ),
    Pose(
        "brisk-walking",
        "Brisk walking",
        "A person walks with long steps, arms bent and swinging. An arrow points forward.",
        hip=(0, 48.5),
        torso=85,
        head=86,
        near_arm=bent(235, 320),
        far_arm=bent(300, 35),
        near_leg=reach(17, 4, end=20),
        far_leg=reach(-16, 7, end=-35),
        start={"near_leg": reach(-16, 7, end=-35)},
        props=(FLOOR,),
        arrow=Arrow((22, 6), (44, 6), of="chest"),
    ),
    Pose(
        "water-walking",
        "Water walking",
        "A person walks in a pool, the water up to the waist, arms swinging. An arrow points "
        "forward.",
        hip=(0, 50),
        torso=87,
        head=88,
        near_arm=bent(240, 300),
        far_arm=bent(300, 340),
        near_leg=reach(14, 4, end=18),
        far_leg=reach(-13, 7, end=-32),
        start={"near_leg": reach(-13, 7, end=-32)},
        props=(FLOOR, Prop("water", (WATER,)), Prop("water_line", (WATER,), behind=False)),
        arrow=Arrow((22, 10), (44, 10), of="chest"),
    ),
    Pose(
        "swimming",
        "Swimming",
        "A person swims face down in the water, one arm reaching forward and the legs kicking. "
        "An arrow points forward.",
        hip=(0, 20),
        torso=2,
        head=-2,
        lying="face_down",
        near_arm=bent(2, 4, end=4),
        far_arm=bent(245, 215, end=200),
        near_leg=bent(188, 176, end=200),
        far_leg=bent(174, 184, end=160),
        start={"near_arm": bent(250, 220, end=200), "far_arm": bent(5, 5, end=5)},
        props=(Prop("water", (WATER_SWIM,)), Prop("water_line", (WATER_SWIM,), behind=False)),
        arrow=Arrow((8, 16), (30, 16), of="head"),
    ),
)
