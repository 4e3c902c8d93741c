"""A clinic's library moved as one zip: export_library / import_library and the two admin
pages. Round trip into a fresh clinic, idempotent re-import, hostile archives refused with
nothing changed, other clinics and the base library untouched, who may."""

import io
import json
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from PIL import Image

from audit.models import Action, AuditEvent
from core.models import StoredFile
from core.uploads import clean_image
from library import transfer as library
from library.models import (
    Exercise,
    ExerciseBenefit,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariant,
    MovementTag,
    Protocol,
    ProtocolItem,
)
from library.transfer import LibraryError, describe, export_library, import_library
from tests.factories import (
    BodyRegionFactory,
    ClinicFactory,
    ExerciseFactory,
    MovementTagFactory,
    SupportOptionFactory,
    TherapistFactory,
    UserFactory,
)
from tests.helpers import CSS_BYPASSES, PLAIN_DRAWING

pytestmark = pytest.mark.django_db

DRAWING = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<path d="M1 1 L9 9" stroke="black"/></svg>'
)
PART_MODELS = (ExerciseStep, ExerciseTip, ExerciseBenefit, ExerciseVariant)


def picture(kind="PNG", size=(40, 30), color=(200, 120, 40)):
    """A picture as an admin upload stores it: through clean_image."""
    raw = io.BytesIO()
    Image.new("RGB", size, color).save(raw, kind)
    return clean_image(SimpleUploadedFile(f"upload.{kind.lower()}", raw.getvalue())).read()


@pytest.fixture
def base_exercise(db):
    return ExerciseFactory(name="Bridge", slug="bridge")


@pytest.fixture
def own_library(clinic, base_exercise):
    """The Harbor clinic's own exercises: one with every kind of part and a photo, and a
    customised copy of the base bridge; a protocol using one of each and the base."""
    flexion = MovementTagFactory(name="Spinal flexion", slug="spinal-flexion")
    head = SupportOptionFactory(name="Head and neck", slug="head-neck")
    back = BodyRegionFactory(name="Back", slug="back")
    tuck = ExerciseFactory(
        clinic=clinic,
        name="Chin tuck on the wall",
        slug="chin-tuck-wall",
        summary="Helps you stand tall.",
        position="standing",
        kind="posture",
        reps=8,
        work_up_to_reps=20,
        take_care="Stop if your neck hurts.",
        step__text="Stand with your back to a wall.",
        step__order=1,
    )
    tuck.photo.save("x.jpg", io.BytesIO(picture("JPEG")), save=False)
    tuck.picture = "photo"
    tuck.save()
    ExerciseStep.objects.create(exercise=tuck, order=2, text="Tuck your chin in.")
    ExerciseTip.objects.create(exercise=tuck, order=1, text="Look straight ahead.")
    ExerciseVariant.objects.create(
        exercise=tuck, order=1, when="If your chin tilts up", instruction="Tuck it in."
    )
    tuck.movement_tags.set([flexion])
    tuck.support_options.set([head])
    tuck.regions.set([back])
    copy = ExerciseFactory(
        clinic=clinic, based_on=base_exercise, name="Bridge (Harbor)", slug="bridge", reps=12
    )
    copy.photo.save("y.png", io.BytesIO(picture("PNG")), save=False)
    copy.drawing.save("z.svg", io.BytesIO(DRAWING), save=False)
    copy.illustration = ""
    copy.save()
    exercises = [tuck, copy]
    protocols = []
    base_only = ExerciseFactory(name="Wall slide", slug="wall-slide")
    protocol = Protocol.objects.create(
        clinic=clinic, name="Harbor posture", slug="harbor-posture", intro="Stand tall."
    )
    for order, exercise in enumerate([tuck, copy, base_only], start=1):
        ProtocolItem.objects.create(protocol=protocol, exercise=exercise, order=order)
    # A template saved from a program keeps its own dose, variant, supports and note.
    item = protocol.items.get(exercise=tuck)
    item.own_dose, item.reps, item.note = True, 5, "Slowly at first."
    item.variant = tuck.variants.get()
    item.save()
    item.supports.set([head])
    protocols.append(protocol)
    # A therapist's private template stays out of the clinic's library.
    therapist = TherapistFactory(clinic=clinic)
    private = Protocol.objects.create(
        clinic=clinic, owner=therapist, name="Alice's knees", slug="alices-knees"
    )
    ProtocolItem.objects.create(protocol=private, exercise=tuck, order=1)
    return {"exercises": exercises, "protocols": protocols}


