"""From a program to the handout: the snapshot of what is printed, its PDF, and issuing it.

The templates read only the snapshot (plain JSON), so what an issued handout stores is
exactly what was printed."""

import hashlib
import logging
import secrets

import segno
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from core.text import lines
from education.models import ProgramSheet
from exercises.models import describe_dose, validate_illustration_path
from programs.cautions import cautions_by_exercise
from programs.models import Program, ProgramItem, ProtocolItem

from .fetcher import RefusedURL, static_path
from .models import HandoutPDF, IssuedHandout, Mode, PatientLink, hash_token
from .render import render_pdf

logger = logging.getLogger(__name__)

TEMPLATE = "handouts/handout.html"
EXERCISE_PARTS = ["steps", "tips", "benefits", "variants", "support_options"]
BLANK = "________"
# 2: an exercise's "cautions" became "take_care"; 3: the clinic's address and logo, only
# the ticked choices of a prescribed exercise; 4: education sheets.
# 5 (h5-phone): each exercise's "exercise_id", which the phone page's ticks name.
SNAPSHOT_VERSION = 5
DEFAULT_TITLE = "Home exercise program"


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


def exercise_entry(exercise, item=None):
    """One exercise as printed: ticked and filled in from the program item, or unticked
    with blanks. A prescribed exercise lists only the supports and the variant the
    therapist ticked (an empty list of boxes would leave the patient guessing); one to
    fill in by hand lists every choice with an empty box."""
    supports = list(exercise.support_options.all())
    variants = list(exercise.variants.all())
    prescribed = item is not None
    if prescribed:
        ticked = {support.pk for support in item.supports.all()}
        supports = [support for support in supports if support.pk in ticked]
        variants = [variant for variant in variants if variant.pk == item.variant_id]
    return {
        "ticked": prescribed,
        "exercise_id": exercise.pk,
        "name": exercise.name,
        "position": exercise.get_position_display(),
        "illustration": illustration_name(exercise),
        "illustration_alt": exercise.illustration_alt,
        "steps": [step.text for step in exercise.steps.all()],
        "tips": [tip.text for tip in exercise.tips.all()],
        "dose": item.dose if item else blank_dose(exercise),
        "supports": [{"name": support.name, "ticked": prescribed} for support in supports],
        "variants": [
            {"when": variant.when, "then": variant.instruction, "ticked": prescribed}
            for variant in variants
        ],
        "note": item.note if item else "",
        "take_care": exercise.take_care,
        "benefits": [benefit.text for benefit in exercise.benefits.all()],
    }


def build_snapshot(program, *, mode, large_print, today=None):
    """Every word and number the handout prints. `program` must come from
    handout_programs(mode), or each exercise part costs a query."""
    mode = Mode(mode)
    clinic = program.therapist.clinic
    content = _blank_form(program) if mode == Mode.BLANK else _filled_in(program, mode, today)
    return {
        "version": SNAPSHOT_VERSION,
        "mode": mode.value,
        "large_print": bool(large_print),
        "paper_size": clinic.paper_size,
        **content,
        # Education sheets print after the exercises in every mode (general advice, no
        # patient data), each on a new page.
        "sheets": [link.sheet.as_printed() for link in program.sheet_links.all()],
        "clinic": {
            "name": clinic.name,
            "phone": clinic.phone,
            "address": lines(clinic.address),
            "logo": clinic.logo.name or "",
        },
    }


def _blank_form(program):
    """Nothing about the patient (no name, date, therapist, title, frequency or notes):
    the protocol's words and exercises (or the program's exercises), blanks to fill in."""
    protocol = program.protocol
    exercises = [entry.exercise for entry in protocol.items.all()] if protocol else []
    exercises = exercises or [item.exercise for item in program.items.all()]
    return {
        "title": protocol.name if protocol else DEFAULT_TITLE,
        **_texts(protocol),
        **dict.fromkeys(["patient", "date", "therapist", "phone", "frequency"], ""),
        "special_instructions": [],
        "exercises": [exercise_entry(exercise) for exercise in exercises],
    }


