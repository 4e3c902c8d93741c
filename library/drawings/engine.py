"""The exercise drawings' engine: one figure, posed by data (poses.py), drawn as SVG by code.

draw() turns a pose into the SVG at static/img/exercises/<slug>.svg, always with the same
body proportions, colours and line widths, so a new drawing matches the old ones.
`manage.py draw_illustrations` writes the files; docs/illustrations.md explains the system.

Plain Python on purpose (no Django, nothing from the apps): the drawings are made at
development time and served as static files; only draw_illustrations (and the tests)
import this package.

Pose coordinates are body units, y pointing up, the floor at y = 0. A standing figure is
about 100 units tall. Angles are degrees counter-clockwise from "pointing right". The figure
is drawn from the side facing right (its front is on the clockwise side of its spine), or,
with view="front", from the front (or from above, for a person lying on their back).
"""

import math
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

# --- The body: one set of proportions for every drawing (body units) ---------------------

TORSO = (10, 11, 10)  # hip joint -> waist -> middle of the back -> shoulder joint
NECK = 11.5  # shoulder joint -> centre of the head
HEAD_R = 7.5
UPPER_ARM, FOREARM = 16.5, 14.5  # shoulder -> elbow -> wrist
HAND_R, HAND_REACH = 3.3, 2.5  # the hand is a ball just past the wrist
THIGH, SHIN = 25, 24  # hip -> knee -> ankle
TOE, HEEL = 10, 2.5  # the foot runs from just behind the ankle to the toes
SHOULDER_HALF, HIP_HALF = 8.5, 5  # front view: half the width between the joints
FRONT_FOOT = 5  # front view: a foot seen end-on is short

# Thickness (diameter) of each part; segments are drawn as rounded strokes this wide.
WIDTH = {
    "torso": 15,
    "torso_front": 17,
    "neck": 6.5,
    "upper_arm": 6.5,
    "forearm": 5.5,
    "thigh": 10,
    "shin": 7.5,
    "foot": 5,
}
ANKLE = WIDTH["foot"] / 2  # height of the ankle joint with the foot flat on the floor
STAND = ANKLE + SHIN + THIGH  # height of the hip joint standing straight
LIE = WIDTH["torso"] / 2  # height of the spine lying on the back or face down

# --- Colours: three clearly different greys when printed in black and white ---------------

OUTLINE = "#1c2128"  # every body part has a dark outline ...
SKIN = "#8b95a1"  # ... and a mid-grey fill (58 % lightness)
FAR_SKIN = "#c3c9d0"  # the arm and leg on the far side, lighter so the near ones stand out
START_SKIN, START_LINE = "#e3e6ea", "#7d858f"  # the start position, faint under the end one
HAIR = "#2d333b"  # hair on the back of the head: shows which way the face looks
PROP_FILL = "#d5d9de"  # props: a light fill (85 %), still clearly paler than the figure ...
PROP_LINE = "#4f5761"  # ... with a dark grey line (35 %), so a prop prints in black and white
BAND = "#4b535d"  # a stretchy band: a thin dark line
ARROW = "#17357a"  # the movement: a near-black blue with a white halo
OUTLINE_PX, PROP_LINE_PX = 2.2, 2  # line widths in viewBox units, the same in every drawing
ARROW_PX, ARROW_HEAD_PX, ARROW_HEAD_HALF_PX, HALO_PX = 5, 15, 9, 4

VIEW_W, VIEW_H, MARGIN = 320, 200, 8
# Views square to the body: both shoulders and both hips apart ("back": seen from behind,
# where the near side is the person's right, and the arms are drawn over the back).
SQUARE_VIEWS = ("front", "back")
ROUND = '<g fill="none" stroke-linecap="round" stroke-linejoin="round">'


# --- Pose data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Limb:
    """An arm or a leg: either the angles of its two segments, or a point the wrist or
    ankle reaches for (solved as two bones; `bend` +1 puts the elbow or knee on the
    counter-clockwise side of the line from the shoulder or hip to that point, -1 on the
    clockwise side). `end` is the angle of the hand or foot; `of` makes `to` relative to a
    joint already placed; `shorten` foreshortens the two segments (front views)."""

    angles: tuple = None
    to: tuple = None
    bend: int = 1
    end: float = None
    of: str = None
    shorten: tuple = (1, 1)
    hand: "Hand" = None  # a hand with fingers instead of a ball (close-up drawings)
    # The foot's length from the ankle when it is not the view's usual one: seen from the
    # front, a foot turned out to the side is long (a foot toward the reader is short).
    foot: float = None


def bent(upper, lower, end=None, shorten=(1, 1), hand=None, foot=None):
    return Limb(angles=(upper, lower), end=end, shorten=shorten, hand=hand, foot=foot)


def reach(x, y, bend=1, end=None, of=None, shorten=(1, 1), hand=None, foot=None):
    return Limb(to=(x, y), bend=bend, end=end, of=of, shorten=shorten, hand=hand, foot=foot)


@dataclass(frozen=True)
class Hand:
    """A hand drawn with its fingers, for close-ups of the wrist and hand (Pose.frame).

    Seen from the side (`flat=False`): a palm from the wrist in the direction `end`, then
    the fingers as one bending chain and the thumb; `curl` bends the knuckle, middle and end
    joints toward the palm (90, 90, 60 is a fist). `palm` is the palm's side: -1 clockwise
    of the hand's direction, +1 counter-clockwise. Seen flat (`flat=True`, palm or back of
    the hand to the reader): four fingers fanned `spread` degrees apart, each shortened by
    its `fold` (0 straight, 1 folded out of sight), and the thumb on the `palm` side, at
    `thumb` degrees from the hand (below 0: bent across the palm, drawn over it), or
    reaching to the tip of finger `thumb_to` (0 is the index finger)."""

    curl: tuple = (0, 0, 0)
    palm: int = -1
    flat: bool = False
    spread: float = 0
    fold: tuple = (0, 0, 0, 0)
    thumb: float = 45
    thumb_to: int = None


