"""The neck's poses (fixtures/library/neck.json): close-ups of a person sitting, from the
waist up (Pose.frame), so a small move of the head reads. Seen from the side for moves
forward and back, from the front for tipping and turning to the side."""

from dataclasses import replace

from .engine import (
    ANKLE,
    KNEES_BENT,
    ON_BACK,
    STAND,
    Arrow,
    Hand,
    Pose,
    Prop,
    bent,
    reach,
)

SIT = dict(hip=(0, 29), torso=88)
HANDS_ON_THIGHS = dict(
    near_arm=reach(17, 36, bend=-1, end=-20), far_arm=reach(15, 36.5, bend=-1, end=-20)
)
SITTING_LEGS = dict(near_leg=reach(24, ANKLE, end=0), far_leg=reach(22, ANKLE, end=0))
CHAIR = Prop("chair", (-24, 10))
SIDE_FRAME = (-28, 36, 44, 88)  # waist up, seen from the side
SIDE = dict(**SIT, **SITTING_LEGS, frame=SIDE_FRAME, props=(CHAIR,))

# Seen from the front: thighs toward the reader, arms down by the sides.
FRONT = dict(
    view="front",
    hip=(0, 29),
    torso=90,
    near_leg=bent(-60, 270, shorten=(0.4, 1)),
    far_leg=bent(240, 270, shorten=(0.4, 1)),
    frame=(-40, 30, 40, 87),
    props=(Prop("seat_front", (18,)),),
)
# Standing, seen from the side, from the waist up.
STANDING_SIDE = dict(
    hip=(0, STAND),
    torso=90,
    head=90,
    near_leg=bent(270, 270, end=0),
    far_leg=bent(270, 270, end=0),
    frame=(SIDE_FRAME[0], SIDE_FRAME[1] + STAND - 29, SIDE_FRAME[2], SIDE_FRAME[3] + STAND - 29),
)
ARMS_HANGING = dict(near_arm=bent(272, 274), far_arm=bent(268, 270))
ARM_DOWN_NEAR = bent(275, 268, end=270)
ARM_DOWN_FAR = bent(265, 272, end=270)
PALM_ON_HEAD = Hand(flat=True, spread=4, palm=1)  # a flat hand, fingers spread a little
HOLD_SEAT_FAR = reach(-13, 25, bend=1, end=270)  # the far hand holds the side of the seat