def _filled_in(program, mode, today):
    """The filled handout: the program's exercises in its order, each as often as the
    program lists it. The full sheet reads like the protocol's paper form: its exercises in
    its order, the prescribed ones ticked and filled in, the others to ask about, then any
    the program added. A protocol exercise left out because it meets a caution for this
    patient is left off the patient's sheet too."""
    unclaimed = list(program.items.all())
    entries = []
    if mode == Mode.FULL and program.protocol:
        in_protocol = list(program.protocol.items.all())
        cautioned = cautions_by_exercise(
            patient_id=program.patient_id, exercise_ids={entry.exercise_id for entry in in_protocol}
        )
        for entry in in_protocol:
            item = next((item for item in unclaimed if item.exercise_id == entry.exercise_id), None)
            if item is not None:
                unclaimed.remove(item)
                entries.append(exercise_entry(entry.exercise, item))
            elif entry.exercise_id not in cautioned:
                entries.append(exercise_entry(entry.exercise))
    entries += [exercise_entry(item.exercise, item) for item in unclaimed]
    therapist = program.therapist
    return {
        "title": program.title,
        **_texts(program),
        "patient": program.patient.name,
        "date": date_format(today or timezone.localdate(), "F j, Y"),
        "therapist": str(therapist),
        "phone": therapist.phone or therapist.clinic.phone,
        "frequency": program.frequency,
        "special_instructions": lines(program.special_instructions),
        "exercises": entries,
    }


def _texts(source):
    """The intro and general instructions of a program or protocol, as lines."""
    return {
        "intro": lines(source.intro) if source else [],
        "general_instructions": lines(source.general_instructions) if source else [],
    }


def render_html(snapshot):
    """The handout as a web page, for the preview. A filled handout shows where its QR
    code will print (each issued handout gets a new link; the preview has none)."""
    qr_preview = snapshot["mode"] == Mode.FILLED
    return render_to_string(
        TEMPLATE, {"snapshot": snapshot, "for_pdf": False, "qr_preview": qr_preview}
    )


def render_snapshot_pdf(snapshot, *, qr=None):
    """`qr`: the patient link's QR code (qr_code()), printed on a filled handout. It is not
    part of the snapshot, which never holds the link's token."""
    return render_pdf(TEMPLATE, {"snapshot": snapshot, "qr": qr})


# 18 random bytes: 144 bits, 24 URL-safe characters (the issue asks for at least 128).
TOKEN_BYTES = 18


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def patient_link_url(token):
    return f"{settings.SITE_URL}/h/{token}"


def qr_code(token):
    """The patient link's QR code as an SVG data: URL (the only kind of URL besides static
    files the PDF's fetcher reads). Error correction M survives a crease or a smudge."""
    code = segno.make(patient_link_url(token), error="m", micro=False)
    return code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def render_program_pdf(program, *, mode=Mode.FILLED, large_print=False):
    """A handout's PDF without issuing it (command line and tests); loads the program
    with handout_programs() so it may be passed in from anywhere."""
    program = handout_programs(mode).get(pk=program.pk)
    return render_snapshot_pdf(build_snapshot(program, mode=mode, large_print=large_print))


def issue_handout(*, program, user, mode, large_print):
    """Renders the handout, then records it and its PDF in one transaction: a crash at
    any point leaves both or neither (no stray file, no row without its bytes).

    Rendering happens before the transaction, so a slow render (about a second) holds
    no database lock."""
    snapshot = build_snapshot(program, mode=mode, large_print=large_print)
    # A filled handout carries the patient's own link; the blank form and the full sheet
    # are not one patient's program as prescribed, so they print none.
    token = new_token() if snapshot["mode"] == Mode.FILLED else None
    pdf = render_snapshot_pdf(snapshot, qr=qr_code(token) if token else None)
    with transaction.atomic():
        handout = IssuedHandout.objects.create(
            program=program,
            mode=snapshot["mode"],
            large_print=snapshot["large_print"],
            snapshot=snapshot,
            sha256=hashlib.sha256(pdf).hexdigest(),
            issued_by=user,
        )
        HandoutPDF.objects.create(handout=handout, data=pdf)
        if token:
            PatientLink.objects.create(handout=handout, token_sha256=hash_token(token))
    return handout