def fields_of(row, exclude):
    """The row's fields without the excluded ones nor the English columns of translated
    fields (name_en), which repeat the field itself (name)."""
    data = model_to_dict(row, exclude=exclude)
    return {key: value for key, value in data.items() if not key.endswith("_en")}


def described(clinic):
    """Everything about the clinic's library that should survive a move, without ids."""
    exercises = {}
    for exercise in Exercise.objects.filter(clinic=clinic):
        data = fields_of(exercise, ["id", "clinic", "photo", "drawing"])
        data["based_on"] = exercise.based_on.slug if exercise.based_on else None
        for name in ("regions", "movement_tags", "support_options"):
            data[name] = sorted(row.slug for row in getattr(exercise, name).all())
        for model in PART_MODELS:
            data[model.__name__] = [
                fields_of(part, ["id", "exercise"])
                for part in model.objects.filter(exercise=exercise)
            ]
        for name in ("photo", "drawing"):
            stored = getattr(exercise, name, None)
            data[name] = stored.read() if stored else None
        exercises[exercise.slug] = data
    protocols = {}
    for protocol in Protocol.objects.filter(clinic=clinic, owner=None):
        data = fields_of(protocol, ["id", "clinic"])
        data["items"] = [
            {
                **fields_of(item, ["id", "protocol", "exercise", "variant"]),
                "exercise": item.exercise.slug,
                "own": item.exercise.clinic_id == clinic.pk,
                "variant": item.variant.when if item.variant else None,
                "supports": sorted(support.slug for support in item.supports.all()),
            }
            for item in protocol.items.all()
        ]
        protocols[protocol.slug] = data
    return {"exercises": exercises, "protocols": protocols}


def exported(clinic):
    archive, _ = export_library(clinic)
    return archive.read()


def everything():
    """Every row an import could touch, and every stored file: to show nothing changed."""
    rows = [
        sorted(model_to_dict(row).items(), key=str)
        for model in (Exercise, *PART_MODELS, Protocol, ProtocolItem, MovementTag)
        for row in model.objects.order_by("pk")
    ]
    return rows, files()


def files():
    return sorted(StoredFile.objects.values_list("name", flat=True))