@dataclass(frozen=True)
class Prop:
    """A thing the exercise uses. `kind` picks the drawing (see prop_shapes()); `at` are its
    numbers in body units, relative to the joint `of` when given."""

    kind: str
    at: tuple = ()
    of: str = None
    behind: bool = True  # drawn before the figure


@dataclass(frozen=True)
class Arrow:
    """The movement: a line or an arc (in body units, relative to the joint `of`), with an
    arrowhead at its end, or at both ends for a to-and-fro movement."""

    start: tuple = None
    end: tuple = None
    arc: tuple = None  # (centre x, centre y, radius x, radius y, from angle, to angle)
    both: bool = False
    of: str = None
    # Two arrows from start and end pointing at each other, stopping `gap` units short of
    # the middle: a squeeze (the buttocks squeeze), not a movement of the body.
    squeeze: bool = False
    gap: float = 4


@dataclass(frozen=True)
class Pose:
    """One exercise's drawing. In a side view "near" limbs are on the reader's side of the
    body, drawn over it; in a front view "near" is the side on the right of the picture."""

    slug: str
    title: str
    alt: str  # what the picture shows, in plain words: the fixture's illustration_alt
    hip: tuple
    torso: tuple  # angles of the three spine segments (or one angle for a straight back)
    head: float  # angle from the shoulder joint to the centre of the head
    near_arm: Limb
    far_arm: Limb
    near_leg: Limb
    far_leg: Limb
    props: tuple = ()
    arrow: Arrow = None
    view: str = "side"  # "side" or "front" (also a view from above onto someone lying)
    lying: str = ""  # "back" or "face_down" for an exercise done lying down
    head_over_arm: bool = False  # the near hand goes behind the head
    # Front view: the head turned to show its profile, 1 looking to the picture's right,
    # -1 to its left (turning the head, "nose toward the armpit").
    head_turn: int = 0
    # A close-up: the part of the picture to show (x0, y0, x1, y1 in body units) instead
    # of the whole figure; what lies outside is cut off.
    frame: tuple = None
    # The start position of a movement, drawn faint under the end position: the fields of
    # this pose that differ at the start (e.g. {"near_leg": bent(-4, -4)}).
    start: dict = None
    # Both shoulder joints moved by (x, y) body units from their place on the spine: up for
    # a shrug, back for shoulders pulled back. The neck and head stay where they are.
    shoulder_shift: tuple = (0, 0)

    @property
    def spine(self):
        return self.torso if isinstance(self.torso, tuple) else (self.torso,) * 3

    @property
    def face(self):
        """Which way the face looks, as a unit vector (y up); None in a front view, where
        the face looks at the reader (up at the ceiling for someone lying on the back)."""
        if self.view in SQUARE_VIEWS:
            return None
        return polar(1, self.head - 90)

    @property
    def looks_down(self):
        face = self.face
        return face is not None and face[1] < -0.5

    @property
    def looks_up(self):
        face = self.face
        return (face is None and self.lying == "back") or (face is not None and face[1] > 0.5)


# --- The 28 poses -------------------------------------------------------------------------

ARMS_AT_SIDES_LYING = dict(near_arm=bent(-14, 0), far_arm=bent(-11, 1))
KNEES_BENT = dict(near_leg=reach(27, ANKLE), far_leg=reach(30, ANKLE))
LEG_STRAIGHT = bent(-4, -4, end=90)  # along the floor, toes pointing up
ON_BACK = dict(hip=(0, LIE), torso=180, head=180, lying="back")


# Starting positions the region modules share (fields of a Pose; add the arms and, where
# the position leaves them free, the legs). See docs/illustrations.md, "Positions".
KNEE_DOWN = bent(270, 180, end=185)  # thigh straight down, shin and foot along the floor
KNEELING = dict(hip=(0, WIDTH["shin"] / 2 + THIGH), torso=90, head=90)  # upright on both knees
HALF_KNEELING = dict(
    **KNEELING,
    near_leg=reach(THIGH, ANKLE, end=0),  # front foot flat, knee bent at a right angle
    far_leg=KNEE_DOWN,  # back knee on the floor under the hip
)
FLOOR_SITTING = dict(hip=(0, 6), torso=88, head=90)  # sitting on the floor, back upright
LEGS_LONG = bent(-1, -1, end=88)  # legs straight out in front along the floor, toes up
# Lying on one side, seen from the front (view="front"): the head on the left, the near
# (upper) arm and leg on top of the far (lower) ones, the face looking at the reader.
SIDE_LYING = dict(
    view="front", lying="side", hip=(0, WIDTH["torso_front"] / 2), torso=180, head=180
)


def mat(x0, x1):
    return Prop("mat", (x0, x1))


def press(joint, gap=9.5, length=17, dx=0):
    """An arrow from above pressing down onto a part of the body."""
    return Arrow((dx, gap + length), (dx, gap), of=joint)


def lift(joint, gap=9.5, length=17, dx=0):
    """An arrow rising from a part of the body."""
    return Arrow((dx, gap), (dx, gap + length), of=joint)


# --- Geometry -----------------------------------------------------------------------------


def polar(length, angle):
    radians = math.radians(angle)
    return (length * math.cos(radians), length * math.sin(radians))


def add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def heading(a, b):
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def two_bones(root, target, first, second, bend):
    """The angles of two segments of lengths first and second from root, ending at target
    (or pointing straight at it, when it is out of reach)."""
    distance = math.dist(root, target)
    base = heading(root, target)
    if distance >= first + second or distance < 1e-6:
        return base, base
    distance = max(distance, abs(first - second) + 1e-6)
    cosine = (first**2 + distance**2 - second**2) / (2 * first * distance)
    upper = base + bend * math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
    middle = add(root, polar(first, upper))
    return upper, heading(middle, target)


