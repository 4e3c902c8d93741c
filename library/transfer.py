"""A clinic's own library as one zip: to move it to another install, or to share it with a
sister clinic.

The zip holds `library.json` (the manifest) and the pictures an admin uploaded, under
fixed names: `pictures/<exercise slug>/<field><extension>`. The manifest lists the clinic's
own exercises (every plain field, their steps, tips, benefits and variants, the body
regions, movement tags and supports they name by slug, a customised copy's base exercise
by slug) and the protocols the clinic shares (not therapists' private templates), whose
items name exercises by slug. Base exercises those protocols use are named, not copied:
the target install must have them.

Fields are read from the models' _meta, so a field added later travels without a change
here; the manifest names each field, and an import refuses a name it does not know.

An import matches by natural key within the target clinic (an exercise or protocol of the
same slug is updated in place, its parts replaced), so importing twice changes nothing
the second time. It never touches the base library or another clinic's rows: it only
looks rows up within the target clinic. Everything runs in one transaction; the archive
is checked as untrusted input (member names, sizes, compression, types, lengths through
full_clean, SVG and image content), and any problem refuses the whole import. Photos are
stored as clean_image re-encodes them, as an admin upload is; drawings as checked."""

import hashlib
import json
import posixpath
import re
import tempfile
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from audit.log import Action, write
from core.svg import uploaded_drawing_problems
from core.uploads import clean_image

from . import region_counts
from .models import Exercise, Protocol, ProtocolItem