def rezipped(data, change=None, extra=None, drop=()):
    """The archive with its manifest changed by `change(manifest)` and members added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(source.read(library.MANIFEST))
    if change:
        change(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(library.MANIFEST, json.dumps(manifest))
        for name in source.namelist():
            if name != library.MANIFEST and name not in drop:
                target.writestr(name, source.read(name))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


# Round trip ------------------------------------------------------------------------------


def test_export_then_import_into_a_fresh_clinic_gives_the_same_library(clinic, own_library):
    tuck = own_library["exercises"][0]
    tuck.name_es = "Mentón hacia atrás contra la pared"  # the Spanish travels too
    tuck.save()
    data = exported(clinic)
    fresh = ClinicFactory(name="Sister clinic")
    summary = import_library(io.BytesIO(data), clinic=fresh)
    assert summary["exercises_created"] == 2
    assert summary["protocols_created"] == len(own_library["protocols"])
    before, after = described(clinic), described(fresh)
    assert after == before
    assert Exercise.objects.get(clinic=fresh, slug=tuck.slug).name_es == tuck.name_es
    # The pictures are re-encoded on import, as an upload is; a flat picture Pillow wrote
    # comes back as it was stored, in a file of its own.
    tuck = Exercise.objects.get(clinic=fresh, slug="chin-tuck-wall")
    assert tuck.photo.read() == own_library["exercises"][0].photo.read()
    assert tuck.photo.name != own_library["exercises"][0].photo.name
    copy = Exercise.objects.get(clinic=fresh, slug="bridge")
    assert copy.drawing.read() == DRAWING
    assert copy.picture == "drawing" and tuck.picture == "photo"
    # The customised copy still points at the base exercise, which is unchanged.
    copy = Exercise.objects.get(clinic=fresh, slug="bridge")
    assert copy.based_on == Exercise.objects.get(clinic=None, slug="bridge")


def test_export_then_delete_then_import_restores_the_clinic(clinic, own_library):
    before = described(clinic)
    data = exported(clinic)
    Protocol.objects.filter(clinic=clinic).delete()
    Exercise.objects.filter(clinic=clinic).delete()
    assert described(clinic)["exercises"] == {}
    import_library(io.BytesIO(data), clinic=clinic)
    assert described(clinic) == before


def test_the_export_names_base_exercises_and_copies_none(clinic, own_library):
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(exported(clinic))).read("library.json"))
    assert manifest["base_exercises"] == ["wall-slide"]
    assert sorted(e["slug"] for e in manifest["exercises"]) == ["bridge", "chin-tuck-wall"]
    assert [p["slug"] for p in manifest["protocols"]] == ["harbor-posture"]  # not the private
    first, _, last = manifest["protocols"][0]["items"]
    assert last["exercise"] == "wall-slide"
    assert first["exercise"] == "chin-tuck-wall"
    assert first["reps"] == 5 and first["own_dose"] is True
    assert first["variant"] == "If your chin tilts up"
    assert first["supports"] == ["head-neck"]


def test_protocol_items_use_the_clinics_copy_else_the_base(clinic, own_library):
    fresh = ClinicFactory(name="Sister clinic")
    import_library(io.BytesIO(exported(clinic)), clinic=fresh)
    protocol = Protocol.objects.get(clinic=fresh, slug="harbor-posture")
    exercises = [item.exercise for item in protocol.items.order_by("order")]
    assert [(e.slug, e.clinic) for e in exercises] == [
        ("chin-tuck-wall", fresh),
        ("bridge", fresh),
        ("wall-slide", None),
    ]
    assert not Protocol.objects.filter(clinic=fresh, slug="alices-knees").exists()


def test_the_export_holds_only_the_clinics_own_rows(clinic, own_library, other_clinic):
    ExerciseFactory(clinic=other_clinic, name="Hilltop secret", slug="hilltop-secret")
    archive = zipfile.ZipFile(io.BytesIO(exported(clinic)))
    manifest = json.loads(archive.read("library.json"))
    assert manifest["format"] == 1
    assert manifest["clinic"] == clinic.name
    assert {e["slug"] for e in manifest["exercises"]} == {"bridge", "chin-tuck-wall"}
    assert sorted(archive.namelist()) == [
        "library.json",
        "pictures/bridge/drawing.svg",
        "pictures/bridge/photo.png",
        "pictures/chin-tuck-wall/photo.jpg",
    ]
    tuck = next(e for e in manifest["exercises"] if e["slug"] == "chin-tuck-wall")
    assert tuck["movement_tags"] == ["spinal-flexion"]
    assert tuck["support_options"] == ["head-neck"]
    assert [step["text"] for step in tuck["steps"]][1] == "Tuck your chin in."
    # The text's other languages travel beside it (none written here).
    assert tuck["variants"] == [
        {
            "order": 1,
            "when": "If your chin tilts up",
            "when_es": None,
            "instruction": "Tuck it in.",
            "instruction_es": None,
        }
    ]
    assert next(e for e in manifest["exercises"] if e["slug"] == "bridge")["based_on"] == "bridge"


def test_importing_twice_creates_no_duplicates(clinic, own_library):
    data = exported(clinic)
    fresh = ClinicFactory(name="Sister clinic")
    import_library(io.BytesIO(data), clinic=fresh)
    rows, stored = everything()
    updated_at = dict(Exercise.objects.filter(clinic=fresh).values_list("slug", "updated_at"))
    second = import_library(io.BytesIO(data), clinic=fresh)
    # Nothing in it differs from what the first import wrote: nothing was updated.
    assert second["exercises_created"] == second["exercises_updated"] == 0
    assert second["exercises_unchanged"] == 2
    assert second["protocols_created"] == second["protocols_updated"] == 0
    assert second["protocols_unchanged"] == 1
    assert describe(second) == (
        "nothing changed: its 3 exercises and protocols were already as in this archive."
    )
    assert (
        dict(Exercise.objects.filter(clinic=fresh).values_list("slug", "updated_at")) == updated_at
    )
    assert Exercise.objects.filter(clinic=fresh).count() == 2
    assert files() == stored  # the same pictures were not stored again
    assert described(fresh) == described(clinic)
    assert ExerciseStep.objects.filter(exercise__clinic=fresh).count() == 3


def test_an_import_updates_in_place_and_replaces_parts(clinic, own_library):
    data = exported(clinic)
    tuck = own_library["exercises"][0]
    pk = tuck.pk
    tuck.name = "Changed here"
    tuck.save()
    ExerciseStep.objects.create(exercise=tuck, order=3, text="A step added after the export.")
    summary = import_library(io.BytesIO(data), clinic=clinic)
    assert (summary["exercises_updated"], summary["exercises_unchanged"]) == (1, 1)
    # The protocol ticks a variant of the exercise whose parts were replaced: the variant
    # was updated in place, so the protocol still ticks it and is unchanged.
    assert describe(summary) == (
        "0 exercises created, 1 updated, 0 protocols created, 0 updated, 2 unchanged."
    )
    assert Protocol.objects.get(slug="harbor-posture").items.get(exercise=tuck).variant
    tuck = Exercise.objects.get(clinic=clinic, slug="chin-tuck-wall")
    assert tuck.pk == pk
    assert tuck.name == "Chin tuck on the wall"
    assert [step.text for step in tuck.steps.all()] == [
        "Stand with your back to a wall.",
        "Tuck your chin in.",
    ]


def test_other_clinics_and_the_base_stay_as_they_were(clinic, own_library, other_clinic):
    theirs = ExerciseFactory(clinic=other_clinic, name="Their tuck", slug="chin-tuck-wall")
    base_before = model_to_dict(Exercise.objects.get(clinic=None, slug="bridge"))
    theirs_before = model_to_dict(theirs)
    data = exported(clinic)
    import_library(io.BytesIO(data), clinic=ClinicFactory(name="Sister clinic"))
    import_library(io.BytesIO(data), clinic=clinic)
    assert model_to_dict(Exercise.objects.get(pk=theirs.pk)) == theirs_before
    assert model_to_dict(Exercise.objects.get(clinic=None, slug="bridge")) == base_before


def test_the_import_is_audited(clinic, own_library, clinic_admin):
    data = exported(clinic)
    import_library(io.BytesIO(data), clinic=clinic, user=clinic_admin.user)
    event = AuditEvent.objects.filter(action=Action.LIBRARY_IMPORTED).get()
    assert event.clinic_id == clinic.pk
    assert event.actor == clinic_admin.user
    assert (
        "nothing changed: its 3 exercises and protocols were already as in this archive."
    ) in event.detail
    assert AuditEvent.objects.filter(action=Action.LIBRARY_EXPORTED, clinic=clinic).count() == 1


# Hostile and malformed archives --------------------------------------------------------


def raw_zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def declared_huge(data, name):
    """The archive with `name`'s headers claiming 2 GB uncompressed (the bytes stay small)."""
    data = bytearray(data)
    huge = (2 * 1024**3).to_bytes(4, "little")
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    local = member.header_offset
    data[local + 22 : local + 26] = huge  # the local header's uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name.encode():
            data[central + 24 : central + 28] = huge  # the central directory's
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def bomb():
    """A picture member of 4 MB of zeros, compressed a thousandfold."""
    return b"\0" * (4 * 1024 * 1024)


