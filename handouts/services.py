"""From a program to the handout: the snapshot of what is printed, its PDF, and issuing it.

The templates read only the snapshot (plain JSON), so what an issued handout stores is
exactly what was printed."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from audit.log import Action, write
from core import hooks
from core.text import lines
from core.translated import complete_in, text_in
from library.models import BLANK, ProtocolItem, describe_dose, validate_illustration_path
from programs.cautions import cautions_by_exercise
from programs.models import Program, ProgramItem, ProgramSheet
from programs.services import in_clinic_library

from .fetcher import RefusedURL, static_path
from .models import PATIENT_LINK, HandoutPDF, IssuedHandout, Mode
from .pictures import make_print_copies, picture_entry
from .render import render_pdf
from .snapshot import VERSION, Snapshot

logger = logging.getLogger(__name__)

TEMPLATE = "handouts/handout.html"
EXERCISE_PARTS = ["steps", "tips", "benefits", "variants", "support_options"]
# The versions, and how an older one is read: snapshot.py.
SNAPSHOT_VERSION = VERSION
ENGLISH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# The library's translated fields a printed exercise shows (exercises/translation.py).
EXERCISE_TEXT = ["name", "take_care", "illustration_alt"]


def handout_programs(mode):
    """Programs with everything a handout prints: a fixed number of queries whatever the
    number of exercises and sheets (program, items, item supports, one per exercise part,
    the education sheets with their sections and sources, and for the full sheet and blank
    form the protocol's items and their parts)."""
    parts = [f"exercise__{part}" for part in EXERCISE_PARTS]
    items = ProgramItem.objects.select_related("exercise", "variant").prefetch_related(
        "supports", *parts
    )
    programs = Program.objects.select_related(
        "patient", "therapist__user", "therapist__clinic", "protocol"
    ).prefetch_related(
        Prefetch("items", queryset=items),
        Prefetch("sheet_links", queryset=ProgramSheet.objects.select_related("sheet")),
        "sheet_links__sheet__sections",
        "sheet_links__sheet__sources",
    )
    if mode != Mode.FILLED:
        protocol_items = ProtocolItem.objects.select_related("exercise").prefetch_related(*parts)
        programs = programs.prefetch_related(Prefetch("protocol__items", queryset=protocol_items))
    return programs


def illustration_name(exercise):
    """The drawing's static name, or None when the name is refused or the file is missing:
    the handout prints without that picture rather than not at all, and a warning names
    the exercise. A static file lookup, cached by static_path() once found.

    The field's validator keeps such names out of admin and full_clean(), not out of
    fixtures or an ORM update(); for those the static finders raise
    SuspiciousFileOperation ('../x.svg', '/etc/passwd'), ValueError or OSError."""
    name = exercise.illustration
    try:
        validate_illustration_path(name)
        static_path(name)
    except ValidationError:
        reason = "not a plain static path to an .svg file"
    except (RefusedURL, SuspiciousFileOperation, ValueError, OSError) as problem:
        reason = str(problem)
    else:
        return name
    logger.warning(
        "Exercise %s: handout printed without its drawing %r: %s", exercise.pk, name, reason
    )
    return None


def blank_dose(exercise):
    """The library's hold with blanks for the therapist to fill in by hand, as on the paper
    form: 'Hold 2 to 3 seconds, then relax. Repeat ________ times with each leg. Do ________
    sets. Work up to ________ times.'"""
    repeated = bool(exercise.reps)
    return describe_dose(
        hold_min=exercise.hold_min_seconds,
        hold_max=exercise.hold_max_seconds,
        reps=BLANK if repeated else None,
        sets=BLANK if repeated else None,
        side=exercise.side,
        work_up_to=BLANK if exercise.work_up_to_reps else None,
        stay_minutes=BLANK if exercise.stay_minutes else None,
        activity=exercise.is_activity,
    )


def exercise_language(exercise, supports, variants, language):
    """The language an exercise prints in: the patient's when every printed text of it
    (name, picture text, take care, steps, tips, benefits, the variants and supports
    shown) has a translation, else English, so one exercise never mixes two languages."""
    if language == ENGLISH:
        return ENGLISH
    parts = [
        (exercise, EXERCISE_TEXT),
        *((part, ["text"]) for part in exercise.steps.all()),
        *((part, ["text"]) for part in exercise.tips.all()),
        *((part, ["text"]) for part in exercise.benefits.all()),
        *((variant, ["when", "instruction"]) for variant in variants),
        *((support, ["name"]) for support in supports),
    ]
    complete = all(complete_in(obj, fields, language) for obj, fields in parts)
    return language if complete else ENGLISH


def exercise_entry(exercise, item=None, *, language=ENGLISH):
    """One exercise as printed: ticked and filled in from the program item, or unticked
    with blanks. A prescribed exercise lists only the supports and the variant the
    therapist ticked (an empty list of boxes would leave the patient guessing); one to
    fill in by hand lists every choice with an empty box. The library's text is in the
    patient's language where the library has it (see exercise_language); the fixed words
    (position, dose) in the language active, the patient's (build_snapshot)."""
    supports = list(exercise.support_options.all())
    variants = list(exercise.variants.all())
    prescribed = item is not None
    picture = picture_entry(exercise)
    if prescribed:
        ticked = {support.pk for support in item.supports.all()}
        supports = [support for support in supports if support.pk in ticked]
        variants = [variant for variant in variants if variant.pk == item.variant_id]
    language = exercise_language(exercise, supports, variants, language)

    def text(obj, field):
        return text_in(obj, field, language)

    return {
        "language": language,
        "ticked": prescribed,
        "exercise_id": exercise.pk,
        "name": text(exercise, "name"),
        "position": str(exercise.get_position_display()),
        "picture": picture,
        "illustration": None if picture else illustration_name(exercise),
        "illustration_alt": text(exercise, "illustration_alt"),
        "steps": [text(step, "text") for step in exercise.steps.all()],
        "tips": [text(tip, "text") for tip in exercise.tips.all()],
        "dose": item.dose if item else blank_dose(exercise),
        "supports": [{"name": text(support, "name"), "ticked": prescribed} for support in supports],
        "variants": [
            {
                "when": text(variant, "when"),
                "then": text(variant, "instruction"),
                "ticked": prescribed,
            }
            for variant in variants
        ],
        "note": item.note if item else "",
        "take_care": text(exercise, "take_care"),
        "benefits": [text(benefit, "text") for benefit in exercise.benefits.all()],
        "progression": _progression(item),
    }


def _progression(item):
    """The item's progression as the snapshot keeps it, with the side its times are done
    on ("with each leg"), which the phone page's "This week" line says too."""
    progression = item.progression() if item else None
    return {**progression, "side": item.side} if progression else None


def sheet_entry(sheet, language):
    """An education sheet as printed, in the patient's language when its title and every
    section have one, else in English. A source's title is a publication's: it prints in
    the sheet's language when that language has its own edition (the library's
    translated title), else as published, with its link."""
    fields = ["heading", "text", "checklist", "picture_alt"]
    complete = complete_in(sheet, ["title"], language) and all(
        complete_in(section, fields, language) for section in sheet.sections.all()
    )
    language = language if complete else ENGLISH
    printed = sheet.as_printed(language=language)
    if language != ENGLISH:
        # A source with a title in the sheet's language is that language's publication,
        # found by its title; the link is the English page's, so it is not printed.
        for source, entry in zip(sheet.sources.all(), printed["sources"], strict=True):
            if complete_in(source, ["title"], language):
                entry["url"] = ""
    return {"language": language, **printed}


def build_snapshot(program, *, mode, large_print, today=None):
    """Every word and number the handout prints. `program` must come from
    handout_programs(mode), or each exercise part costs a query. Printed in the patient's
    handout language, and English for an exercise or sheet the library lacks in it."""
    mode = Mode(mode)
    clinic = program.therapist.clinic
    language = program.patient.language
    with translation.override(language):
        if mode == Mode.BLANK:
            content = _blank_form(program, language)
        else:
            content = _filled_in(program, mode, today, language)
        when_to_call = _when_to_call(clinic, language)
        # A therapist may leave the log out (the program's "My week" option).
        my_week = _my_week() if mode == Mode.FILLED and program.my_week else None
    return {
        "version": SNAPSHOT_VERSION,
        "language": language,
        "mode": mode.value,
        "large_print": bool(large_print),
        "paper_size": clinic.paper_size,
        **content,
        "when_to_call": when_to_call,
        "my_week": my_week,
        # Education sheets print after the exercises in every mode (general advice, no
        # patient data), each on a new page.
        "sheets": [sheet_entry(link.sheet, language) for link in program.sheet_links.all()],
        "clinic": {
            "name": clinic.name,
            "phone": clinic.phone,
            "address": lines(clinic.address),
            "logo": clinic.logo.name or "",
        },
    }


def default_reasons_to_call():
    """Page 1's reasons to call, in the active language, for a clinic that wrote none:
    written for the seeds' patients (older adults, many with weak bones, where sudden back
    pain may be a broken bone in the spine)."""
    return {
        "call_us": [
            gettext("You fall."),
            gettext("Your back hurts badly all of a sudden, or in a new way."),
            gettext("The pain is worse the next day."),
        ],
        "emergency": [
            gettext("You have chest pain, or it is hard to breathe."),
            gettext("You feel dizzy, numb or weak, and it does not pass."),
        ],
    }


# The "My week" log: a box a day for this many weeks, for a patient without a phone.
MY_WEEK_WEEKS = 2


def _my_week():
    """The paper log's weekday names, in the active language (Monday first)."""
    return {"days": [str(WEEKDAYS_ABBR[day]) for day in range(7)], "weeks": MY_WEEK_WEEKS}


def _when_to_call(clinic, language):
    """The clinic's reasons to call it and to call the emergency number, in the patient's
    language; each list the clinic left empty in that language is the default one."""
    defaults = default_reasons_to_call()
    return {
        "call_us": lines(text_in(clinic, "call_us_if", language)) or defaults["call_us"],
        "emergency": lines(text_in(clinic, "call_emergency_if", language)) or defaults["emergency"],
    }


def _blank_form(program, language):
    """Nothing about the patient (no name, date, therapist, title, frequency or notes):
    the protocol's words and exercises (or the program's exercises), blanks to fill in.
    The protocol's words are in the patient's language where it has them."""
    protocol = program.protocol
    exercises = [shown for _, shown in _protocol_exercises(program)] if protocol else []
    exercises = exercises or [item.exercise for item in program.items.all()]
    if protocol:
        fields = ["name", "intro", "general_instructions"]
        words = language if complete_in(protocol, fields, language) else ENGLISH
        title = text_in(protocol, "name", words)
        texts = {
            "intro": lines(text_in(protocol, "intro", words)),
            "general_instructions": lines(text_in(protocol, "general_instructions", words)),
        }
    else:
        title, texts = gettext("Home exercise program"), _texts(None)
    return {
        "title": title,
        **texts,
        **dict.fromkeys(
            ["patient", "date", "therapist", "phone", "therapist_phone", "frequency"], ""
        ),
        "special_instructions": [],
        "exercises": [exercise_entry(exercise, language=language) for exercise in exercises],
    }


def _filled_in(program, mode, today, language):
    """The filled handout: the program's exercises in its order, each as often as the
    program lists it. The full sheet reads like the protocol's paper form: its exercises in
    its order, the prescribed ones ticked and filled in, the others to ask about, then any
    the program added. Each exercise once: the program's item claims the protocol's entry
    whether it holds the base exercise or the clinic's copy of it (a clinic may customise an
    exercise after the program was made). A protocol exercise left out because it meets a
    caution for this patient is left off the patient's sheet too."""
    unclaimed = list(program.items.all())
    entries = []
    if mode == Mode.FULL and program.protocol:
        pairs = _protocol_exercises(program)
        cautioned = cautions_by_exercise(
            patient_id=program.patient_id, exercise_ids={shown.pk for _, shown in pairs}
        )
        for original, shown in pairs:
            item = next((item for item in unclaimed if _same_exercise(item, original, shown)), None)
            if item is not None:
                # Printed once, as prescribed: the program's own copy of it.
                unclaimed.remove(item)
                entries.append(exercise_entry(item.exercise, item, language=language))
            elif shown.pk not in cautioned:
                entries.append(exercise_entry(shown, language=language))
    entries += [exercise_entry(item.exercise, item, language=language) for item in unclaimed]
    therapist = program.therapist
    return {
        "title": program.title,
        **_texts(program),
        "patient": program.patient.name,
        # Translators: the handout's date, in Django's date format ("30 de noviembre de 2026").
        "date": date_format(today or timezone.localdate(), pgettext("handout date", "F j, Y")),
        "therapist": str(therapist),
        "phone": therapist.phone or therapist.clinic.phone,
        # The therapist's direct line, printed as such; the clinic's is the one to call.
        "therapist_phone": therapist.phone,
        "frequency": program.frequency,
        "special_instructions": lines(program.special_instructions),
        "exercises": entries,
    }


def _protocol_exercises(program):
    """The protocol's exercises, each as (the protocol's exercise, as the patient's clinic
    has it): its customised copy in place of a base exercise, none it hid
    (programs.services.in_clinic_library). Copies get their printed parts in one query per
    part."""
    exercises = [entry.exercise for entry in program.protocol.items.all()]
    library = in_clinic_library(exercises, clinic_id=program.patient.clinic_id)
    pairs = [(exercise, library[exercise.pk]) for exercise in exercises]
    pairs = [(original, shown) for original, shown in pairs if shown is not None]
    copies = [shown for _, shown in pairs if shown.clinic_id is not None]
    prefetch_related_objects(copies, *EXERCISE_PARTS)
    return pairs


def _same_exercise(item, original, shown):
    """True when the program item holds this protocol exercise: the protocol's own, the
    clinic's copy shown in its place, or another copy of the same base."""
    ids = {original.pk, shown.pk, shown.based_on_id} - {None}
    return item.exercise_id in ids or item.exercise.based_on_id in ids


def _texts(source):
    """The intro and general instructions of a program or protocol, as lines."""
    return {
        "intro": lines(source.intro) if source else [],
        "general_instructions": lines(source.general_instructions) if source else [],
    }


def snapshot_language(snapshot):
    """The language a snapshot (stored dict or Snapshot) was printed in."""
    return Snapshot.read(snapshot).language


def untranslated(snapshot):
    """Names of the exercises and sheets printed in English for a patient who reads another
    language: the preview warns about them."""
    return Snapshot.read(snapshot).untranslated()


def render_html(snapshot):
    """The handout as a web page, for the preview, in the snapshot's language. A filled
    handout shows where its QR code will print (each issued handout gets a new link; the
    preview has none). `snapshot`: a Snapshot or its stored dict, of any version."""
    snapshot = Snapshot.read(snapshot)
    qr_preview = snapshot.mode == Mode.FILLED
    with translation.override(snapshot.language):
        return render_to_string(
            TEMPLATE, {"snapshot": snapshot, "for_pdf": False, "qr_preview": qr_preview}
        )


def render_snapshot_pdf(snapshot, *, qr="", address=""):
    """`qr`: the patient link's QR code (phone/links.py), printed on a filled handout, and
    `address`, the same link's short address to type, printed beside it. Neither is part
    of the snapshot (the phone page and a patient's export read it); the issued handout
    keeps them with its PDF (HandoutPDF). `snapshot`: a Snapshot or its stored dict, of
    any version."""
    snapshot = Snapshot.read(snapshot)
    make_print_copies(snapshot)
    with translation.override(snapshot.language):
        return render_pdf(TEMPLATE, {"snapshot": snapshot, "qr": qr, "address": address})


def rerender_issued(handout):
    """The issued handout's PDF rendered again from its stored snapshot and the patient
    link as printed (two queries and a render), and whether those bytes can equal the
    stored ones: not for a handout with a patient link issued before its printed link was
    kept (only the token's hash is stored: its QR code cannot be drawn again). The render
    is deterministic (no clock, an /ID from the content: handouts/tagging.py), so for the
    others a difference means the snapshot, the code, the fonts or the static files changed
    since it was issued."""
    qr, address = handout.printed_link()
    if qr:
        comparable = True
    else:
        try:
            comparable = handout.patient_link is None
        except ObjectDoesNotExist:
            comparable = True
    return render_snapshot_pdf(handout.snapshot, qr=qr, address=address), comparable


def render_program_pdf(program, *, mode=Mode.FILLED, large_print=False):
    """A handout's PDF without issuing it (command line and tests); loads the program
    with handout_programs() so it may be passed in from anywhere."""
    program = handout_programs(mode).get(pk=program.pk)
    return render_snapshot_pdf(build_snapshot(program, mode=mode, large_print=large_print))


def issue_handout(*, program, user, mode, large_print, ip=None):
    """Renders the handout, then records it, its PDF and its audit row (issued by `user`
    from `ip`) in one transaction: a crash at any point, or an audit row that cannot be
    written, leaves all or none (no stray file, no row without its bytes, no handout
    without its audit row).

    Rendering happens before the transaction, so a slow render (about a second) holds
    no database lock."""
    snapshot = build_snapshot(program, mode=mode, large_print=large_print)
    # A filled handout carries the patient's own link (the phone app provides it); the
    # blank form and the full sheet are not one patient's program as prescribed: none.
    new_link = hooks.provided(PATIENT_LINK) if snapshot["mode"] == Mode.FILLED else None
    link = new_link() if new_link else None
    qr, address = (link.qr_code(), link.typed_address()) if link else ("", "")
    pdf = render_snapshot_pdf(snapshot, qr=qr, address=address)
    with transaction.atomic():
        handout = IssuedHandout.objects.create(
            program=program,
            mode=snapshot["mode"],
            large_print=snapshot["large_print"],
            snapshot=snapshot,
            sha256=hashlib.sha256(pdf).hexdigest(),
            issued_by=user,
        )
        # The link as printed, so the handout renders again to these bytes.
        HandoutPDF.objects.create(handout=handout, data=pdf, qr_code=qr, address=address)
        if link:
            link.save_for(handout)
        write(
            Action.HANDOUT_ISSUED,
            obj=handout,
            patient=program.patient,
            user=user,
            ip=ip,
            detail=issued_kind(handout),
        )
    return handout


def issued_kind(handout):
    """What was issued, in words: "filled", "blank form, large print"..."""
    return handout.get_mode_display().lower() + (", large print" if handout.large_print else "")
