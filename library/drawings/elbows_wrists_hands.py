"""The elbows', wrists' and hands' poses (fixtures/library/elbows-wrists-hands.json).

The wrist and the fingers move too little to read on a whole figure, so most of these are
close-ups (Pose.frame) of a person sitting with the forearm on a table, and the hand is
drawn with its fingers (engine.Hand): a fist round a small weight, a flat hand."""

from .engine import ANKLE, HAND_R, LIE, STAND, Arrow, Hand, Pose, Prop, bent, press, reach

SIT = dict(hip=(0, 29), torso=88, head=88)
LEGS = dict(near_leg=reach(24, ANKLE, end=0), far_leg=reach(22, ANKLE, end=0))
FAR_ARM_DOWN = bent(271, 0, end=0)  # on the table too, behind the near arm
TABLE = Prop("table", (8, 14, 40.8), behind=False)  # the forearm lies on it, the hand past its end
ON_TABLE = 272, 0  # upper arm hanging, forearm along the table top
CLOSE = (-2, 31, 36, 54.5)  # the forearm and the hand on the table


def on_table(end, hand):
    return bent(*ON_TABLE, end=end, hand=hand)


FIST_DOWN = Hand(curl=(80, 80, 45), palm=-1, thumb=70)  # palm down, round a weight
FIST_UP = Hand(curl=(80, 80, 45), palm=1, thumb=70)  # palm up
TABLE_POSE = dict(**SIT, **LEGS, frame=CLOSE)
WEIGHT = Prop("small_weight", (4.2,), of="near_grip")
# A straight arm held out with the other hand reaching its hand: drawn a little short, as
# if pointing a little toward the reader, so the other hand (from the same shoulder in a
# side view) can reach past it.
REACHED = (0.78, 0.78)
HAND_FRAME = (3, 70, 35, 92)  # the hand held up in front, forearm upright
ARMREST = 38  # the top of a chair's armrest (chair dips)
THUMB_UP = Hand(flat=True, palm=1, thumb=18)  # seen side on: the back of the hand, thumb on top