def skeleton(pose):
    """Every joint of the posed figure, in body units."""
    joints = {"hip": pose.hip}
    names = ("waist", "chest", "shoulder")
    point = pose.hip
    for name, length, angle in zip(names, TORSO, pose.spine, strict=True):
        point = add(point, polar(length, angle))
        joints[name] = point
    joints["head"] = add(joints["shoulder"], polar(NECK, pose.head))
    # In a side view both arms hang from one shoulder joint and both legs from one hip
    # joint; from the front they are set apart, square to the spine.
    wide = pose.view in SQUARE_VIEWS
    for side, sign in (("near", 1), ("far", -1)):
        joints[f"{side}_shoulder"] = add(
            add(joints["shoulder"], polar(sign * SHOULDER_HALF * wide, pose.spine[2] - 90)),
            pose.shoulder_shift,
        )
        joints[f"{side}_hip"] = add(pose.hip, polar(sign * HIP_HALF * wide, pose.spine[0] - 90))
    for side in ("near", "far"):
        place_limb(joints, pose, side, "leg")
    for side in ("near", "far"):
        place_limb(joints, pose, side, "arm")
    return joints


def place_limb(joints, pose, side, kind):
    limb = getattr(pose, f"{side}_{kind}")
    root = joints[f"{side}_{'shoulder' if kind == 'arm' else 'hip'}"]
    lengths = (UPPER_ARM, FOREARM) if kind == "arm" else (THIGH, SHIN)
    first, second = (length * scale for length, scale in zip(lengths, limb.shorten, strict=True))
    if limb.angles:
        upper, lower = limb.angles
    else:
        target = add(joints[limb.of], limb.to) if limb.of else limb.to
        upper, lower = two_bones(root, target, first, second, limb.bend)
    middle = add(root, polar(first, upper))
    tip = add(middle, polar(second, lower))
    end = lower if limb.end is None else limb.end
    if kind == "arm":
        joints[f"{side}_elbow"], joints[f"{side}_wrist"] = middle, tip
        joints[f"{side}_hand"] = add(tip, polar(HAND_REACH, end))
        if limb.hand:
            place_hand(joints, side, tip, end, limb.hand)
    else:
        toe = limb.foot or (FRONT_FOOT if pose.view in SQUARE_VIEWS else TOE)
        end = 0 if limb.end is None else limb.end
        joints[f"{side}_knee"], joints[f"{side}_ankle"] = middle, tip
        joints[f"{side}_heel"] = add(tip, polar(-HEEL, end))
        joints[f"{side}_toe"] = add(tip, polar(toe, end))


PALM, PALM_W, FINGER_W, THUMB_W = 5, 4.6, 2.3, 2.6  # a hand drawn with its fingers
FINGERS = (3.5, 2.5, 2.0)  # the finger's three parts, seen from the side
FLAT_PALM_W, FLAT_FINGERS, FLAT_FINGER_W = 8, (6.4, 7, 6.6, 5.2), 1.9  # seen flat


def place_hand(joints, side, wrist, angle, hand):
    """The strokes of a hand drawn with fingers (joints[side + "_hand_shape"]) and its named
    points: knuckles, finger tips, thumb tip; the hand's centre becomes joints[side_hand]."""
    strokes = []
    if not hand.flat:
        knuckle = add(wrist, polar(PALM, angle))
        strokes.append(([wrist, knuckle], PALM_W))
        points, point, direction = [knuckle], knuckle, angle
        for length, bend in zip(FINGERS, hand.curl, strict=True):
            direction += hand.palm * bend
            point = add(point, polar(length, direction))
            points.append(point)
        strokes.append((points, FINGER_W))
        base = add(wrist, add(polar(1.6, angle), polar(1.4, angle + 90 * hand.palm)))
        thumb_tip = add(base, polar(3.6, angle + hand.palm * hand.thumb))
        strokes.append(([base, thumb_tip], THUMB_W))
        tips = [point]
        joints[f"{side}_hand"] = add(wrist, polar(PALM * 0.6, angle))
        # Where a fist holds a handle: under the knuckles, on the palm side.
        joints[f"{side}_grip"] = add(knuckle, polar(2.6, angle + 90 * hand.palm))
    else:
        knuckle = add(wrist, polar(PALM, angle))
        strokes.append(([wrist, knuckle], FLAT_PALM_W))
        tips = []
        across = angle + 90 * hand.palm  # from the little finger toward the thumb
        for index, length in enumerate(FLAT_FINGERS):
            root = add(knuckle, polar((1.5 - index) * FLAT_PALM_W / 4, across))
            direction = angle + (1.5 - index) * hand.spread * hand.palm
            tip = add(root, polar(length * (1 - hand.fold[index]), direction))
            strokes.append(([root, tip], FLAT_FINGER_W))
            tips.append(tip)
        base = add(wrist, add(polar(1.5, angle), polar(FLAT_PALM_W / 2 - 0.6, across)))
        if hand.thumb_to is None:
            thumb_tip = add(base, polar(5.2, angle + hand.palm * hand.thumb))
            # A thumb bent across the palm (a negative angle) is drawn over it.
            thumb = [([base, thumb_tip], THUMB_W)]
            joints[f"{side}_hand_over"] = thumb if hand.thumb < 0 else []
            strokes += [] if hand.thumb < 0 else thumb
        else:
            thumb_tip = tips[hand.thumb_to]
            bend = add(base, polar(4.6, angle + hand.palm * 50))
            strokes.append(([base, bend, thumb_tip], THUMB_W))
        joints[f"{side}_hand"] = add(wrist, polar(PALM * 0.55, angle))
    for index, tip in enumerate(tips):
        joints[f"{side}_finger{index}"] = tip
    joints[f"{side}_thumb"] = thumb_tip
    joints[f"{side}_knuckle"] = knuckle
    joints[f"{side}_hand_shape"] = strokes


# --- Shapes (body units) ------------------------------------------------------------------