FORMAT = 1
MANIFEST = "library.json"
PICTURES = "pictures/"
# Limits on what an import reads: a library of a few hundred exercises with a picture each
# is far below them; a hostile archive (a zip bomb, millions of members) is refused before
# anything is decompressed.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
# Uncompressed / compressed size above which a member is refused. JSON and SVG shrink to
# a tenth or so; a zip bomb shrinks a thousandfold.
MAX_RATIO = 100
# The parts of an exercise, replaced as a whole on import.
PARTS = ["steps", "tips", "benefits", "variants"]
# Relations the import sets itself from the target clinic.
OWNER_FIELDS = {"clinic", "owner"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
TOP_KEYS = {"format", "exported_at", "clinic", "exercises", "protocols", "base_exercises"}


class LibraryError(Exception):
    """The archive cannot be imported; the message says why, for a clinic admin."""


# Which fields travel -------------------------------------------------------------------


def _plain_fields(model):
    """Fields stored as plain values: not the key, relations, files, generated or
    automatic columns, nor a translated field's English column (name_en), which the field
    itself (name) carries; its other languages' columns (name_es) travel."""
    return [
        field
        for field in model._meta.concrete_fields
        if not (
            field.primary_key
            or getattr(field, "language", None) == settings.MODELTRANSLATION_DEFAULT_LANGUAGE
            or field.is_relation
            or isinstance(field, models.FileField | models.GeneratedField)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        )
    ]


def _named_lists(model):
    """Many-to-many fields to short lists named by slug (regions, movement tags, supports)."""
    return [field for field in model._meta.many_to_many if _has_field(field.related_model, "slug")]


def _file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _slug_links(model):
    """Foreign keys other than the owner's, named by the slug of the row they point at."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.name not in OWNER_FIELDS
        and _has_field(field.related_model, "slug")
    ]


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _part_model(name):
    return Exercise._meta.get_field(name).related_model


def _plain_value(field, obj):
    value = field.value_from_object(obj)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return field.value_to_string(obj)  # dates, decimals


# Export ----------------------------------------------------------------------------------


def clinic_exercises(clinic):
    return Exercise.objects.filter(clinic=clinic)


def clinic_protocols(clinic):
    """The protocols the clinic shares: its own, not a therapist's private template."""
    if not _has_field(Protocol, "clinic"):
        return Protocol.objects.none()
    protocols = Protocol.objects.filter(clinic=clinic)
    if _has_field(Protocol, "owner"):
        protocols = protocols.filter(owner=None)
    return protocols


def export_library(clinic, *, user=None, username="", ip=None):
    """The clinic's library as a zip (a spooled temporary file, rewound) and a summary
    {"exercises": n, "protocols": m, "pictures": k}; writes the audit row. One query per
    table."""
    exercises = list(
        clinic_exercises(clinic)
        .select_related(*[field.name for field in _slug_links(Exercise)])
        .prefetch_related(*PARTS, *[field.name for field in _named_lists(Exercise)])
        .order_by("slug")
    )
    protocols = list(
        clinic_protocols(clinic)
        .prefetch_related(
            "items__exercise",
            *(["items__variant"] if _has_field(ProtocolItem, "variant") else []),
            *[f"items__{f.name}" for f in _named_lists(ProtocolItem)],
        )
        .order_by("slug")
    )
    own = {exercise.slug for exercise in exercises}
    base = sorted(
        {item.exercise.slug for protocol in protocols for item in protocol.items.all()} - own
    )
    pictures = {}
    manifest = {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "clinic": clinic.name,
        "exercises": [_exercise(exercise, pictures) for exercise in exercises],
        "protocols": [_protocol(protocol) for protocol in protocols],
        "base_exercises": base,
    }
    for name, stored in pictures.items():
        if not stored.storage.exists(stored.name):
            raise LibraryError(
                f"The file {stored.name} ({name}) is missing from the media folder: "
                "upload that picture again, or restore the folder from a backup."
            )
    archive = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(MANIFEST, json.dumps(manifest, cls=DjangoJSONEncoder, indent=1))
        for name, stored in pictures.items():
            with stored.open("rb") as source:
                zipped.writestr(name, source.read())
    archive.seek(0)
    summary = {"exercises": len(exercises), "protocols": len(protocols), "pictures": len(pictures)}
    write(
        Action.LIBRARY_EXPORTED,
        user=user,
        username=username or (user.get_username() if user else ""),
        clinic_id=clinic.pk,
        obj=clinic,
        ip=ip,
        detail=(
            f"{summary['exercises']} exercises, {summary['protocols']} protocols, "
            f"{summary['pictures']} pictures"
        ),
    )
    return archive, summary


def _exercise(exercise, pictures):
    data = {field.name: _plain_value(field, exercise) for field in _plain_fields(Exercise)}
    for field in _slug_links(Exercise):
        linked = getattr(exercise, field.name)
        data[field.name] = linked.slug if linked else None
    for field in _named_lists(Exercise):
        data[field.name] = sorted(row.slug for row in getattr(exercise, field.name).all())
    for name in PARTS:
        fields = _part_fields(name)
        data[name] = [
            {field.name: _plain_value(field, part) for field in fields}
            for part in getattr(exercise, name).all()
        ]
    for field in _file_fields(Exercise):
        stored = getattr(exercise, field.name)
        if stored:
            member = _picture_name(exercise.slug, field, PurePosixPath(stored.name).suffix)
            pictures[member] = stored
            data[field.name] = member
        else:
            data[field.name] = None
    return data


def _part_fields(name):
    return _plain_fields(_part_model(name))


def _protocol(protocol):
    data = {field.name: _plain_value(field, protocol) for field in _plain_fields(Protocol)}
    data["items"] = [_protocol_item(item) for item in protocol.items.all()]
    return data


def _protocol_item(item):
    data = {field.name: _plain_value(field, item) for field in _plain_fields(ProtocolItem)}
    data["exercise"] = item.exercise.slug
    if _has_field(ProtocolItem, "variant"):  # the ticked variant, named by its "when"
        data["variant"] = item.variant.when if item.variant else None
    for field in _named_lists(ProtocolItem):
        data[field.name] = sorted(row.slug for row in getattr(item, field.name).all())
    return data


def _picture_name(slug, field, suffix):
    return f"{PICTURES}{slug}/{field.name}{suffix.lower()}"


# Reading an archive ----------------------------------------------------------------------


class Archive:
    """An uploaded zip, checked before any member is decompressed: its member names, count,
    declared sizes and compression ratios. Members are then read with a cap."""

    def __init__(self, source):
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise LibraryError("This file is not a zip archive, or it is damaged.") from None
        members = self.zip.infolist()
        if len(members) > MAX_MEMBERS:
            raise LibraryError(
                f"This archive holds {len(members):,} files; a library holds at most "
                f"{MAX_MEMBERS:,}."
            )
        self.members = {}
        total = 0
        for member in members:
            name = member.filename
            if not _safe_member_name(name):
                raise LibraryError(f"This archive holds a file with an unsafe name: {name[:80]!r}.")
            if name in self.members:
                raise LibraryError(f"This archive holds {name!r} twice.")
            if member.flag_bits & 0x1:
                raise LibraryError(f"{name!r} in this archive is encrypted.")
            if member.is_dir():
                continue
            limit = MAX_MANIFEST_BYTES if name == MANIFEST else settings.UPLOAD_MAX_BYTES
            if member.file_size > limit:
                raise LibraryError(
                    f"{name!r} in this archive is too large ({filesizeformat(member.file_size)}"
                    f"; the limit is {filesizeformat(limit)})."
                )
            if member.file_size > 1024 * 1024 and (
                member.file_size > MAX_RATIO * max(member.compress_size, 1)
            ):
                raise LibraryError(f"{name!r} in this archive is compressed suspiciously well.")
            total += member.file_size
            self.members[name] = member
        if total > MAX_TOTAL_BYTES:
            raise LibraryError("This archive's files are too large together.")
        if MANIFEST not in self.members:
            raise LibraryError(f"This archive holds no {MANIFEST}: it is not a rehab library.")
        self.used = {MANIFEST}

    def read(self, name, limit):
        """The member's bytes, never more than `limit` (its header may lie about its size)."""
        member = self.members.get(name)
        if member is None:
            raise LibraryError(f"This archive lacks {name!r}, which its manifest names.")
        self.used.add(name)
        try:
            with self.zip.open(member) as source:
                data = source.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise LibraryError(f"{name!r} in this archive is damaged.") from None
        if len(data) > limit:
            raise LibraryError(f"{name!r} in this archive is larger than its header says.")
        return data

    def manifest(self):
        data = self.read(MANIFEST, MAX_MANIFEST_BYTES)
        try:
            manifest = json.loads(data)
        except (ValueError, RecursionError):
            raise LibraryError(f"{MANIFEST} in this archive is not valid JSON.") from None
        if not isinstance(manifest, dict):
            raise LibraryError(f"{MANIFEST} in this archive is not a library.")
        if manifest.get("format") != FORMAT:
            raise LibraryError(
                f"This library has format {manifest.get('format')!r}; this rehab reads "
                f"format {FORMAT}."
            )
        _known_keys(manifest, TOP_KEYS, "The manifest")
        return manifest

    def unused(self):
        return sorted(set(self.members) - self.used - _folders(self.members))


def _folders(names):
    return {name for name in names if name.endswith("/")}


def _safe_member_name(name):
    """Plain relative names: no absolute path, drive, backslash, "..", "." or empty part."""
    if not name or "\\" in name or ":" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = name.rstrip("/").split("/")
    return all(part not in ("", ".", "..") for part in parts) and posixpath.normpath(
        name
    ) == name.rstrip("/")


# Checking the manifest's values ----------------------------------------------------------


def _known_keys(data, known, what):
    if not isinstance(data, dict):
        raise LibraryError(f"{what} is not a set of named fields.")
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise LibraryError(
            f"{what} has fields this install does not know: {', '.join(map(str, unknown[:5]))}. "
            "It comes from a newer or a different version of rehab."
        )


def _list(value, what):
    if not isinstance(value, list):
        raise LibraryError(f"{what} must be a list.")
    return value


def _text(value, what):
    if not isinstance(value, str):
        raise LibraryError(f"{what} must be text.")
    return value


def _slug(value, what):
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise LibraryError(f"{what} must be a slug (letters, digits, '-' and '_').")
    return value


def _typed(field, value, what):
    """The manifest's value for a plain field, of the field's own type (lengths, ranges and
    choices are full_clean's)."""
    where = f"{what}: {field.name}"
    if value is None:
        if field.null:
            return None
        raise LibraryError(f"{where} cannot be empty.")
    if isinstance(field, models.BooleanField):
        expected = bool
    elif isinstance(field, models.IntegerField):
        expected = int
    elif isinstance(field, models.FloatField):
        expected = int | float
    else:  # text, and the types JSON writes as text (dates, decimals)
        expected = str
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        raise LibraryError(f"{where} has the wrong type ({type(value).__name__}).")
    try:
        return field.to_python(value)
    except ValidationError as error:
        raise LibraryError(f"{where}: {' '.join(error.messages)}") from None


def _set_plain(obj, model, data, what):
    for field in _plain_fields(model):
        if field.name in data:
            setattr(obj, field.attname, _typed(field, data[field.name], what))


def _full_clean(obj, what):
    try:
        obj.full_clean()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            problems = [
                f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                for field, messages in error.message_dict.items()
            ]
        else:
            problems = error.messages
        raise LibraryError(f"{what}: " + "; ".join(problems)) from None


def _by_slug(model, slugs, what, where):
    """{slug: row} for these slugs, all of which this install must have."""
    slugs = [_slug(slug, f"{where}: {what}") for slug in slugs]
    rows = {row.slug: row for row in model.objects.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(rows))
    if missing:
        label = model._meta.verbose_name_plural
        raise LibraryError(
            f"{where} names {label} this install does not have: {', '.join(missing[:5])}. "
            f"Add them first (the {label} list in admin)."
        )
    return rows


# Import ----------------------------------------------------------------------------------


def import_library(source, *, clinic, user=None, username="", ip=None):
    """Imports the archive (a path or a file) into the clinic, all or nothing. Returns a
    summary; raises LibraryError saying what is wrong, having changed nothing."""
    archive = Archive(source)
    manifest = archive.manifest()
    saved = []  # files written to storage: removed again if the import fails
    try:
        with transaction.atomic():
            summary = _Import(archive, clinic, saved).run(manifest)
            unused = archive.unused()
            if unused:
                raise LibraryError(
                    f"This archive holds files its manifest does not name: {', '.join(unused[:5])}."
                )
            write(
                Action.LIBRARY_IMPORTED,
                user=user,
                username=username or (user.get_username() if user else ""),
                clinic_id=clinic.pk,
                obj=clinic,
                ip=ip,
                detail=describe(summary)[:200],
            )
            region_counts.forget()
    except IntegrityError:
        # Only a concurrent change gets past full_clean to a constraint.
        for name in saved:
            default_storage.delete(name)
        raise LibraryError(
            "The clinic's library was changed by someone else at the same time; try again."
        ) from None
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    finally:
        archive.zip.close()
    return summary


def describe(summary):
    """The import's outcome in a sentence; rows the archive holds as they already were
    count as unchanged, not updated."""
    unchanged = summary["exercises_unchanged"] + summary["protocols_unchanged"]
    changed = sum(
        summary[f"{kind}_{what}"]
        for kind in ("exercises", "protocols")
        for what in ("created", "updated")
    )
    if not changed and not unchanged:
        return "nothing changed: the archive holds no exercises or protocols."
    if not changed:
        return (
            f"nothing changed: its {unchanged} exercises and protocols were already as in "
            "this archive."
        )
    parts = [
        f"{summary['exercises_created']} exercises created",
        f"{summary['exercises_updated']} updated",
        f"{summary['protocols_created']} protocols created",
        f"{summary['protocols_updated']} updated",
    ]
    if unchanged:
        parts.append(f"{unchanged} unchanged")
    return ", ".join(parts) + "."


def _holds(current, incoming):
    """True when `current` (a row as export writes it) already has every value
    `incoming` (the archive's) names; lists must match item by item."""
    if isinstance(incoming, dict):
        return isinstance(current, dict) and all(
            _holds(current.get(key), value) for key, value in incoming.items()
        )
    if isinstance(incoming, list):
        return (
            isinstance(current, list)
            and len(current) == len(incoming)
            and all(_holds(mine, theirs) for mine, theirs in zip(current, incoming, strict=True))
        )
    return type(current) is type(incoming) and current == incoming


def _each_once(rows, keys, what, kind):
    """Each row ("An exercise", kind "exercise") with its slug, after checking its keys;
    a slug that comes twice is refused."""
    seen = set()
    for data in rows:
        _known_keys(data, keys, what)
        slug = _slug(data.get("slug"), f"{what}'s slug")
        if slug in seen:
            raise LibraryError(f"The {kind} {slug!r} comes twice in this archive.")
        seen.add(slug)
        yield slug, data


class _Import:
    def __init__(self, archive, clinic, saved):
        self.archive = archive
        self.clinic = clinic
        self.saved = saved
        self.summary = {
            "exercises_created": 0,
            "exercises_updated": 0,
            "protocols_created": 0,
            "protocols_updated": 0,
            "exercises_unchanged": 0,
            "protocols_unchanged": 0,
            "notes": [],
        }

    def run(self, manifest):
        exercises = _list(manifest.get("exercises", []), "The manifest's exercises")
        protocols = _list(manifest.get("protocols", []), "The manifest's protocols")
        base = _list(manifest.get("base_exercises", []), "The manifest's base exercises")
        self._check_base(base)
        for slug, data in _each_once(exercises, self._exercise_keys(), "An exercise", "exercise"):
            self._exercise(slug, data)
        for slug, data in _each_once(protocols, self._protocol_keys(), "A protocol", "protocol"):
            self._protocol(slug, data)
        return self.summary

    def _check_base(self, slugs):
        slugs = [_slug(slug, "The manifest's base exercises") for slug in slugs]
        found = set(
            Exercise.objects.filter(clinic=None, slug__in=slugs).values_list("slug", flat=True)
        )
        missing = sorted(set(slugs) - found)
        if missing:
            raise LibraryError(
                "This library's protocols use exercises of the base library that this install "
                f"does not have: {', '.join(missing[:10])}."
            )

    # Exercises

    @staticmethod
    def _exercise_keys():
        return (
            {field.name for field in _plain_fields(Exercise)}
            | {field.name for field in _slug_links(Exercise)}
            | {field.name for field in _named_lists(Exercise)}
            | {field.name for field in _file_fields(Exercise)}
            | set(PARTS)
        )

    def _exercise(self, slug, data):
        what = f"Exercise {slug!r}"
        based_on = data.get("based_on")
        if Exercise.objects.filter(clinic=None, slug=slug).exists() and based_on != slug:
            raise LibraryError(
                f"{what} has the slug of an exercise in this install's base library, and is "
                "not a customised copy of it. Give it another slug before exporting."
            )
        exercise = Exercise.objects.filter(clinic=self.clinic, slug=slug).first()
        created = exercise is None
        if created:
            exercise = Exercise(clinic=self.clinic)
        elif self._exercise_as_is(exercise, slug, data, what):
            # Nothing to write: its parts are not replaced either, so nothing that points
            # at them (a program's ticked variant) is touched.
            self.summary["exercises_unchanged"] += 1
            return
        _set_plain(exercise, Exercise, data, what)
        for field in _slug_links(Exercise):
            if field.name in data:
                setattr(exercise, field.name, self._link(field, data[field.name], what))
        for field in _file_fields(Exercise):
            if field.name in data:
                self._picture(exercise, field, slug, data[field.name], what)
        _full_clean(exercise, what)
        exercise.save()
        for field in _named_lists(Exercise):
            if field.name in data:
                value = _list(data[field.name], f"{what}: {field.name}")
                rows = _by_slug(field.related_model, value, field.verbose_name, what)
                getattr(exercise, field.name).set(rows.values())
        for name in PARTS:
            if name in data:
                self._parts(exercise, name, _list(data[name], f"{what}: {name}"), what)
        self.summary["exercises_created" if created else "exercises_updated"] += 1

    def _exercise_as_is(self, exercise, slug, data, what):
        """True when the clinic's exercise already holds everything the archive says of it,
        pictures byte for byte (each still read, so the archive's members are checked as
        used)."""
        current = _exercise(exercise, {})
        files = {field.name: field for field in _file_fields(Exercise)}
        same = _holds(current, {key: value for key, value in data.items() if key not in files})
        for name in files.keys() & data.keys():
            member, stored = data[name], getattr(exercise, name)
            if member is None:
                same = same and not stored
            elif not same or not stored or member != current[name]:
                return False  # the import reads and checks the picture
            else:
                picture = self.archive.read(member, settings.UPLOAD_MAX_BYTES)
                same = _same_file(stored, picture)
        return same

    def _link(self, field, value, what):
        """A foreign key named by slug; a customised copy's base exercise is looked up in
        the base library only."""
        if value is None:
            return None
        slug = _slug(value, f"{what}: {field.name}")
        model = field.related_model
        rows = model.objects.filter(slug=slug)
        if model is Exercise:
            rows = rows.filter(clinic=None)
        row = rows.first()
        if row is None and model is Exercise:
            self.summary["notes"].append(
                f"{what} was customised from the base exercise {slug!r}, which this install "
                "does not have: it is imported as an exercise of its own."
            )
        elif row is None:
            raise LibraryError(f"{what}: {field.name} {slug!r} is unknown to this install.")
        return row

    def _picture(self, exercise, field, slug, member, what):
        if member is None:
            setattr(exercise, field.name, "")
            return
        member = _text(member, f"{what}: {field.name}")
        suffix = PurePosixPath(member).suffix.lower()
        allowed = IMAGE_EXTENSIONS if isinstance(field, models.ImageField) else {".svg"}
        if suffix not in allowed or member != _picture_name(slug, field, suffix):
            raise LibraryError(f"{what}: {field.name} names an unexpected file, {member[:80]!r}.")
        data = self.archive.read(member, settings.UPLOAD_MAX_BYTES)
        if suffix == ".svg":
            _check_svg(data, f"{what}: {field.name}")
        else:
            data = _checked_image(data, suffix, f"{what}: {field.name}")
        current = getattr(exercise, field.name)
        if current and _same_file(current, data):
            return  # imported before: keep the stored file
        # Named after the content, never the archive: its names are not to be trusted.
        name = f"{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
        current.save(name, ContentFile(data), save=False)
        self.saved.append(current.name)

    def _parts(self, exercise, name, rows, what):
        """Replaces the exercise's parts with the archive's. Variants are pointed at (the
        variant a program or protocol ticks), so each one the archive still has, named by
        its "when" as protocols name it, is updated in place and stays ticked."""
        model = _part_model(name)
        fields = _part_fields(name)
        foreign_key = Exercise._meta.get_field(name).field.name
        kept = {}
        if name == "variants":
            kept = {variant.when: variant for variant in exercise.variants.all()}
        else:
            getattr(exercise, name).all().delete()
        for number, data in enumerate(rows, start=1):
            where = f"{what}, {name} {number}"
            _known_keys(data, {field.name for field in fields}, where)
            when = data.get("when")
            part = kept.pop(when, None) if isinstance(when, str) else None
            if part is None:
                part = model(**{foreign_key: exercise})
            _set_plain(part, model, data, where)
            _full_clean(part, where)
            part.save()
        for variant in kept.values():
            self._drop_variant(variant, what)

    def _drop_variant(self, variant, what):
        """Deletes a variant the archive no longer has. One a patient's program ticks is
        never deleted nor unticked: the import is refused, saying which (the program is a
        record of what the patient was given). A protocol's tick just goes, with a note."""
        programs = variant.program_items.values("program").distinct().count()
        if programs:
            raise LibraryError(
                f"{what}: this archive no longer has its variant {variant.when[:80]!r}, which "
                f"{programs} patient's program{'s' if programs > 1 else ''} "
                f"tick{'' if programs > 1 else 's'}. Keep that variant in the library you "
                f"export, or untick it in the program{'s' if programs > 1 else ''}, then "
                "import again."
            )
        protocols = sorted(set(variant.protocol_items.values_list("protocol__name", flat=True)))
        variant.delete()
        if protocols:
            self.summary["notes"].append(
                f"{what}: its variant {variant.when[:80]!r}, which this archive no longer has, "
                f"is no longer ticked in {', '.join(protocols)}."
            )

    # Protocols

    @staticmethod
    def _protocol_keys():
        return {field.name for field in _plain_fields(Protocol)} | {"items"}

    def _protocol(self, slug, data):
        what = f"Protocol {slug!r}"
        protocol = clinic_protocols(self.clinic).filter(slug=slug).first()
        created = protocol is None
        if created:
            protocol = Protocol(clinic=self.clinic)
        elif _holds(_protocol(protocol), data):
            self.summary["protocols_unchanged"] += 1
            return
        _set_plain(protocol, Protocol, data, what)
        _full_clean(protocol, what)
        protocol.save()
        protocol.items.all().delete()
        keys = (
            {field.name for field in _plain_fields(ProtocolItem)}
            | {field.name for field in _named_lists(ProtocolItem)}
            | {"exercise", "variant"}
        )
        for number, item_data in enumerate(_list(data.get("items", []), f"{what}: items"), 1):
            where = f"{what}, item {number}"
            _known_keys(item_data, keys, where)
            exercise = self._item_exercise(item_data, where)
            item = ProtocolItem(protocol=protocol, exercise=exercise)
            _set_plain(item, ProtocolItem, item_data, where)
            if item_data.get("variant") is not None:
                item.variant = self._variant(exercise, item_data["variant"], where)
            _full_clean(item, where)
            item.save()
            for field in _named_lists(ProtocolItem):
                if field.name in item_data:
                    value = _list(item_data[field.name], f"{where}: {field.name}")
                    rows = _by_slug(field.related_model, value, field.verbose_name, where)
                    getattr(item, field.name).set(rows.values())
        self.summary["protocols_created" if created else "protocols_updated"] += 1

    @staticmethod
    def _variant(exercise, when, where):
        when = _text(when, f"{where}: variant")
        variant = exercise.variants.filter(when=when).first()
        if variant is None:
            raise LibraryError(
                f"{where}: the exercise {exercise.slug!r} has no variant {when[:80]!r} here."
            )
        return variant

    def _item_exercise(self, data, where):
        """The clinic's own exercise of that slug (imported or already there), else the
        base library's."""
        slug = _slug(data.get("exercise"), f"{where}: exercise")
        own = Exercise.objects.filter(clinic=self.clinic, slug=slug).first()
        if own is not None:
            return own
        base = Exercise.objects.filter(clinic=None, slug=slug).first()
        if base is None:
            raise LibraryError(
                f"{where} uses the exercise {slug!r}, which is neither in this archive nor in "
                "this install's base library."
            )
        return base


# Checking pictures ---------------------------------------------------------------------


def _check_svg(data, what):
    """The checks an uploaded drawing gets in admin (core/svg.py)."""
    problems = uploaded_drawing_problems(data)
    if problems:
        raise LibraryError(f"{what}: the drawing is refused. {' '.join(problems[:3])}")


def _checked_image(data, suffix, what):
    """The photo re-encoded by clean_image, as an admin upload is: what is stored is always
    Pillow's output, so nothing hidden in the archive's file (metadata, a private PNG
    chunk, a JPEG segment Pillow does not report) comes along. A file that is not a
    picture is refused."""
    try:
        cleaned = clean_image(SimpleUploadedFile(f"photo{suffix}", data))
    except ValidationError as error:
        raise LibraryError(f"{what}: {' '.join(error.messages)}") from None
    return cleaned.read()


def _same_file(stored, data):
    try:
        with stored.open("rb") as current:
            return current.read(len(data) + 1) == data
    except OSError:
        return False
