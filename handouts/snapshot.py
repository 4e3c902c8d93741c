"""The handout snapshot, typed: every word and number a handout prints.

An issued handout stores its snapshot as JSON (IssuedHandout.snapshot) with a "version".
Every reader (the print template, the preview, the phone page, a patient's export)
reads it through Snapshot.from_dict(), which brings an older version up to the current
one a step at a time, one function per step, so that nothing downstream needs a default
for a key an older handout lacks. to_dict() is what is stored.

The versions:
  1  the first handouts: an exercise's caution was "cautions"; no clinic address or logo.
  2  an exercise's "cautions" became "take_care".
  3  the clinic's "address" (lines) and "logo"; a prescribed exercise lists only its
     ticked choices (the shape is the same).
  4  education "sheets".
  5  an exercise's "picture" (an upload, {"kind", "name"}, or None: the shipped drawing),
     its "exercise_id" (which the phone page's ticks name) and "language"; the snapshot's
     "language", and each sheet's. Older snapshots printed in English.
  6  "when_to_call" (the clinic's reasons to call it and to call the emergency number,
     in the patient's language; None before: no box printed) and "therapist_phone", the
     therapist's direct line ("" when none: the clinic's phone is the one to call).
  7  an exercise's "progression" ({"grows", "start", "step", "every_weeks", "up_to"}, said
     in its dose sentence; the phone page shows this week's number), None before.
  8  "my_week": a filled handout's paper log ({"days": the weekday names in the patient's
     language, "weeks": how many}), None on other modes, when the therapist left it out,
     and before.
  9  a progression's "side" ("leg", "arm", "side" or ""), said with growing times ("Start
     with 5 times with each leg."); "" before, when the side was not printed with them.
"""

import copy
from dataclasses import asdict, dataclass, field, fields

VERSION = 9
ENGLISH = "en"


class UnknownVersion(ValueError):
    """A snapshot from a newer version of rehab than this one."""


@dataclass
class Support:
    name: str
    ticked: bool = False


@dataclass
class Variant:
    when: str
    then: str
    ticked: bool = False


@dataclass
class ExerciseEntry:
    """One exercise as printed: ticked and filled in from the program, or with blanks."""

    name: str
    ticked: bool = False
    exercise_id: int | None = None
    language: str = ENGLISH
    position: str = ""
    # An uploaded picture, {"kind": "drawing" or "photo", "name": storage name}, checked
    # again by handouts.pictures.printable() before it prints; None: the shipped drawing.
    picture: dict | None = None
    illustration: str | None = None
    illustration_alt: str = ""
    steps: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    dose: str = ""
    supports: list[Support] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    note: str = ""
    take_care: str = ""
    benefits: list[str] = field(default_factory=list)
    # A number that grows week by week (library/models/progressions.py), or None.
    progression: dict | None = None


@dataclass
class SheetSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)
    picture: str = ""
    picture_alt: str = ""


@dataclass
class Source:
    title: str
    url: str = ""


@dataclass
class SheetEntry:
    """An education sheet as printed, after the exercises."""

    title: str
    language: str = ENGLISH
    sections: list[SheetSection] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


@dataclass
class ClinicEntry:
    name: str
    phone: str = ""
    address: list[str] = field(default_factory=list)
    logo: str = ""


@dataclass
class WhenToCall:
    """Page 1's box: when to call the clinic, and when the emergency number."""

    call_us: list[str] = field(default_factory=list)
    emergency: list[str] = field(default_factory=list)