@dataclass
class Part:
    """Strokes and shapes drawn as one piece: all outlines first, then all fills, so the
    segments of one limb join without a seam while parts overlap with a clear edge."""

    fill: str
    strokes: list = field(default_factory=list)  # (points, width in body units, smooth)
    circles: list = field(default_factory=list)  # (centre, radius)
    marks: list = field(default_factory=list)  # drawn last, no outline: (colour, shape)
    over: list = field(default_factory=list)  # strokes over the filled part, outlined alone
    outline: str = OUTLINE


def limb_part(joints, side, kind, fill):
    part = Part(fill)
    if kind == "leg":
        knee, ankle = joints[f"{side}_knee"], joints[f"{side}_ankle"]
        part.strokes.append(([joints[f"{side}_hip"], knee], WIDTH["thigh"], False))
        part.strokes.append(([knee, ankle], WIDTH["shin"], False))
        part.strokes.append(([joints[f"{side}_heel"], joints[f"{side}_toe"]], WIDTH["foot"], False))
    else:
        elbow = joints[f"{side}_elbow"]
        part.strokes.append(([joints[f"{side}_shoulder"], elbow], WIDTH["upper_arm"], False))
        part.strokes.append(([elbow, joints[f"{side}_wrist"]], WIDTH["forearm"], False))
        if f"{side}_hand_shape" in joints:
            part.strokes += [
                (points, width, False) for points, width in joints[f"{side}_hand_shape"]
            ]
            part.over = [
                (points, width, False) for points, width in joints.get(f"{side}_hand_over", [])
            ]
        else:
            part.circles.append((joints[f"{side}_hand"], HAND_R))
    return part


def torso_part(pose, joints):
    part = Part(SKIN)
    spine = [joints[name] for name in ("hip", "waist", "chest", "shoulder")]
    if pose.view in SQUARE_VIEWS:
        part.strokes.append((spine, WIDTH["torso_front"], True))
        shoulders = [joints["near_shoulder"], joints["far_shoulder"]]
        part.strokes.append((shoulders, WIDTH["upper_arm"], False))
        part.strokes.append(([joints["near_hip"], joints["far_hip"]], 10, False))
    else:
        part.strokes.append((spine, WIDTH["torso"], True))
    part.strokes.append(([joints["shoulder"], joints["head"]], WIDTH["neck"], False))
    return part


def head_part(pose, joints):
    """A ball with hair at the back and, on the face side, a nose and an eye: face up and
    face down look different even on a small, grey print."""
    centre = joints["head"]
    part = Part(SKIN, circles=[(centre, HEAD_R)])
    up = pose.head  # from the neck to the top of the head
    if pose.view == "back":
        # Seen from behind: hair over the whole back of the head, no face.
        part.marks.append((HAIR, "polygon", arc_points(centre, HEAD_R * 0.93, 0, 360)))
    if pose.view == "front" and pose.head_turn:
        # Seen from the front with the head turned: its profile, looking left or right.
        turn = pose.head_turn
        face = up - 90 * turn
        part.circles.append((add(centre, polar(HEAD_R + 0.2, face - 12 * turn)), 2.2))
        hair = (face + 72, face + 228) if turn > 0 else (face - 228, face - 72)
        part.marks.append((HAIR, "polygon", arc_points(centre, HEAD_R, *hair)))
        eye = add(add(centre, polar(HEAD_R * 0.45, face)), polar(HEAD_R * 0.25, up))
        part.marks.append((OUTLINE, "circle", (eye, 1.35)))
        return part
    if pose.view == "front":
        # Seen from the front (or from above): hair along the top, two eyes, a small nose.
        part.marks.append((HAIR, "polygon", arc_points(centre, HEAD_R, up - 62, up + 62)))
        for side in (-1, 1):
            eye = add(centre, add(polar(HEAD_R * 0.05, up), polar(side * 2.8, up - 90)))
            part.marks.append((OUTLINE, "circle", (eye, 1.15)))
        nose = add(centre, polar(-HEAD_R * 0.38, up))
        part.marks.append((OUTLINE, "circle", (nose, 0.8)))
        return part
    face = up - 90
    # Nose: a round bump on the face, a little below the middle.
    part.circles.append((add(centre, polar(HEAD_R + 0.2, face - 12)), 2.2))
    # Hair: the back and top of the head, from the forehead round to the nape.
    part.marks.append((HAIR, "polygon", arc_points(centre, HEAD_R, face + 72, face + 228)))
    eye = add(add(centre, polar(HEAD_R * 0.45, face)), polar(HEAD_R * 0.25, up))
    part.marks.append((OUTLINE, "circle", (eye, 1.35)))
    return part


def arc_points(centre, radius, start, end, step=10, radius_y=None):
    """Points along a circle (or an ellipse, with radius_y) from one angle to another."""
    radius_y = radius if radius_y is None else radius_y
    count = max(2, math.ceil(abs(end - start) / step) + 1)
    points = []
    for index in range(count):
        angle = math.radians(start + (end - start) * index / (count - 1))
        points.append(
            (centre[0] + radius * math.cos(angle), centre[1] + radius_y * math.sin(angle))
        )
    return points


def start_parts(pose):
    """The parts that move, in their start position, faint (drawn under the figure)."""
    if not pose.start:
        return []
    start = replace(pose, **pose.start, start=None)
    joints = skeleton(start)
    parts = []
    moved = set(pose.start)
    for name in ("far_arm", "far_leg", "near_leg", "near_arm"):
        shrug = name.endswith("arm") and "shoulder_shift" in moved
        if name in moved or shrug or {"hip", "torso"} & moved:
            side, kind = name.split("_")
            parts.append(limb_part(joints, side, kind, START_SKIN))
    if {"hip", "torso", "head", "shoulder_shift"} & moved:
        parts += [torso_part(start, joints), head_part(start, joints)]
    for part in parts:
        part.fill, part.outline, part.marks = START_SKIN, START_LINE, []
    return parts