POSES = (
    Pose(
        "chin-tuck-sitting",
        "Sitting chin tuck",
        "A person sits tall. The head slides straight back, so the chin tucks in. An arrow "
        "points back.",
        head=97,
        **HANDS_ON_THIGHS,
        **SIDE,
        start={"head": 80},
        arrow=Arrow((9, 12), (-5, 12), of="head"),
    ),
    Pose(
        "chin-tuck-lying",
        "Lying chin tuck",
        "A person lies on their back with knees bent. The chin nods in toward the throat. An "
        "arrow curls down at the chin.",
        **ON_BACK | {"head": 172},
        near_arm=reach(-7, 17.5, bend=-1, end=0),
        far_arm=reach(-4, 18, bend=-1, end=0),
        **KNEES_BENT,
        start={"head": 186},
        frame=(-60, -8, 20, 42),
        props=(Prop("mat", (-62, 40)), Prop("pillow", (-42.5, 2.5))),
        arrow=Arrow(arc=(0, 0, 12, 12, 60, 5), of="head"),
    ),
    Pose(
        "neck-turn",
        "Neck turn",
        "Seen from the front: a person sits tall and turns the head to look to one side. A "
        "curved arrow goes round the head.",
        **FRONT,
        head=90,
        head_turn=1,
        near_arm=ARM_DOWN_NEAR,
        far_arm=ARM_DOWN_FAR,
        arrow=Arrow(arc=(0, 4, 13, 6, 160, 20), of="head"),
    ),
    Pose(
        "neck-side-bend",
        "Neck side bend",
        "Seen from the front: a person sits tall and tips the head toward one shoulder. A "
        "curved arrow shows the tilt.",
        **FRONT,
        head=66,
        near_arm=ARM_DOWN_NEAR,
        far_arm=ARM_DOWN_FAR,
        start={"head": 90},
        arrow=Arrow(arc=(0, 0, 21, 21, 98, 64), of="shoulder"),
    ),
    Pose(
        "chin-to-chest",
        "Chin to chest",
        "A person sits tall and bends the head forward, chin toward the chest. A curved arrow "
        "points down.",
        head=52,
        **HANDS_ON_THIGHS,
        **SIDE,
        start={"head": 90},
        arrow=Arrow(arc=(0, 0, 21, 21, 86, 46), of="shoulder"),
    ),
    Pose(
        "neck-look-up",
        "Look up",
        "A person sits tall and tips the head back a little to look up. A curved arrow points "
        "up and back.",
        head=108,
        **HANDS_ON_THIGHS,
        **SIDE,
        start={"head": 90},
        arrow=Arrow(arc=(0, 0, 21, 21, 78, 116), of="shoulder"),
    ),
    Pose(
        "forehead-press",
        "Forehead press",
        "A person sits tall with one palm on the forehead. A short arrow shows the head "
        "pushing into the hand, which holds it still.",
        head=90,
        # The palm flat on the forehead, fingers up over the brow; the arrow runs through
        # the head into the palm: the head pushes forward, the hand holds it (a raised hand
        # beside the face, with an arrow behind the head, read as a salute).
        near_arm=reach(10, 1.5, bend=-1, end=118, of="head", hand=PALM_ON_HEAD),
        far_arm=reach(15, 36.5, bend=-1, end=-20),
        **SIDE,
        arrow=Arrow((-13, 5), (5, 5), of="head"),
    ),
    Pose(
        "side-head-press",
        "Side head press",
        "Seen from the front: a person sits tall with one palm on the side of the head. A "
        "short arrow shows the head pushing into the hand.",
        **FRONT,
        head=90,
        near_arm=reach(11.5, 1.5, bend=-1, end=180, of="head"),
        far_arm=ARM_DOWN_FAR,
        arrow=Arrow((-22, 1), (-10, 1), of="head"),
    ),
    Pose(
        "back-of-head-press",
        "Back of head press",
        "A person sits tall with one hand on the back of the head. A short arrow shows the "
        "head pushing back into the hand.",
        head=90,
        # The elbow up behind, the palm cupping the back of the head; the arrow runs back
        # through the head into the palm.
        near_arm=reach(-10, 0, bend=1, end=70, of="head", hand=replace(PALM_ON_HEAD, palm=-1)),
        far_arm=reach(15, 36.5, bend=-1, end=-20),
        head_over_arm=True,
        **SIDE,
        arrow=Arrow((13, 5), (-5, 5), of="head"),
    ),
    Pose(
        "side-neck-stretch",
        "Side neck stretch",
        "Seen from the front: a person sits and holds the chair seat with one hand. The head "
        "tips to the other side, that hand resting on top.",
        **FRONT,
        head=64,
        near_arm=reach(5, 10, bend=-1, end=170, of="head"),
        far_arm=HOLD_SEAT_FAR,
        start={"head": 90, "near_arm": ARM_DOWN_NEAR},
        arrow=Arrow(arc=(0, 0, 22, 22, 100, 70), of="shoulder"),
    ),
    Pose(
        "nose-to-armpit-stretch",
        "Nose to armpit stretch",
        "Seen from the front: a person sits and turns the head halfway. The head bends down "
        "toward the armpit. One hand rests on the back of the head.",
        **FRONT,
        head=52,
        head_turn=1,
        near_arm=reach(2, 10, bend=-1, end=170, of="head"),
        far_arm=HOLD_SEAT_FAR,
        start={"head": 90, "head_turn": 0, "near_arm": ARM_DOWN_NEAR},
        arrow=Arrow(arc=(0, 0, 22, 22, 100, 58), of="shoulder"),
    ),
    Pose(
        "shoulder-rolls",
        "Shoulder rolls",
        "A person sits tall. The shoulder lifts up and rolls back. A curved arrow goes up and "
        "back round the shoulder.",
        head=90,
        **HANDS_ON_THIGHS,
        **SIDE,
        shoulder_shift=(-3, 3),
        start={"shoulder_shift": (0, 0)},
        arrow=Arrow(arc=(-2, -1, 9, 8, 20, 200), of="near_shoulder"),
    ),
    Pose(
        "shoulder-shrugs",
        "Shoulder shrugs",
        "Seen from the front: a person sits tall and lifts both shoulders up toward the ears. "
        "An arrow points up.",
        **FRONT,
        head=90,
        near_arm=ARM_DOWN_NEAR,
        far_arm=ARM_DOWN_FAR,
        shoulder_shift=(0, 4.5),
        start={"shoulder_shift": (0, 0)},
        arrow=Arrow((9, 0), (9, 16), of="near_shoulder"),
    ),
    Pose(
        "standing-shoulder-blade-squeeze",
        "Standing shoulder blade squeeze",
        "A person stands tall. The shoulders pull back and the chest opens. An arrow points "
        "back from the shoulder.",
        **STANDING_SIDE,
        near_arm=bent(262, 272),
        far_arm=bent(258, 268),
        shoulder_shift=(-3.5, 0),
        start={"shoulder_shift": (0, 0), **ARMS_HANGING},
        arrow=Arrow((-4, 0), (-20, 0), of="near_shoulder"),
    ),
)
