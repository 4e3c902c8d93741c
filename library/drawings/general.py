"""General fitness and walking (fixtures/library/general.json): marching, brisk walking and
walking in water, each the end position over a faint start."""

from .engine import ANKLE, HAND_R, STAND, Arrow, Pose, Prop, bent, reach

STRAIGHT_DOWN = bent(270, 270, end=0)
# Stairs with a cane: steps up to the right, the cane and the sore leg on the first step.
RISE, RUN, FIRST = 8, 22, -12
CANE_HAND = (8, 57)
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
    Pose(
        "walking-with-a-cane",
        "Walking with a cane",
        "A person walks with a cane in one hand. The cane and the other leg move forward "
        "together. An arrow points forward.",
        hip=(0, 49.5),
        torso=86,
        head=88,
        near_arm=reach(12, 52, bend=-1, end=270),
        far_arm=bent(280, 285),
        near_leg=reach(-12, 5, end=-25),
        far_leg=reach(14, ANKLE + 0.5, end=8),
        start={"far_leg": reach(-11, 6, end=-28)},
        props=(FLOOR, Prop("cane", (0,), of="near_hand", behind=False)),
        arrow=Arrow((22, 6), (42, 6), of="chest"),
    ),
    Pose(
        "stairs-with-a-cane",
        "Stairs with a cane",
        "A person goes up stairs holding a rail and a cane. The strong leg steps up first; the "
        "cane and the other leg stay on the lower step. An arrow points up the stairs.",
        hip=(3, 57.5),
        torso=84,
        head=86,
        near_arm=reach(*CANE_HAND, bend=-1, end=270),
        far_arm=reach(20, 80, bend=-1, end=20),
        near_leg=reach(FIRST + RUN + 8, 2 * RISE + ANKLE, end=0),
        far_leg=reach(-2, RISE + ANKLE, end=0),
        start={"near_leg": reach(2, RISE + ANKLE, end=0)},
        props=(
            Prop("stairs", (FIRST, RUN, RISE, 3)),
            Prop("rail", (20, 80 - HAND_R, RISE / RUN)),
            Prop("cane", (RISE,), of="near_hand", behind=False),
        ),
        arrow=Arrow((10, 4), (28, 4 + 18 * RISE / RUN), of="near_knee"),
    ),
    Pose(
        "dancing",
        "Dancing",
        "Seen from the front: a person steps to the side with arms swinging up. Faint: feet "
        "together at the start. An arrow shows the step from side to side.",
        view="front",
        hip=(3, STAND - 1),
        torso=88,
        head=92,
        near_arm=bent(18, 75),
        far_arm=bent(225, 255),
        near_leg=reach(20, ANKLE, end=-30),
        far_leg=bent(266, 270, end=220),
        start={
            "hip": (0, STAND),
            "torso": 90,
            "head": 90,
            "near_arm": bent(272, 271),
            "far_arm": bent(268, 269),
            "near_leg": bent(272, 270, end=-40),
            "far_leg": bent(268, 270, end=220),
        },
        props=(FLOOR,),
        arrow=Arrow((-22, 6), (30, 6), both=True),
    ),
)