def figure_parts(pose, joints):
    """The figure's parts from back to front."""
    near_arm = limb_part(joints, "near", "arm", SKIN)
    near_leg = limb_part(joints, "near", "leg", SKIN)
    far_arm = limb_part(joints, "far", "arm", FAR_SKIN)
    far_leg = limb_part(joints, "far", "leg", FAR_SKIN)
    torso, head = torso_part(pose, joints), head_part(pose, joints)
    if pose.view in SQUARE_VIEWS:
        # Seen from the front both sides are as near; seen from above, a leg tipped under
        # the other is farther away.
        far_arm.fill = SKIN
        if not pose.lying:
            far_leg.fill = SKIN
        return [far_leg, near_leg, torso, far_arm, near_arm, head]
    if pose.head_over_arm:
        return [far_arm, far_leg, torso, near_leg, near_arm, head]
    return [far_arm, far_leg, torso, head, near_leg, near_arm]


# --- Props (body units; an infinite coordinate reaches the side of the picture) ----------


@dataclass
class Shape:
    """One piece of a prop: a "rect" (two corners), "circle", "polygon", "bar" (a light
    rod with a grey edge, `width` thick), "band" (a thin dark line) or "fit" (not drawn:
    points the picture must show)."""

    kind: str
    points: list
    radius: float = 0
    width: float = 0
    fit: bool = True  # counts for the picture's framing


def rect(x0, y0, x1, y1, radius=0, fit=True):
    return Shape("rect", [(x0, y0), (x1, y1)], radius=radius, fit=fit)


