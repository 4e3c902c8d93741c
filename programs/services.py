"""Writes that span several rows: starting, saving and revising a program, saving a
patient. Each writes its audit row in its own transaction (`user` and `ip` are who did it
and from where): if the row cannot be written, nothing changes."""

from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from audit.log import Action, write
from clinics.models import Clinic
from core import hooks
from core.translated import text_in
from library.access import may_hold
from library.models import Exercise, Protocol, ProtocolItem

from .models import Program, ProgramItem, ProgramSheet

# An app above (outcomes: the measure schedule) copies its own rows to a new revision.
REVISION_MADE = "programs.revision_made"


class StaleProgram(Exception):
    """Someone saved the program after this copy of it was loaded."""


class TemplateNameTaken(Exception):
    """A template of the same name was saved in the same scope a moment ago."""


@transaction.atomic
def save_patient(*, form, user, ip=None):
    """Saves a new patient, or the changes to one, from a valid PatientForm, with its
    audit row: a change names the fields changed, never their values."""
    adding = form.instance._state.adding
    patient = form.save()
    if adding:
        write(Action.PATIENT_CREATED, obj=patient, patient=patient, user=user, ip=ip)
    else:
        changed = ", ".join(form.changed_data)
        write(
            Action.PATIENT_CHANGED, obj=patient, patient=patient, user=user, ip=ip, detail=changed
        )
    return patient


@transaction.atomic
def create_program(*, patient, therapist, protocol=None, title="", draft=False, user=None, ip=None):
    """A new program for the patient, copied from a protocol or template (see
    protocol_items) or blank. The protocol's words are copied in the patient's handout
    language where the protocol has them, else in English. A `draft` (the editor's "New
    program") is never the patient's current program until save_program saves it with an
    exercise; the demo and imports start finished programs. Audited as done by `user`,
    else by the therapist (one query for their account). The program returned carries
    `left_out`: (name, why) for each of the protocol's exercises it does not hold."""
    language = patient.language

    def copied(field):
        return (text_in(protocol, field, language) or getattr(protocol, field)) if protocol else ""

    if not title and not protocol:
        with translation.override(language):
            title = gettext("Home exercise program")
    program = Program.objects.create(
        patient=patient,
        therapist=therapist,
        protocol=protocol,
        title=title or copied("name"),
        intro=copied("intro"),
        general_instructions=copied("general_instructions"),
        frequency=copied("default_frequency"),
        is_draft=draft,
    )
    # What the protocol holds that the program leaves out, for the therapist to be told.
    program.left_out = []
    if protocol:
        items, supports, program.left_out = protocol_items(protocol, program=program)
        _add_supports(ProgramItem.objects.bulk_create(items), supports)
    write(
        Action.PROGRAM_CREATED,
        obj=program,
        patient=patient,
        user=user or therapist.user,
        ip=ip,
    )
    return program


def in_clinic_library(exercises, *, clinic_id):
    """Each exercise's pk mapped to the exercise as the clinic's library has it: a base
    exercise the clinic customised becomes the clinic's copy (with its support options),
    one it hid becomes None, and so does another clinic's own exercise, which no protocol
    should hold (exercises.access.may_hold) and which must never reach this clinic's
    programs and handouts if one does (2 queries, 3 with copies)."""
    base_ids = [exercise.pk for exercise in exercises if exercise.clinic_id is None]
    copies = {
        copy.based_on_id: copy
        for copy in Exercise.objects.filter(
            clinic_id=clinic_id, based_on_id__in=base_ids
        ).prefetch_related("support_options")
    }
    hidden = set(
        Clinic.hidden_exercises.through.objects.filter(
            clinic_id=clinic_id, exercise_id__in=base_ids
        ).values_list("exercise_id", flat=True)
    )

    def as_here(exercise):
        if not may_hold(clinic_id, exercise):
            return None
        return copies.get(exercise.pk, None if exercise.pk in hidden else exercise)

    return {exercise.pk: as_here(exercise) for exercise in exercises}


def protocol_items(protocol, *, program):
    """Unsaved program items for the protocol's exercises in its order, each one's
    supports, and (name, why) for each exercise left out. An item keeps the protocol's
    own dose, ticked variant, supports and note when it has them (a template saved from a
    program), else the exercise's default dose.
    A base exercise the clinic customised becomes the clinic's copy, one it hid is left
    out, and so is another clinic's (in_clinic_library). Archived exercises are left out
    (none can be added to a program), and a variant or support the exercise no longer
    offers is dropped.

    Queries: the items with their exercises and variants, their supports, the exercises'
    support options, the clinic's copies and hidden exercises (5, 6 with copies)."""
    entries = list(
        protocol.items.select_related("exercise", "variant")
        .prefetch_related("supports", "exercise__support_options")
        .order_by("order", "pk")
    )
    library = in_clinic_library(
        [entry.exercise for entry in entries], clinic_id=program.patient.clinic_id
    )
    items, supports, left_out = [], [], []
    for entry in entries:
        exercise = library[entry.exercise_id]
        if exercise is None:
            left_out.append((entry.exercise.name, "hidden in your clinic's library"))
            continue
        if exercise.archived:
            left_out.append((exercise.name, "archived"))
            continue
        dose = entry.dose_values() if entry.own_dose else exercise.dose_values()
        variant = (
            entry.variant if entry.variant and entry.variant.exercise_id == exercise.pk else None
        )
        offered = set(exercise.support_options.all())
        items.append(
            ProgramItem(
                program=program,
                exercise=exercise,
                order=len(items) + 1,
                variant=variant,
                note=entry.note,
                **dose,
                **entry.progression_values(),
            )
        )
        supports.append([support for support in entry.supports.all() if support in offered])
    return items, supports, left_out