SCRIPT = b"<script>alert(1)</script></svg>"
OUTSIDE = b'<image href="https://example.com/x.png"/><path'


def drop_first_exercise_slug(manifest):
    manifest["exercises"][0]["slug"] = "../../etc"


HOSTILE = {
    "not a zip": (lambda data: b"This is not a zip file at all.", "not a zip archive"),
    "path traversal": (
        lambda data: rezipped(data, extra={"../evil.txt": "x"}),
        "unsafe name",
    ),
    "absolute path": (lambda data: rezipped(data, extra={"/etc/passwd": "x"}), "unsafe name"),
    "backslashes": (lambda data: rezipped(data, extra={"pictures\\..\\x": "x"}), "unsafe name"),
    "a member not named by the manifest": (
        lambda data: rezipped(data, extra={"pictures/extra/photo.png": picture()}),
        "does not name",
    ),
    "a 2 GB member declared": (
        lambda data: declared_huge(rezipped(data), "pictures/bridge/photo.png"),
        "too large",
    ),
    "a compression bomb": (
        lambda data: rezipped(data, extra={"pictures/zeros/photo.png": bomb()}),
        "compressed suspiciously well",
    ),
    "no manifest": (lambda data: raw_zip({"readme.txt": "hello"}), "no library.json"),
    "a manifest that is not JSON": (
        lambda data: raw_zip({"library.json": "{not json"}),
        "not valid JSON",
    ),
    "an unknown format version": (
        lambda data: rezipped(data, lambda m: m.update(format=99)),
        "format 99",
    ),
    "an unknown top field": (
        lambda data: rezipped(data, lambda m: m.update(surprise=1)),
        "fields this install does not know: surprise",
    ),
    "an unknown exercise field": (
        lambda data: rezipped(data, lambda m: m["exercises"][0].update(script="x")),
        "fields this install does not know: script",
    ),
    "an unknown step field": (
        lambda data: rezipped(data, lambda m: m["exercises"][0]["steps"][0].update(x=1)),
        "steps 1 has fields this install does not know: x",
    ),
    "text where a number belongs": (
        lambda data: rezipped(data, lambda m: m["exercises"][1].update(reps="ten")),
        "reps has the wrong type",
    ),
    "a number where text belongs": (
        lambda data: rezipped(data, lambda m: m["exercises"][1].update(name=12)),
        "name has the wrong type",
    ),
    "a list where parts belong": (
        lambda data: rezipped(data, lambda m: m["exercises"][1].update(steps="Lie down")),
        "steps must be a list",
    ),
    "a name over the field's length": (
        lambda data: rezipped(data, lambda m: m["exercises"][1].update(name="x" * 81)),
        "at most 80 characters",
    ),
    "a step over the field's length": (
        lambda data: rezipped(data, lambda m: m["exercises"][1]["steps"][0].update(text="x" * 401)),
        "at most 400 characters",
    ),
    "reps out of range": (
        lambda data: rezipped(data, lambda m: m["exercises"][1].update(reps=1000)),
        "reps",
    ),
    "a slug that is a path": (
        lambda data: rezipped(data, drop_first_exercise_slug),
        "must be a slug",
    ),
    "a photo that is not a picture": (
        lambda data: rezipped(
            data, drop=["pictures/bridge/photo.png"], extra={"pictures/bridge/photo.png": b"<svg/>"}
        ),
        "not one, or it is damaged",
    ),
    "an SVG with script": (
        lambda data: rezipped(
            data,
            drop=["pictures/bridge/drawing.svg"],
            extra={"pictures/bridge/drawing.svg": DRAWING.replace(b"</svg>", SCRIPT)},
        ),
        "It contains a <script> element.",
    ),
    "an SVG linking outside": (
        lambda data: rezipped(
            data,
            drop=["pictures/bridge/drawing.svg"],
            extra={"pictures/bridge/drawing.svg": DRAWING.replace(b"<path", OUTSIDE)},
        ),
        "links outside the drawing",
    ),
    "a drawing that is not an SVG": (
        lambda data: rezipped(
            data,
            drop=["pictures/bridge/drawing.svg"],
            extra={"pictures/bridge/drawing.svg": b"<html><body>hi</body></html>"},
        ),
        "not an SVG drawing",
    ),
    "a drawing that is a PNG": (
        lambda data: rezipped(
            data,
            lambda m: m["exercises"][0].update(drawing="pictures/bridge/drawing.png"),
            extra={"pictures/bridge/drawing.png": picture()},
        ),
        "unexpected file",
    ),
    "a chosen picture missing": (
        lambda data: rezipped(
            data,
            lambda m: m["exercises"][1].update(photo=None),
            drop=["pictures/chin-tuck-wall/photo.jpg"],
        ),
        "Upload a photo, or choose to show the drawing.",
    ),
    "a picture named for another exercise": (
        lambda data: rezipped(
            data,
            lambda m: m["exercises"][0].update(photo="pictures/chin-tuck-wall/photo.jpg"),
        ),
        "unexpected file",
    ),
    "a movement tag unknown here": (
        lambda data: rezipped(
            data, lambda m: m["exercises"][1].update(movement_tags=["lifting-overhead"])
        ),
        "movement tags this install does not have: lifting-overhead",
    ),
    "a support unknown here": (
        lambda data: rezipped(data, lambda m: m["exercises"][1].update(support_options=["arms"])),
        "this install does not have: arms",
    ),
    "a base exercise's slug": (
        lambda data: rezipped(data, lambda m: m["exercises"][0].update(based_on=None)),
        "slug of an exercise in this install's base library",
    ),
    "a base exercise missing here": (
        lambda data: rezipped(data, lambda m: m.update(base_exercises=["no-such-exercise"])),
        "does not have: no-such-exercise",
    ),
    "a protocol using an exercise unknown here": (
        lambda data: rezipped(
            data, lambda m: m["protocols"][0]["items"][0].update(exercise="no-such-exercise")
        ),
        "neither in this archive nor in this install's base library",
    ),
    "a protocol item's variant unknown here": (
        lambda data: rezipped(
            data, lambda m: m["protocols"][0]["items"][0].update(variant="If it rains")
        ),
        "has no variant 'If it rains'",
    ),
    "an unknown protocol field": (
        lambda data: rezipped(data, lambda m: m["protocols"][0].update(owner="alice")),
        "fields this install does not know: owner",
    ),
    "the same exercise twice": (
        lambda data: rezipped(data, lambda m: m["exercises"].append(m["exercises"][1])),
        "comes twice",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_or_malformed_archive_is_refused_and_changes_nothing(
    case, clinic, own_library, other_clinic
):
    make, message = HOSTILE[case]
    data = make(exported(clinic))
    target = ClinicFactory(name="Sister clinic")
    ExerciseFactory(clinic=target, name="Already here", slug="chin-tuck-wall", reps=3)
    ExerciseFactory(clinic=other_clinic, name="Theirs", slug="bridge-theirs")
    before = everything()
    with pytest.raises(LibraryError) as refused:
        import_library(io.BytesIO(data), clinic=target)
    assert message in str(refused.value)
    assert everything() == before


def test_the_first_exercise_is_not_kept_when_a_later_one_fails(clinic, own_library):
    """All or nothing: the first exercise (valid) is rolled back with the second."""

    def break_the_last(manifest):
        manifest["exercises"][-1]["name"] = ""

    data = rezipped(exported(clinic), break_the_last)
    target = ClinicFactory(name="Sister clinic")
    before = everything()
    with pytest.raises(LibraryError, match="name"):
        import_library(io.BytesIO(data), clinic=target)
    assert everything() == before
    assert not Exercise.objects.filter(clinic=target).exists()


def test_too_many_members_are_refused(clinic, own_library, monkeypatch):
    monkeypatch.setattr(library, "MAX_MEMBERS", 3)
    data = rezipped(exported(clinic), extra={"a.txt": "1", "b.txt": "2"})
    with pytest.raises(LibraryError, match="holds 6 files; a library holds at most 3"):
        import_library(io.BytesIO(data), clinic=clinic)


def test_a_member_larger_than_its_header_says_is_refused(clinic, own_library):
    """The reader stops at the cap, whatever the header declared."""
    archive = library.Archive(io.BytesIO(exported(clinic)))
    with pytest.raises(LibraryError, match="larger than its header says"):
        archive.read("pictures/bridge/photo.png", 10)


def test_a_photo_with_metadata_is_stored_without_it(clinic, own_library):
    """A JPEG carrying EXIF (a camera's, with GPS) is re-encoded, as an upload is."""
    raw = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", (20, 20), (10, 20, 30)).save(raw, "JPEG", exif=exif)
    data = rezipped(
        exported(clinic),
        drop=["pictures/chin-tuck-wall/photo.jpg"],
        extra={"pictures/chin-tuck-wall/photo.jpg": raw.getvalue()},
    )
    fresh = ClinicFactory(name="Sister clinic")
    import_library(io.BytesIO(data), clinic=fresh)
    stored = Exercise.objects.get(clinic=fresh, slug="chin-tuck-wall").photo.read()
    assert stored != raw.getvalue()
    with Image.open(io.BytesIO(stored)) as image:
        assert "exif" not in image.info


SECRET = b"12 Elm Street; the key is under the mat"


def png_with_a_private_chunk():
    """A clean PNG with a private chunk (prVt) before its end: Pillow skips it unreported."""
    data = picture("PNG")
    body = b"prVt" + SECRET
    chunk = struct.pack(">I", len(SECRET)) + body + struct.pack(">I", zlib.crc32(body))
    end = data.rindex(b"IEND") - 4  # the end chunk's length field
    return data[:end] + chunk + data[end:]


def jpeg_with_a_second_app0():
    """A clean JPEG with a second APP0 segment after its JFIF one: Pillow reports no
    metadata for it."""
    data = picture("JPEG")
    assert data[2:4] == b"\xff\xe0"  # start of image, then the JFIF APP0
    after = 4 + int.from_bytes(data[4:6], "big")
    segment = b"\xff\xe0" + struct.pack(">H", len(SECRET) + 2) + SECRET
    return data[:after] + segment + data[after:]


@pytest.mark.parametrize(
    ("member", "hidden"),
    [
        ("pictures/bridge/photo.png", png_with_a_private_chunk),
        ("pictures/chin-tuck-wall/photo.jpg", jpeg_with_a_second_app0),
    ],
)
def test_an_imported_photo_is_re_encoded_without_hidden_bytes(clinic, own_library, member, hidden):
    photo = hidden()
    with Image.open(io.BytesIO(photo)) as image:
        image.load()  # a valid picture, with nothing Pillow calls metadata
        assert SECRET not in repr(image.info).encode()
    data = rezipped(exported(clinic), drop=[member], extra={member: photo})
    fresh = ClinicFactory(name="Sister clinic")
    import_library(io.BytesIO(data), clinic=fresh)
    stored = Exercise.objects.get(clinic=fresh, slug=member.split("/")[1]).photo.read()
    assert SECRET in photo and SECRET not in stored
    with Image.open(io.BytesIO(stored)) as image:
        image.load()
        assert image.size == (40, 30)


def with_drawing(data, drawing):
    member = "pictures/bridge/drawing.svg"
    return rezipped(data, drop=[member], extra={member: drawing})


@pytest.mark.parametrize("kind", CSS_BYPASSES)
def test_a_drawing_whose_css_could_fetch_is_refused(clinic, own_library, kind):
    drawing, reason = CSS_BYPASSES[kind]
    data = with_drawing(exported(clinic), drawing)
    target = ClinicFactory(name="Sister clinic")
    before = everything()
    with pytest.raises(LibraryError) as refused:
        import_library(io.BytesIO(data), clinic=target)
    assert reason in str(refused.value)
    assert everything() == before


def test_a_plain_drawing_is_imported_as_it_is(clinic, own_library):
    data = with_drawing(exported(clinic), PLAIN_DRAWING)
    fresh = ClinicFactory(name="Sister clinic")
    import_library(io.BytesIO(data), clinic=fresh)
    assert Exercise.objects.get(clinic=fresh, slug="bridge").drawing.read() == PLAIN_DRAWING


# The commands --------------------------------------------------------------------------


def test_the_commands_move_a_library(clinic, own_library, tmp_path):
    out = tmp_path / "harbor.zip"
    written = io.StringIO()
    call_command("export_library", "--clinic", clinic.pk, "--out", out, stdout=written)
    assert "2 exercises" in written.getvalue()
    fresh = ClinicFactory(name="Sister clinic")
    read = io.StringIO()
    call_command("import_library", out, "--clinic", fresh.pk, stdout=read)
    assert "2 exercises created, 0 updated" in read.getvalue()
    assert described(fresh) == described(clinic)
    assert AuditEvent.objects.filter(
        action=Action.LIBRARY_IMPORTED, username="manage.py import_library"
    ).exists()


def test_the_import_command_says_what_is_wrong(clinic, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a zip archive.*Nothing was imported"):
        call_command("import_library", bad, "--clinic", clinic.pk)
    with pytest.raises(CommandError, match="no clinic #999"):
        call_command("import_library", bad, "--clinic", 999)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_library", tmp_path / "missing.zip", "--clinic", clinic.pk)


# The admin pages -----------------------------------------------------------------------


EXPORT = "library:export"
IMPORT = "library:import"


def upload(data, name="library.zip"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


def test_the_pages_require_staff(client, therapist):
    for name in (EXPORT, IMPORT):
        response = client.get(reverse(name))
        assert response.status_code == 302
        client.force_login(therapist.user)
        response = client.get(reverse(name))
        assert response.status_code == 302  # not staff: admin's login
        assert response["Location"].startswith("/admin/login/")
        client.logout()


def test_a_library_editor_without_a_clinic_is_refused(library_editor_client):
    for name in (EXPORT, IMPORT):
        assert library_editor_client.get(reverse(name)).status_code == 403
        assert library_editor_client.post(reverse(name)).status_code == 403


def test_a_clinic_admin_exports_their_own_clinic_only(
    clinic_admin_client, clinic, own_library, other_clinic
):
    ExerciseFactory(clinic=other_clinic, name="Hilltop secret", slug="hilltop-secret")
    page = clinic_admin_client.get(reverse(EXPORT))
    assert page.status_code == 200
    assert b"Harbor Physical Therapy" in page.content
    assert b"Hilltop" not in page.content
    # Naming another clinic changes nothing: the field is not there for a clinic admin.
    response = clinic_admin_client.post(reverse(EXPORT), {"clinic": other_clinic.pk})
    assert response["Content-Type"] == "application/zip"
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(response.getvalue())).read("library.json"))
    assert manifest["clinic"] == clinic.name
    assert {e["slug"] for e in manifest["exercises"]} == {"bridge", "chin-tuck-wall"}
    event = AuditEvent.objects.get(action=Action.LIBRARY_EXPORTED)
    assert event.clinic_id == clinic.pk


def test_a_clinic_admin_imports_into_their_own_clinic(
    client, clinic, own_library, other_clinic_admin, other_clinic
):
    data = exported(clinic)
    client.force_login(other_clinic_admin.user)
    response = client.post(reverse(IMPORT), {"archive": upload(data), "clinic": clinic.pk})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"Imported into Hilltop Rehab: 2 exercises created, 0 updated" in page.content
    assert Exercise.objects.filter(clinic=other_clinic).count() == 2
    assert described(other_clinic) == described(clinic)
    # The same archive again: the page says nothing changed, not "2 updated".
    response = client.post(reverse(IMPORT), {"archive": upload(data)})
    page = client.get(response["Location"]).content.decode()
    assert (
        "Imported into Hilltop Rehab: nothing changed: its 3 exercises and protocols were "
        "already as in this archive."
    ) in page
    assert "0 updated" not in page


def test_an_import_error_is_shown_and_changes_nothing(clinic_admin_client, clinic, own_library):
    data = rezipped(exported(clinic), lambda m: m.update(format=2))
    before = everything()
    response = clinic_admin_client.post(reverse(IMPORT), {"archive": upload(data)})
    assert response.status_code == 400
    assert b"This library has format 2" in response.content
    assert b"Nothing was imported." in response.content
    assert everything() == before


def test_a_superuser_chooses_the_clinic(client, clinic, own_library, other_clinic):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(reverse(EXPORT))
    assert b"Hilltop Rehab" in page.content and b"Harbor Physical Therapy" in page.content
    response = client.post(reverse(EXPORT), {"clinic": clinic.pk})
    data = response.getvalue()
    response = client.post(reverse(IMPORT), {"archive": upload(data), "clinic": other_clinic.pk})
    assert response.status_code == 302
    assert described(other_clinic) == described(clinic)


def test_the_admin_index_links_the_pages_for_clinic_admins(clinic_admin_client):
    page = clinic_admin_client.get(reverse("admin:index"))
    assert reverse(EXPORT).encode() in page.content
    assert reverse(IMPORT).encode() in page.content


def test_an_export_missing_a_picture_file_says_which(clinic, own_library, tmp_path):
    tuck = own_library["exercises"][0]
    tuck.photo.storage.delete(tuck.photo.name)
    with pytest.raises(LibraryError, match="missing from the media folder"):
        export_library(clinic)
    with pytest.raises(CommandError, match=tuck.photo.name):
        call_command("export_library", "--clinic", clinic.pk, "--out", tmp_path / "x.zip")
    assert not AuditEvent.objects.filter(action=Action.LIBRARY_EXPORTED).exists()