def prop_shapes(prop, joints):
    anchor = joints.get(prop.of, (0, 0)) if prop.of else (0, 0)
    at = prop.at
    kind = prop.kind
    if kind == "mat":
        # An exercise mat on the floor from x0 to x1.
        return [rect(at[0], -5, at[1], 0, radius=2.5)]
    if kind == "mat_above":
        # The mat seen from above, behind a person lying on it: (x0, x1, y0, y1).
        return [rect(at[0], at[2], at[1], at[3], radius=4)]
    if kind == "pillow":
        # A small pillow on the floor: (centre x, height).
        return [rect(at[0] - 12, 0, at[0] + 12, at[1], radius=at[1] / 2)]
    if kind == "floor":
        return []  # drawn across the whole picture by draw()
    if kind == "wall":
        # A wall in front of the figure, reaching the right side; at = (gap from the hand,).
        x = anchor[0] + at[0]
        return [rect(x, -math.inf, math.inf, math.inf, fit=False), Shape("fit", [(x + 6, 0)])]
    if kind == "counter":
        # A kitchen counter in front of the figure, reaching the right side; the hand rests
        # on its front edge. at = (front edge from the hand,).
        x, top = anchor[0] + at[0], anchor[1] - HAND_R
        return [
            rect(x + 2, 0, math.inf, top - 2.5, fit=False),
            rect(x, top - 2.5, math.inf, top, radius=0.8, fit=False),
            Shape("fit", [(x, top), (x + 12, 0)]),
        ]
    if kind == "counter_side":
        # A counter beside the figure, seen end on behind it; the far hand rests on top.
        x0, x1, top = anchor[0] + at[0], anchor[0] + at[1], anchor[1] - HAND_R
        return [rect(x0 + 1.5, 0, x1 - 1.5, top - 2.5), rect(x0, top - 2.5, x1, top, 0.8)]
    if kind == "chair":
        # A plain chair with its back on the left; at = (back x, seat front from the hip).
        back, front = at[0], joints["hip"][0] + at[1]
        seat = joints["hip"][1] - LIE + 0.8
        return [
            rect(back, seat, back + 3, seat + 30, radius=1.2),
            rect(back + 1, 0, back + 3.5, seat),
            rect(front - 3.5, 0, front - 1, seat),
            rect(back, seat - 3, front, seat, radius=1.2),
        ]
    if kind == "roll":
        # A rolled towel lying on the floor across the body: (centre x, radius).
        return [Shape("circle", [(at[0], at[1])], radius=at[1])]
    if kind == "towel":
        # A towel lying flat on the floor, folded up at its far end: (x0, x1).
        return [rect(at[0], 0, at[1], 2.4, radius=1), rect(at[0] - 3, 0, at[0] + 1, 4.5, 2)]
    if kind == "marbles":
        # Marbles on the floor from x, and a cup beyond them: (x, number of marbles).
        x, count = at
        marbles = [Shape("circle", [(x + 4.5 * i, 1.8)], radius=1.8) for i in range(count)]
        cup = x + 4.5 * count + 2
        return [*marbles, rect(cup, 0, cup + 7, 9, radius=1)]
    if kind == "seat":
        # The same plain chair placed by numbers, not by the hip (for a drawing whose end
        # position stands up from it): at = (back x, seat front x, seat height).
        back, front, seat = at
        return [
            rect(back, seat, back + 3, seat + 30, radius=1.2),
            rect(back + 1, 0, back + 3.5, seat),
            rect(front - 3.5, 0, front - 1, seat),
            rect(back, seat - 3, front, seat, radius=1.2),
        ]
    if kind == "chair_front":
        # A chair standing in front of the figure, its back toward it; the hand holds the
        # top of the back. at = (seat depth,).
        x, top = anchor[0], anchor[1] - HAND_R
        seat = 22
        return [
            rect(x - 1.5, 0, x + 1.5, top, radius=1.2),
            rect(x, seat - 3, x + at[0], seat, radius=1.2),
            rect(x + at[0] - 3, 0, x + at[0] - 0.5, seat),
        ]
    if kind == "post":
        # Something solid to tie a band to; at = (x, height).
        return [rect(at[0] - 2, 0, at[0] + 2, at[1], radius=1)]
    if kind == "band":
        # A stretchy band from both hands to a knot at (x, y).
        near, far, x, y = joints[at[0]], joints[at[1]], at[2], at[3]
        return [
            Shape("band", [far, (x, y)], width=1.5),
            Shape("band", [near, (x, y)], width=1.5),
            Shape("circle", [(x, y)], radius=2.2),
        ]
    if kind == "cane":
        # A walking cane held in the hand (`of`), straight down to its tip on the floor or a
        # step: at = (height of the tip,).
        x, y = anchor[0], anchor[1] - HAND_R + 0.5
        return [Shape("bar", [(x, y), (x, at[0] + 1.2)], width=2.6)]
    if kind == "weight":
        # A small dumbbell seen end on, in the hand.
        return [Shape("circle", [anchor], radius=6), Shape("circle", [anchor], radius=2.6)]
    if kind == "stairs":
        # Steps up to the right from x; at = (x, run, rise, number of steps).
        x, run, rise, count = at
        points = [(x, 0)]
        for step in range(count):
            points += [
                (x + step * run, (step + 1) * rise),
                (x + (step + 1) * run, (step + 1) * rise),
            ]
        points[-1] = (math.inf, count * rise)
        points.append((math.inf, 0))
        return [Shape("polygon", points)]
    if kind == "rail":
        # A handrail through (x, y) with the stairs' slope, on two posts.
        x, y, slope = at
        left, right = x - 34, x + 46
        rail = [(left, y + (left - x) * slope), (right, y + (right - x) * slope)]
        posts = [
            Shape("bar", [(px, py), (px, py - 30)], width=2)
            for px, py in (
                (left + 8, y + (left + 8 - x) * slope),
                (right - 14, y + (right - 14 - x) * slope),
            )
        ]
        return [*posts, Shape("bar", rail, width=2.6)]
    if kind == "bike":
        # An upright exercise bike; at = (crank x, crank y, crank radius).
        cx, cy, crank = at
        seat = joints["hip"][1] - LIE + 0.5
        bars = joints["near_hand"]
        shapes = [
            Shape("circle", [(47, 20)], radius=13),
            rect(-14, 0, 16, 3, radius=1.5),
            rect(34, 0, 62, 3, radius=1.5),
            Shape("bar", [(3, 3), (0, seat - 2)], width=4),
            Shape("bar", [(2, 30), (43, 40)], width=4),
            Shape("bar", [(50, 3), (bars[0] - 1, bars[1] - 5)], width=4.5),
            Shape("bar", [(bars[0] - 3, bars[1] - 3), (bars[0] + 4, bars[1] - 1)], width=3.5),
            rect(-8, seat - 3.5, 9, seat, radius=1.7),
            Shape("circle", [(cx, cy)], radius=4.5),
        ]
        for side in ("far", "near"):
            ankle = joints[f"{side}_ankle"]
            pedal = (ankle[0] + 2, ankle[1] - 4)
            shapes.append(Shape("bar", [(cx, cy), pedal], width=2))
            shapes.append(rect(pedal[0] - 4, pedal[1] - 1.2, pedal[0] + 4, pedal[1] + 1.2, 1))
        return shapes
    if kind == "stick":
        # Something held between two joints: a light stick, or a towel (wider), reaching
        # `over` past each end; at = (joint, joint, width, over).
        a, b, width, over = joints[at[0]], joints[at[1]], at[2], at[3]
        length = math.dist(a, b) or 1
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        ends = [(a[0] - ux * over, a[1] - uy * over), (b[0] + ux * over, b[1] + uy * over)]
        return [Shape("bar", ends, width=width)]
    if kind == "seat_front":
        # A chair seat seen from the front, under a person sitting: (half width,).
        seat = joints["hip"][1] - LIE + 0.8
        half = at[0]
        return [
            rect(-half + 1, 0, -half + 3.5, seat - 3),
            rect(half - 3.5, 0, half - 1, seat - 3),
            rect(-half, seat - 3, half, seat, radius=1.2),
        ]
    if kind == "table":
        # A table beside the figure, its top at a height, its end at x: (x0, x1, top).
        x0, x1, top = at
        return [
            rect(x1 - 5.5, 0, x1 - 2, top - 3.5, fit=False),
            rect(x0, top - 3.5, x1, top, radius=1, fit=False),
        ]
    if kind == "ball":
        # A soft ball in the hand, on the palm side: (radius, distance from the hand).
        return [Shape("circle", [add(anchor, at[1:])], radius=at[0])]
    if kind == "small_weight":
        # A small weight in a fist, its end toward the reader: (radius,).
        return [
            Shape("circle", [anchor], radius=at[0]),
            Shape("circle", [anchor], radius=at[0] / 2),
        ]
    if kind == "hammer":
        # A hammer held in the fist: (angle of the handle, length), the head at its end.
        angle, length = at
        top = add(anchor, polar(length, angle))
        head = [
            add(top, add(polar(side * 4.5, angle - 90), polar(end, angle)))
            for side, end in ((-1, -1.6), (1, -1.6), (1, 1.6), (-1, 1.6))
        ]
        return [
            Shape("bar", [add(anchor, polar(-2, angle)), top], width=2.2),
            Shape("polygon", head),
        ]
    if kind == "finger_band":
        # A rubber band across the fingers and thumb near their tips (`of` is the side).
        side = prop.of
        tips = [joints[f"{side}_finger{index}"] for index in range(4)]
        points = [joints[f"{side}_thumb"], *tips]
        inward = [
            add(point, polar(-2, heading(joints[f"{side}_knuckle"], point))) for point in points
        ]
        return [Shape("band", inward, width=1.2)]
    if kind == "stool":
        # A low stool under the heel: at = (half width,); its top just under the heel.
        top = anchor[1] - ANKLE
        return [rect(anchor[0] - at[0], 0, anchor[0] + at[0], top, radius=1.2)]
    if kind == "water":
        # Pool water up to a height, behind the figure across the whole picture: at = (level,).
        return [rect(-math.inf, 0, math.inf, at[0], fit=False)]
    if kind == "water_line":
        # The water's wavy surface, in front of the figure: at = (level,).
        wave = [(x, at[0] + (1.2 if x % 16 else -1.2)) for x in range(-96, 104, 8)]
        return [Shape("band", wave, width=1.5, fit=False)]
    raise ValueError(f"Unknown prop {kind!r}")