POSES = (
    Pose(
        "wrist-lift-palm-down",
        "Wrist lift, palm down",
        "A close-up: a forearm rests on a table, palm down, the hand holding a small "
        "weight. The hand lifts up at the wrist.",
        **TABLE_POSE,
        near_arm=on_table(50, FIST_DOWN),
        far_arm=on_table(50, FIST_DOWN),
        start={"near_arm": on_table(-60, FIST_DOWN)},
        props=(TABLE, WEIGHT),
        arrow=Arrow(arc=(0, 0, 12.5, 12.5, -55, 40), of="near_wrist"),
    ),
    Pose(
        "wrist-curl-palm-up",
        "Wrist curl, palm up",
        "A close-up: a forearm rests on a table, palm up, the hand holding a small weight. "
        "The hand curls up at the wrist.",
        **TABLE_POSE,
        near_arm=on_table(55, FIST_UP),
        far_arm=on_table(55, FIST_UP),
        start={"near_arm": on_table(-55, FIST_UP)},
        props=(TABLE, WEIGHT),
        arrow=Arrow(arc=(0, 0, 12.5, 12.5, -50, 45), of="near_wrist"),
    ),
    Pose(
        "slow-wrist-lowering",
        "Slow wrist lowering",
        "A close-up: a forearm rests on a table, palm down, holding a small weight. The hand "
        "lowers slowly from up to down.",
        **TABLE_POSE,
        near_arm=on_table(-60, FIST_DOWN),
        far_arm=on_table(-60, FIST_DOWN),
        start={"near_arm": on_table(45, FIST_DOWN)},
        props=(TABLE, WEIGHT),
        arrow=Arrow(arc=(0, 0, 12.5, 12.5, 35, -55), of="near_wrist"),
    ),
    Pose(
        "wrist-hold-press",
        "Wrist hold press",
        "A close-up: a forearm rests on a table, palm down. The other hand presses down on "
        "the back of the hand, which holds still.",
        **TABLE_POSE,
        near_arm=on_table(8, Hand(curl=(10, 10, 5), palm=-1, thumb=15)),
        far_arm=reach(2.5, 4, bend=-1, end=-10, of="near_knuckle"),
        props=(TABLE,),
        arrow=press("far_hand", gap=5, length=10),
    ),
    Pose(
        "wrist-extensor-stretch",
        "Back of wrist stretch",
        "Arms out in front: the wrist bends down and the other hand presses the back of the "
        "hand toward the body.",
        **SIT,
        **LEGS,
        near_arm=bent(-3, -3, end=-80, shorten=REACHED, hand=Hand(curl=(15, 15, 10), thumb=20)),
        far_arm=reach(5.8, -0.5, bend=-1, end=-90, of="near_wrist"),
        start={"near_arm": bent(-3, -3, end=-3, shorten=REACHED, hand=Hand(thumb=20))},
        frame=(-12, 34, 46, 72),
        props=(Prop("chair", (-24, 10)),),
        arrow=Arrow(arc=(0, 0, 12, 12, -5, -70), of="near_wrist"),
    ),
    Pose(
        "wrist-flexor-stretch",
        "Palm side wrist stretch",
        "Arms out in front: the hand bends back with the fingers up. The other hand pulls the "
        "fingers back toward the body.",
        **SIT,
        **LEGS,
        near_arm=bent(-3, -3, end=80, shorten=REACHED, hand=Hand(thumb=20)),
        far_arm=reach(5.6, 13, bend=-1, end=-90, of="near_wrist"),
        start={"near_arm": bent(-3, -3, end=-3, shorten=REACHED, hand=Hand(thumb=20))},
        frame=(-12, 34, 46, 72),
        props=(Prop("chair", (-24, 10)),),
        arrow=Arrow(arc=(0, 0, 12, 12, 5, 72), of="near_wrist"),
    ),
    Pose(
        "forearm-turn",
        "Forearm turn",
        "Seen from the front: a person sits, elbow bent at the side, holding a hammer "
        "upright. The hammer turns to one side.",
        view="front",
        hip=(0, 29),
        torso=90,
        head=90,
        near_arm=bent(272, 300, shorten=(1, 0.3)),
        far_arm=bent(268, 272, end=270),
        near_leg=bent(-60, 270, shorten=(0.4, 1)),
        far_leg=bent(240, 270, shorten=(0.4, 1)),
        frame=(-30, 30, 45, 79),
        props=(
            Prop("seat_front", (18,)),
            Prop("hammer", (90, 19), of="near_hand", behind=False),
            Prop("hammer", (25, 19), of="near_hand", behind=False),
        ),
        arrow=Arrow(arc=(0, 0, 24, 24, 80, 35), of="near_hand"),
    ),
    Pose(
        "elbow-bend-straighten",
        "Elbow bend and straighten",
        "A person stands tall. The arm starts straight down and bends at the elbow until the "
        "hand touches the shoulder.",
        hip=(0, STAND),
        torso=90,
        head=90,
        near_arm=bent(300, 119),
        far_arm=bent(265, 268),
        near_leg=bent(270, 270, end=0),
        far_leg=bent(270, 270, end=0),
        start={"near_arm": bent(300, 300)},
        frame=(-30, 44, 40, 104),
        arrow=Arrow(arc=(0, 0, 13, 13, -55, 95), of="near_elbow"),
    ),
    Pose(
        "ball-squeeze",
        "Ball squeeze",
        "A close-up: a hand holds a soft ball. The fingers close around it and squeeze.",
        **TABLE_POSE,
        near_arm=on_table(-5, Hand(curl=(55, 75, 50), palm=-1, thumb=75)),
        far_arm=on_table(-5, Hand(curl=(55, 75, 50), palm=-1, thumb=75)),
        start={"near_arm": on_table(-5, Hand(curl=(20, 20, 10), palm=-1, thumb=40))},
        props=(TABLE, Prop("ball", (4.4, 1, -2.4), of="near_grip")),
        arrow=Arrow(arc=(0, 0, 9.5, 9.5, 40, -60), of="near_knuckle"),
    ),
    Pose(
        "finger-spread-band",
        "Finger spread with a band",
        "A close-up: a hand with a rubber band round the fingers. The fingers and thumb "
        "spread apart.",
        **SIT,
        **LEGS,
        near_arm=bent(0, 90, hand=Hand(flat=True, palm=1, spread=11, thumb=55)),
        far_arm=FAR_ARM_DOWN,
        start={"near_arm": bent(0, 90, hand=Hand(flat=True, palm=1, thumb=12))},
        frame=HAND_FRAME,
        props=(Prop("finger_band", of="near", behind=False),),
        arrow=Arrow((-7, 10.5), (7, 10.5), of="near_knuckle", both=True),
    ),
    Pose(
        "tendon-glides",
        "Tendon glides",
        "A close-up seen from the side: a hand starts with straight fingers and closes them "
        "into a fist.",
        **SIT,
        **LEGS,
        near_arm=bent(0, 90, end=90, hand=Hand(curl=(90, 100, 75), palm=-1, thumb=15)),
        far_arm=FAR_ARM_DOWN,
        start={"near_arm": bent(0, 90, end=90, hand=Hand(palm=-1, thumb=15))},
        frame=HAND_FRAME,
        arrow=Arrow(arc=(0, 0, 8, 8, 110, 5), of="near_knuckle"),
    ),
    Pose(
        "thumb-to-fingertips",
        "Thumb to fingertips",
        "A close-up: a hand held up, palm toward the viewer. The thumb bends to touch the tip "
        "of the first finger, making an O.",
        **SIT,
        **LEGS,
        near_arm=bent(
            0, 90, hand=Hand(flat=True, palm=1, spread=5, fold=(0.4, 0, 0, 0), thumb_to=0)
        ),
        far_arm=FAR_ARM_DOWN,
        start={"near_arm": bent(0, 90, hand=Hand(flat=True, palm=1, spread=5, thumb=50))},
        frame=HAND_FRAME,
        arrow=Arrow(arc=(0, 0, 9, 9, 200, 120), of="near_hand"),
    ),
    Pose(
        "wrist-side-to-side",
        "Wrist side to side",
        "A close-up: a forearm rests on a table, thumb on top. The hand moves up and down at "
        "the wrist.",
        **TABLE_POSE,
        near_arm=on_table(28, THUMB_UP),
        far_arm=on_table(28, THUMB_UP),
        start={"near_arm": on_table(-28, THUMB_UP)},
        props=(TABLE,),
        arrow=Arrow(arc=(0, 0, 15, 15, -28, 30), of="near_wrist", both=True),
    ),
    Pose(
        "finger-lifts",
        "Finger lifts",
        "Close-up from the side: a hand lies flat on a table. One finger lifts up off the table.",
        **SIT,
        **LEGS,
        near_arm=on_table(0, Hand(curl=(-40, 0, 0), palm=-1, thumb=10)),
        far_arm=on_table(0, Hand(palm=-1, thumb=10)),
        start={"near_arm": on_table(0, Hand(palm=-1, thumb=10))},
        frame=(4, 31, 42, 54.5),
        props=(Prop("table", (8, 40, 40.8), behind=False),),
        arrow=Arrow(arc=(0, 0, 11, 11, 8, 52), of="near_knuckle"),
    ),
    Pose(
        "thumb-bends",
        "Thumb bends",
        "Close-up: an open hand, palm to the front, fingers up. The thumb bends across the palm "
        "toward the little finger. A curved arrow shows the way.",
        **SIT,
        **LEGS,
        near_arm=bent(0, 90, hand=Hand(flat=True, palm=1, spread=3, thumb=-100)),
        far_arm=FAR_ARM_DOWN,
        start={"near_arm": bent(0, 90, hand=Hand(flat=True, palm=1, spread=3, thumb=45))},
        frame=HAND_FRAME,
        arrow=Arrow(arc=(-3.4, -3, 7, 7, 140, 15), of="near_hand"),
    ),
    Pose(
        "overhead-elbow-straightening",
        "Overhead elbow straightening",
        "A person sits tall with one arm raised beside the head, the other hand holding it "
        "near the elbow. The forearm straightens up from behind the head.",
        **SIT,
        **LEGS,
        near_arm=bent(96, 92, end=92),
        far_arm=reach(1.5, -3, bend=-1, end=100, of="near_elbow"),
        start={"near_arm": bent(96, 252, end=252)},
        props=(Prop("chair", (-24, 6)), Prop("weight", of="near_hand", behind=False)),
        arrow=Arrow(arc=(0, 0, 12, 12, 240, 110), of="near_elbow"),
        head_over_arm=True,
    ),
    Pose(
        "chair-dips",
        "Chair dips",
        "A person sits in a chair with armrests, hands on the armrests. The arms push the body "
        "up off the seat. An arrow points up.",
        hip=(2, 35),
        torso=82,
        head=84,
        near_arm=reach(4, ARMREST + HAND_R, bend=-1, end=0),
        far_arm=reach(3, ARMREST + HAND_R, bend=-1, end=0),
        near_leg=reach(25, ANKLE, end=0),
        far_leg=reach(23, ANKLE, end=0),
        start={"hip": (0, 29), "torso": 86, "head": 88},
        props=(
            Prop("floor"),
            Prop("seat", (-22, 7, 29 - LIE + 0.8)),
            Prop("table", (-14, 10, ARMREST)),
        ),
        arrow=Arrow((0, 4), (0, 20), of="waist"),
    ),
)