@transaction.atomic
def save_as_template(*, program, therapist, name, shared=False, user=None, ip=None):
    """A template from the program, private to `therapist` or `shared` with their clinic.

    It keeps what a colleague could reuse for another patient: the intro, general
    instructions, how often (the name is the new programs' title) and each exercise with
    its dose, ticked variant, supports and note. It leaves out the special instructions,
    which are about this patient. An exercise listed twice is kept once (a protocol lists
    each exercise once), and archived ones are left out. Returns (template, the names of
    the exercises not kept). Raises TemplateNameTaken when the same name was saved in the
    same scope since the form checked it. The program shows the patient, so the save is
    audited as a view of it, by `user`, else by the therapist (one query for their account).

    Queries: the slugs already taken, the template, the items with their exercises, their
    supports, then one INSERT for the items, one for their supports, and the audit row."""
    scope = {"clinic_id": therapist.clinic_id, "owner": None if shared else therapist}
    sharer = {"shared_by": therapist if shared else None}
    try:
        template = Protocol.objects.create(
            name=name,
            slug=_free_slug(name, **scope),
            intro=program.intro,
            general_instructions=program.general_instructions,
            default_frequency=program.frequency,
            **scope,
            **sharer,
        )
    except IntegrityError as clash:
        raise TemplateNameTaken(name) from clash
    entries, supports, left_out, seen = [], [], [], set()
    for item in program.items.select_related("exercise").prefetch_related("supports"):
        if item.exercise_id in seen or item.exercise.archived:
            left_out.append(item.exercise.name)
            continue
        seen.add(item.exercise_id)
        entries.append(
            ProtocolItem(
                protocol=template,
                exercise_id=item.exercise_id,
                order=len(entries) + 1,
                own_dose=True,
                variant_id=item.variant_id,
                note=item.note,
                **item.dose_values(),
                **item.progression_values(),
            )
        )
        supports.append([support.pk for support in item.supports.all()])
    through = ProtocolItem.supports.through
    through.objects.bulk_create(
        through(protocolitem_id=entry.pk, supportoption_id=support)
        for entry, ids in zip(ProtocolItem.objects.bulk_create(entries), supports, strict=True)
        for support in ids
    )
    write(
        Action.PROGRAM_VIEWED,
        obj=program,
        patient=program.patient,
        user=user or therapist.user,
        ip=ip,
        detail=f"saved as template {template.pk}",
    )
    return template, left_out