def arrow_points(arrow, joints):
    anchor = joints[arrow.of] if arrow.of else (0, 0)
    if arrow.arc:
        cx, cy, rx, ry, start, end = arrow.arc
        return arc_points(add(anchor, (cx, cy)), rx, start, end, step=6, radius_y=ry)
    return [add(anchor, arrow.start), add(anchor, arrow.end)]


# --- Framing and SVG ----------------------------------------------------------------------


def part_bounds(parts):
    xs, ys = [], []
    for part in parts:
        for points, width, _smooth in part.strokes:
            for x, y in points:
                xs += [x - width / 2, x + width / 2]
                ys += [y - width / 2, y + width / 2]
        for (x, y), radius in part.circles:
            xs += [x - radius, x + radius]
            ys += [y - radius, y + radius]
    return min(xs), min(ys), max(xs), max(ys)


def shape_bounds(shapes):
    xs, ys = [], []
    for shape in shapes:
        if not shape.fit:
            continue
        pad = shape.radius if shape.kind == "circle" else shape.width / 2
        for x, y in shape.points:
            if math.isfinite(x):
                xs += [x - pad, x + pad]
            if math.isfinite(y):
                ys += [y - pad, y + pad]
    return xs, ys


@dataclass
class Layout:
    parts: list
    back: list  # prop shapes behind the figure
    front: list  # prop shapes in front of it
    arrow: list  # arrow points
    scale: float
    offset: tuple
    floor: bool

    def to_view(self, point):
        x, y = point
        return (
            self.offset[0] + x * self.scale,
            self.offset[1] - y * self.scale,
        )


def fit(xs, ys):
    """The scale that makes these points fill the picture, inside the margin."""
    return min(
        (VIEW_W - 2 * MARGIN) / (max(xs) - min(xs)),
        (VIEW_H - 2 * MARGIN) / (max(ys) - min(ys)),
    )


def layout(pose):
    """The posed figure, its props and arrow, scaled and centred to fill the picture."""
    joints = skeleton(pose)
    parts = start_parts(pose) + figure_parts(pose, joints)
    back, front = [], []
    for prop in pose.props:
        (back if prop.behind else front).extend(prop_shapes(prop, joints))
    floor = any(prop.kind == "floor" for prop in pose.props)
    arrow = arrow_points(pose.arrow, joints) if pose.arrow else []
    if pose.frame:
        x0, y0, x1, y1 = pose.frame
        scale = fit([x0, x1], [y0, y1])
        offset = (VIEW_W / 2 - scale * (x0 + x1) / 2, VIEW_H / 2 + scale * (y0 + y1) / 2)
        return Layout(parts, back, front, arrow, scale, offset, floor)
    x0, y0, x1, y1 = part_bounds(parts)
    xs, ys = shape_bounds(back + front)
    xs += [x0, x1] + [x for x, _ in arrow]
    ys += [y0, y1] + [y for _, y in arrow]
    if floor:
        ys.append(-2)
    scale = fit(xs, ys)
    if arrow:
        # Arrowheads and their halos reach a few units past the arrow's points.
        room = (ARROW_HEAD_HALF_PX + HALO_PX) / scale
        xs += [x + dx for x, _ in arrow for dx in (-room, room)]
        ys += [y + dy for _, y in arrow for dy in (-room, room)]
        scale = fit(xs, ys)
    left, bottom, right, top = min(xs), min(ys), max(xs), max(ys)
    offset = (
        VIEW_W / 2 - scale * (left + right) / 2,
        VIEW_H / 2 + scale * (bottom + top) / 2,
    )
    return Layout(parts, back, front, arrow, scale, offset, floor)


def figure_box(pose):
    """The figure's bounding box in the picture (x0, y0, x1, y1, in viewBox units)."""
    plan = layout(pose)
    x0, y0, x1, y1 = part_bounds(plan.parts)
    (ax, ay), (bx, by) = plan.to_view((x0, y0)), plan.to_view((x1, y1))
    box = min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
    if pose.frame:  # a close-up: the figure is cut off at the picture's edges
        box = (max(box[0], 0), max(box[1], 0), min(box[2], VIEW_W), min(box[3], VIEW_H))
    return box


def number(value):
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


def clamp_view(point):
    x, y = point
    return (min(max(x, -10), VIEW_W + 10), min(max(y, -10), VIEW_H + 10))


def path_data(points, smooth=False, closed=False):
    """SVG path data through the points (a smooth Catmull-Rom curve when asked)."""
    first = points[0]
    data = [f"M{number(first[0])} {number(first[1])}"]
    if len(points) == 1:
        data.append("l0 0")
    elif smooth and len(points) > 2:
        padded = [points[0], *points, points[-1]]
        for index in range(1, len(padded) - 2):
            p0, p1, p2, p3 = padded[index - 1 : index + 3]
            c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
            c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
            data.append("C" + " ".join(f"{number(x)} {number(y)}" for x, y in (c1, c2, p2)))
    else:
        data += [f"L{number(x)} {number(y)}" for x, y in points[1:]]
    if closed:
        data.append("Z")
    return "".join(data)


def svg_part(part, plan):
    scale = plan.scale
    lines = []
    # Every outline, then every fill; then each stroke that lies over the filled part (a
    # thumb folded across the palm), outlined on its own.
    layers = [(part.strokes, part.circles)] + [([stroke], []) for stroke in part.over]
    for strokes, circles in layers:
        for colour, extra in ((part.outline, OUTLINE_PX), (part.fill, 0)):
            for points, width, smooth in strokes:
                view = [plan.to_view(p) for p in points]
                lines.append(
                    f'<path d="{path_data(view, smooth)}" stroke="{colour}" '
                    f'stroke-width="{number(width * scale + 2 * extra)}"/>'
                )
            for centre, radius in circles:
                x, y = plan.to_view(centre)
                lines.append(
                    f'<circle cx="{number(x)}" cy="{number(y)}" '
                    f'r="{number(radius * scale + extra)}" fill="{colour}"/>'
                )
    for colour, kind, shape in part.marks:
        if kind == "circle":
            (x, y), radius = plan.to_view(shape[0]), shape[1]
            lines.append(
                f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(radius * scale)}" '
                f'fill="{colour}"/>'
            )
        else:
            view = [plan.to_view(p) for p in shape]
            lines.append(f'<path d="{path_data(view, closed=True)}" fill="{colour}"/>')
    return lines