@dataclass
class Snapshot:
    mode: str
    clinic: ClinicEntry
    version: int = VERSION
    language: str = ENGLISH
    large_print: bool = False
    paper_size: str = "letter"
    title: str = ""
    intro: list[str] = field(default_factory=list)
    general_instructions: list[str] = field(default_factory=list)
    # Empty on a blank form: it carries nothing about the patient.
    patient: str = ""
    date: str = ""
    therapist: str = ""
    phone: str = ""
    therapist_phone: str = ""
    when_to_call: WhenToCall | None = None
    # The "My week" log at the end of a filled handout: {"days": [...], "weeks": n}.
    my_week: dict | None = None
    frequency: str = ""
    special_instructions: list[str] = field(default_factory=list)
    exercises: list[ExerciseEntry] = field(default_factory=list)
    sheets: list[SheetEntry] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data):
        """The snapshot as stored (any version), upgraded to the current one."""
        data = upgrade(data)
        return cls(
            **_known(cls, data),
            clinic=ClinicEntry(**_known(ClinicEntry, data["clinic"])),
            exercises=[_exercise(entry) for entry in data["exercises"]],
            sheets=[_sheet(entry) for entry in data["sheets"]],
            when_to_call=WhenToCall(**data["when_to_call"]) if data["when_to_call"] else None,
        )

    @classmethod
    def read(cls, snapshot):
        """A Snapshot from either a Snapshot or its stored dict."""
        return snapshot if isinstance(snapshot, cls) else cls.from_dict(snapshot)

    def to_dict(self):
        """Plain JSON, as IssuedHandout.snapshot stores it."""
        return asdict(self)

    def prescribed(self):
        """The exercises the patient was given (ticked), in the printed order."""
        return [exercise for exercise in self.exercises if exercise.ticked]

    def untranslated(self):
        """Names of the exercises and sheets printed in English for a patient who reads
        another language."""
        if self.language == ENGLISH:
            return []
        parts = [*self.exercises, *self.sheets]
        return [
            getattr(part, "name", None) or getattr(part, "title", "")
            for part in parts
            if part.language != self.language
        ]


def _known(cls, data):
    """The keys of `data` that are plain fields of `cls` (nested ones are built apart)."""
    nested = {"clinic", "when_to_call", "exercises", "sheets"}
    nested |= {"supports", "variants", "sections", "sources"}
    names = {f.name for f in fields(cls)} - nested
    return {key: value for key, value in data.items() if key in names}


def _exercise(entry):
    return ExerciseEntry(
        **_known(ExerciseEntry, entry),
        supports=[Support(**_known(Support, s)) for s in entry.get("supports", [])],
        variants=[Variant(**_known(Variant, v)) for v in entry.get("variants", [])],
    )


def _sheet(entry):
    return SheetEntry(
        **_known(SheetEntry, entry),
        sections=[SheetSection(**_known(SheetSection, s)) for s in entry.get("sections", [])],
        sources=[Source(**_known(Source, s)) for s in entry.get("sources", [])],
    )


def _from_1(data):
    for exercise in data["exercises"]:
        exercise["take_care"] = exercise.pop("cautions", "")


def _from_2(data):
    data["clinic"].setdefault("address", [])
    data["clinic"].setdefault("logo", "")


def _from_3(data):
    data["sheets"] = []


def _from_4(data):
    data["language"] = ENGLISH
    for exercise in data["exercises"]:
        exercise.update(picture=None, exercise_id=None, language=ENGLISH)
    for sheet in data["sheets"]:
        sheet["language"] = ENGLISH


def _from_5(data):
    data["when_to_call"] = None
    # The "Phone" printed was the therapist's own when it differed from the clinic's.
    phone = data["phone"]
    data["therapist_phone"] = phone if phone != data["clinic"]["phone"] else ""


def _from_6(data):
    for exercise in data["exercises"]:
        exercise["progression"] = None


def _from_7(data):
    data["my_week"] = None


def _from_8(data):
    for exercise in data["exercises"]:
        if exercise["progression"]:
            exercise["progression"]["side"] = ""


# From version N to N + 1: UPGRADES[N].
UPGRADES = {
    1: _from_1,
    2: _from_2,
    3: _from_3,
    4: _from_4,
    5: _from_5,
    6: _from_6,
    7: _from_7,
    8: _from_8,
}


def upgrade(data):
    """A copy of a stored snapshot dict brought up to VERSION, one step at a time. A
    snapshot without a version is from the first handouts (version 1)."""
    data = copy.deepcopy(data)
    version = data.get("version", 1)
    if version > VERSION:
        raise UnknownVersion(f"Handout snapshot version {version}; this rehab reads {VERSION}.")
    while version < VERSION:
        UPGRADES[version](data)
        version += 1
    data["version"] = VERSION
    return data