def _free_slug(name, *, clinic_id, owner):
    """A slug for `name` not yet used in its scope: "knee-set", else "knee-set-2"..."""
    base = slugify(name)[:110] or "template"
    scope = Protocol.objects.filter(clinic_id=clinic_id)
    scope = scope.filter(owner=owner) if owner else scope.filter(owner__isnull=True)
    taken = set(scope.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def save_program(*, program, header, items, lock_version, user, ip=None):
    """Saves the header and replaces the items in one transaction.

    `header` is a dict of Program fields, `items` a list of dicts (exercise, dose fields,
    variant, supports, note, caution_reason) in their new order. The UPDATE only matches
    while the row still has `lock_version`; otherwise StaleProgram is raised and nothing is
    written. A caution reason is recorded as given by `user` now, unless the same exercise
    already had the same reason: then who gave it and when are kept (one query). A draft
    saved with an exercise becomes the patient's program. The save is audited as done by
    `user`."""
    now = timezone.now()
    if items:
        header = {**header, "is_draft": False}
    updated = Program.objects.filter(pk=program.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=now, **header
    )
    if not updated:
        raise StaleProgram
    given = {
        (exercise_id, reason): (by_id, at)
        for exercise_id, reason, by_id, at in program.items.exclude(caution_reason="")
        .order_by("pk")
        .values_list("exercise_id", "caution_reason", "caution_reason_by_id", "caution_reason_at")
    }
    program.items.all().delete()
    new_items = ProgramItem.objects.bulk_create(
        ProgramItem(
            program=program,
            order=position,
            **_without(item, "supports"),
            **_reason_record(item, given, user=user, now=now),
        )
        for position, item in enumerate(items, start=1)
    )
    _add_supports(new_items, [item.get("supports", []) for item in items])
    write(Action.PROGRAM_CHANGED, obj=program, patient=program.patient, user=user, ip=ip)


@transaction.atomic
def discard_draft(*, program, user, ip=None):
    """Deletes a draft program (with its items and sheets) and writes the audit row. A
    program that is no longer a draft, or one a handout was printed from (the handout
    keeps it, PROTECT), is refused with ValueError. The row is locked first, so a save
    that turns the draft into the patient's program wins or waits."""
    locked = Program.objects.select_for_update().only("pk", "is_draft").get(pk=program.pk)
    if not locked.is_draft:
        raise ValueError("This program was saved with exercises; it is no longer a draft.")
    pk = program.pk
    try:
        with transaction.atomic():
            program.delete()
    except ProtectedError:
        raise ValueError("A handout was printed from this draft; it cannot be discarded.") from None
    program.pk = pk
    write(
        Action.PROGRAM_CHANGED,
        obj=program,
        patient=program.patient,
        user=user,
        ip=ip,
        detail=f"draft {pk} discarded",
    )


def _reason_record(item, given, *, user, now):
    reason = item.get("caution_reason", "")
    if not reason:
        return {}
    exercise = item["exercise"]
    exercise_id = getattr(exercise, "pk", exercise)
    by_id, at = given.get((exercise_id, reason), (user.pk, now))
    return {"caution_reason_by_id": by_id, "caution_reason_at": at}


@transaction.atomic
def revise_program(*, program, therapist, user=None, ip=None):
    """Copies the program to its next revision for the next visit; the old one is kept.
    A new revision is audited as created by `user`, else by the therapist (one query for
    their account).

    Returns (revision, created). Two therapists (or a double click) revising at once get
    one revision: the program's row is locked first (SQLite's IMMEDIATE transactions lock
    the whole database instead), so the second one finds the first one's revision."""
    Program.objects.select_for_update().only("pk").get(pk=program.pk)
    existing = Program.objects.filter(previous_id=program.pk).first()
    if existing is not None:
        return existing, False
    revision = Program.objects.create(
        patient_id=program.patient_id,
        therapist=therapist,
        protocol_id=program.protocol_id,
        previous=program,
        revision=program.revision + 1,
        title=program.title,
        intro=program.intro,
        general_instructions=program.general_instructions,
        frequency=program.frequency,
        special_instructions=program.special_instructions,
        my_week=program.my_week,
    )
    old_items = list(program.items.prefetch_related("supports"))
    new_items = ProgramItem.objects.bulk_create(
        ProgramItem(
            program=revision,
            exercise_id=item.exercise_id,
            order=item.order,
            variant_id=item.variant_id,
            **item.dose_values(),
            **item.progression_values(),
            note=item.note,
            # The reason stays the one given, by whom and when, not a new one by the reviser.
            caution_reason=item.caution_reason,
            caution_reason_by_id=item.caution_reason_by_id,
            caution_reason_at=item.caution_reason_at,
        )
        for item in old_items
    )
    _add_supports(new_items, [list(item.supports.all()) for item in old_items])
    ProgramSheet.objects.bulk_create(
        ProgramSheet(program=revision, sheet_id=link.sheet_id, order=link.order)
        for link in program.sheet_links.all()
    )
    if copy := hooks.provided(REVISION_MADE):
        copy(program=program, revision=revision)
    write(
        Action.PROGRAM_CREATED,
        obj=revision,
        patient=program.patient,
        user=user or therapist.user,
        ip=ip,
        detail=f"revision {revision.revision} of program {program.pk}",
    )
    return revision, True


def _add_supports(items, supports_per_item):
    through = ProgramItem.supports.through
    through.objects.bulk_create(
        through(programitem_id=item.pk, supportoption_id=getattr(support, "pk", support))
        for item, supports in zip(items, supports_per_item, strict=True)
        for support in supports
    )


def _without(mapping, key):
    return {name: value for name, value in mapping.items() if name != key}


@transaction.atomic
def change_sheets(*, program, action, sheet, user=None, ip=None):
    """Adds, removes or moves one education sheet of the program; the others keep their
    order. Raises ValueError for a sheet that cannot be added (archived, or already there).
    Audited as done by `user` (none when a command sets up a program)."""
    links = list(program.sheet_links.select_for_update().order_by("order", "pk"))
    sheet_ids = [link.sheet_id for link in links]
    if action == "add":
        if sheet.archived or sheet.pk in sheet_ids:
            raise ValueError(f"{sheet} cannot be added to this program.")
        sheet_ids.append(sheet.pk)
    elif sheet.pk not in sheet_ids:
        raise ValueError(f"{sheet} is not in this program.")
    elif action == "remove":
        sheet_ids.remove(sheet.pk)
    else:
        place = sheet_ids.index(sheet.pk)
        other = place - 1 if action == "up" else place + 1
        if 0 <= other < len(sheet_ids):
            sheet_ids[place], sheet_ids[other] = sheet_ids[other], sheet_ids[place]
    # Places are unique, so the few rows are written again in their new order.
    program.sheet_links.all().delete()
    ProgramSheet.objects.bulk_create(
        ProgramSheet(program=program, sheet_id=sheet_id, order=place)
        for place, sheet_id in enumerate(sheet_ids, start=1)
    )
    write(
        Action.PROGRAM_CHANGED,
        obj=program,
        patient=program.patient,
        user=user,
        ip=ip,
        detail=f"sheet {action}: {sheet.slug}",
    )