def svg_shape(shape, plan):
    stroke = f'stroke="{PROP_LINE}" stroke-width="{PROP_LINE_PX}"'
    if shape.kind == "rect":
        (ax, ay), (bx, by) = (clamp_view(plan.to_view(p)) for p in shape.points)
        x, y, w, h = min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay)
        radius = f' rx="{number(shape.radius * plan.scale)}"' if shape.radius else ""
        return (
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(w)}" height="{number(h)}"'
            f'{radius} fill="{PROP_FILL}" {stroke}/>'
        )
    if shape.kind == "circle":
        x, y = plan.to_view(shape.points[0])
        return (
            f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(shape.radius * plan.scale)}"'
            f' fill="{PROP_FILL}" {stroke}/>'
        )
    if shape.kind == "polygon":
        view = [clamp_view(plan.to_view(p)) for p in shape.points]
        return f'<path d="{path_data(view, closed=True)}" fill="{PROP_FILL}" {stroke}/>'
    width = shape.width * plan.scale
    data = path_data([plan.to_view(p) for p in shape.points])
    if shape.kind == "band":
        return f'<path d="{data}" stroke="{BAND}" stroke-width="{number(width)}"/>'
    if shape.kind == "bar":
        return (
            f'<path d="{data}" stroke="{PROP_LINE}" '
            f'stroke-width="{number(width + 2 * PROP_LINE_PX)}"/>'
            f'<path d="{data}" stroke="{PROP_FILL}" stroke-width="{number(width)}"/>'
        )
    return ""  # "fit": only frames the picture


def arrow_head(tip, towards):
    """A filled triangle with its point at tip, pointing away from towards."""
    angle = math.atan2(tip[1] - towards[1], tip[0] - towards[0])
    ux, uy = math.cos(angle), math.sin(angle)
    back = (tip[0] - ux * ARROW_HEAD_PX, tip[1] - uy * ARROW_HEAD_PX)
    return [
        tip,
        (back[0] - uy * ARROW_HEAD_HALF_PX, back[1] + ux * ARROW_HEAD_HALF_PX),
        (back[0] + uy * ARROW_HEAD_HALF_PX, back[1] - ux * ARROW_HEAD_HALF_PX),
    ]


def trim(points, length):
    """The line without its last `length` units, so its round end hides under a head."""
    tip = points[-1]
    kept = [p for p in points[:-1] if math.dist(p, tip) > length]
    base = kept[-1] if kept else points[0]
    distance = math.dist(base, tip)
    cut = (
        tip[0] + (base[0] - tip[0]) * length / distance,
        tip[1] + (base[1] - tip[1]) * length / distance,
    )
    return [*kept, cut], base


def arrow_svg(points, both, plan):
    """A dark arrow with a white halo, its heads drawn as paths (no <marker>)."""
    shaft = [plan.to_view(p) for p in points]
    heads = []
    for _ in range(2 if both else 1):
        tip = shaft[-1]
        shaft, base = trim(shaft, ARROW_HEAD_PX - 4)
        heads.append(arrow_head(tip, base))
        shaft.reverse()
    shaft_d = path_data(shaft)
    heads_d = "".join(path_data(head, closed=True) for head in heads)
    return [
        f'<g stroke="#fff" stroke-width="{number(ARROW_PX + 2 * HALO_PX)}">',
        f'<path d="{shaft_d}" fill="none"/>',
        f'<path d="{heads_d}" fill="#fff" stroke-width="{number(2 * HALO_PX)}"/>',
        "</g>",
        f'<path d="{shaft_d}" fill="none" stroke="{ARROW}" stroke-width="{ARROW_PX}"/>',
        f'<path d="{heads_d}" fill="{ARROW}" stroke="{ARROW}" stroke-width="1.5"/>',
    ]


def squeeze_half(outer, points, gap):
    """One of a squeeze's two arrows: from its outer end to `gap` units short of the middle."""
    (ax, ay), (bx, by) = points[0], points[-1]
    middle = ((ax + bx) / 2, (ay + by) / 2)
    length = math.dist(outer, middle)
    stop = (
        middle[0] + (outer[0] - middle[0]) * gap / length,
        middle[1] + (outer[1] - middle[1]) * gap / length,
    )
    return [outer, stop]


def draw(pose):
    """The SVG text of one pose."""
    plan = layout(pose)
    body = []
    if plan.floor:
        _, floor_y = plan.to_view((0, 0))
        body.append(
            f'<rect x="-2" y="{number(floor_y)}" width="{VIEW_W + 4}" '
            f'height="{number(VIEW_H + 2 - floor_y)}" fill="{PROP_FILL}" '
            f'stroke="{PROP_LINE}" stroke-width="{PROP_LINE_PX}"/>'
        )
    for layer in (plan.back, plan.parts, plan.front):
        if not layer:
            continue
        body.append(ROUND)
        for item in layer:
            body += svg_part(item, plan) if isinstance(item, Part) else [svg_shape(item, plan)]
        body.append("</g>")
    if plan.arrow:
        body.append('<g stroke-linecap="round" stroke-linejoin="round">')
        if pose.arrow.squeeze:
            for outer in (plan.arrow[0], plan.arrow[-1]):
                body += arrow_svg(squeeze_half(outer, plan.arrow, pose.arrow.gap), False, plan)
        else:
            body += arrow_svg(plan.arrow, pose.arrow.both, plan)
        body.append("</g>")
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {VIEW_H}" '
        f'width="{VIEW_W}" height="{VIEW_H}" role="img">',
        f"<title>{escape(pose.title)}</title>",
        f"<desc>{escape(pose.alt)}</desc>",
        *[line for line in body if line],
        "</svg>",
    ]
    return "\n".join(lines) + "\n"
