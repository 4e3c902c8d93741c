"""A patient's whole record: who may export or erase it, the export, the erasure.

Erasure deletes every row about the patient (programs and their items, ticks and "how it
felt" answers, outcome answers and named activities, issued handouts and their PDFs and
phone links, the patient) in one transaction. Audit rows stay as they were: they name the
patient by id only
(audit/models.py), and once the patient row is gone that id is a pseudonym. The erasure
itself is the last event with that id."""

import datetime
import json
import tempfile
import zipfile

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from audit.log import Action, write
from audit.models import AuditEvent
from clinics.models import Patient
from clinics.roles import is_clinic_admin
from handouts.models import HandoutPDF, IssuedHandout
from handouts.snapshot import Snapshot
from outcomes.models import Answer, AnswerSet
from phone.models import DayFeeling, ExerciseTick, PatientLink
from programs.models import Program, ProgramItem

from .fhir import patient_bundle

EXPORT_FORMAT = 1


class RetentionHold(Exception):
    """The record is younger than RETENTION_YEARS: the law asks the clinic to keep it."""


# Who may -----------------------------------------------------------------------------


def may_export(user, patient):
    """A clinic admin, or a therapist who wrote one of the patient's programs (at most
    two queries)."""
    return is_clinic_admin(user) or patient.programs.filter(therapist__user=user).exists()


def may_erase(user, patient):
    return is_clinic_admin(user)


# Last visit and the retention hold ------------------------------------------------------


def with_last_visit(patients):
    """Annotates `last_visit`: the latest of the patient's creation, a program written or
    changed, a handout issued."""
    created = "created_at"
    return patients.annotate(
        last_visit=Greatest(
            created,
            Coalesce(Max("programs__updated_at"), created),
            Coalesce(Max("programs__handouts__issued_at"), created),
        )
    )


def held_until(last_visit, years=None):
    """The first moment the record may be erased, or None when there is no hold."""
    years = settings.RETENTION_YEARS if years is None else years
    if not years:
        return None
    try:
        return last_visit.replace(year=last_visit.year + years)
    except ValueError:  # 29 February
        return last_visit.replace(year=last_visit.year + years, day=28)


def check_retention(patient, *, now=None):
    """Raises RetentionHold while the record is younger than RETENTION_YEARS (one query)."""
    now = now or timezone.now()
    last_visit = with_last_visit(Patient.objects.filter(pk=patient.pk)).get().last_visit
    until = held_until(last_visit)
    if until is not None and until > now:
        years = settings.RETENTION_YEARS
        raise RetentionHold(
            f"This record must be kept until {timezone.localtime(until):%B %-d, %Y}: "
            f"records are kept {years} year{'s' if years != 1 else ''} after the last visit "
            f"({timezone.localtime(last_visit):%B %-d, %Y}) by this clinic's retention "
            "setting (RETENTION_YEARS)."
        )


def stale_patients(*, years, now=None):
    """Patients whose last visit is more than `years` years ago, oldest first."""
    now = now or timezone.now()
    cutoff = held_until(now, -years) if years else now
    return (
        with_last_visit(Patient.objects.all())
        .filter(last_visit__lt=cutoff)
        .order_by("last_visit", "pk")
    )


# Export ------------------------------------------------------------------------------


def export_patient(patient):
    """The patient's whole record as a zip (a spooled temporary file, rewound): their
    details, every program revision and item, every issued handout with its PDF, and the
    audit events about them, as JSON plus the PDFs. A fixed number of queries."""
    programs = list(
        Program.objects.filter(patient=patient)
        .select_related("therapist__user", "protocol", "previous", "discharge")
        .prefetch_related("sheet_links__sheet")
        .order_by("created_at", "pk")
    )
    items = (
        ProgramItem.objects.filter(program__patient=patient)
        .select_related("exercise", "variant", "caution_reason_by")
        .prefetch_related("supports")
        .order_by("program", "order", "pk")
    )
    items_of = {}
    for item in items:
        items_of.setdefault(item.program_id, []).append(_item(item))
    ticks_of, feelings_of = {}, {}
    ticks = ExerciseTick.objects.filter(program__patient=patient).order_by("program", "day", "pk")
    for program_id, exercise, day in ticks.values_list("program_id", "exercise__name", "day"):
        ticks_of.setdefault(program_id, []).append({"day": day, "exercise": exercise})
    feelings = DayFeeling.objects.filter(program__patient=patient).order_by("program", "day")
    for feeling in feelings:
        feelings_of.setdefault(feeling.program_id, []).append(
            {"day": feeling.day, "pain": feeling.pain, "effort": feeling.get_effort_display()}
        )
    handouts = list(
        IssuedHandout.objects.filter(program__patient=patient)
        .select_related("issued_by", "program")
        .order_by("issued_at", "pk")
    )
    # The links' dates only: their hashes are keys (the PDFs in the export print the links).
    links = {
        link.handout_id: link
        for link in PatientLink.objects.filter(handout__program__patient=patient).select_related(
            "revoked_by"
        )
    }
    events = (
        AuditEvent.objects.filter(patient_id=patient.pk)
        .select_related("actor")
        .order_by("at", "pk")
    )
    record = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "patient": {
            "id": patient.pk,
            "name": patient.name,
            "birth_date": patient.birth_date,
            "chart_number": patient.chart_number,
            "language": patient.language,
            "conditions": [condition.name for condition in patient.conditions.all()],
            "clinic": patient.clinic.name,
            "created_at": patient.created_at,
        },
        "programs": [
            {
                **_program(program, items_of.get(program.pk, [])),
                "done_at_home": ticks_of.get(program.pk, []),
                "how_it_felt": feelings_of.get(program.pk, []),
            }
            for program in programs
        ],
        "handouts": [_handout(handout, links.get(handout.pk)) for handout in handouts],
        "outcome_measures": _answer_sets(patient),
        "audit_events": [_event(event) for event in events],
    }
    archive = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("README.txt", _readme(record))
        zipped.writestr("record.json", json.dumps(record, cls=DjangoJSONEncoder, indent=1))
        zipped.writestr("fhir-bundle.json", json.dumps(patient_bundle(patient), indent=1))
        pdfs = HandoutPDF.objects.filter(handout__in=handouts).values_list("handout_id", "data")
        for handout_id, data in pdfs.iterator(chunk_size=20):
            # PDFs are compressed already.
            zipped.writestr(_pdf_name(handout_id), bytes(data), zipfile.ZIP_STORED)
    archive.seek(0)
    return archive


def _answer_sets(patient):
    """Each outcome answer set with its answers (2 queries)."""
    answers_of = {}
    answers = Answer.objects.filter(answer_set__patient=patient).select_related("item", "activity")
    for answer in answers.order_by("pk"):
        question = answer.item.text if answer.item else answer.activity.name
        answers_of.setdefault(answer.answer_set_id, []).append(
            {"question": question, "answer": answer.value}
        )
    sets = AnswerSet.objects.filter(patient=patient).select_related("measure", "entered_by")
    return [
        {
            "measure": answer_set.measure.name,
            "day": answer_set.day,
            "source": answer_set.get_source_display(),
            "entered_by": _person(answer_set.entered_by),
            "program_id": answer_set.program_id,
            "score": answer_set.score,
            "answers": answers_of.get(answer_set.pk, []),
        }
        for answer_set in sets.order_by("day", "pk")
    ]


def _pdf_name(handout_id):
    return f"handouts/handout-{handout_id}.pdf"


def _person(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _program(program, items):
    return {
        "id": program.pk,
        "revision": program.revision,
        "previous_revision_id": program.previous_id,
        "title": program.title,
        "therapist": _person(program.therapist.user),
        "protocol": program.protocol.name if program.protocol else None,
        "intro": program.intro,
        "general_instructions": program.general_instructions,
        "frequency": program.frequency,
        "special_instructions": program.special_instructions,
        "education_sheets": [link.sheet.title for link in program.sheet_links.all()],
        "created_at": program.created_at,
        "updated_at": program.updated_at,
        "discharged_on": _discharged_on(program),
        "items": items,
    }


def _discharged_on(program):
    """The day the patient was discharged from the program (outcomes' Discharge, selected
    with it), or None."""
    try:
        return program.discharge.day
    except ObjectDoesNotExist:
        return None


def _item(item):
    return {
        "order": item.order,
        "exercise": item.exercise.name,
        "dose": item.dose,
        **item.dose_values(),
        "variant": item.variant.when if item.variant else None,
        "supports": [support.name for support in item.supports.all()],
        "note": item.note,
        "caution_reason": item.caution_reason,
        "caution_reason_by": _person(item.caution_reason_by),
        "caution_reason_at": item.caution_reason_at,
    }


def _handout(handout, link=None):
    return {
        "phone_link": _link(link),
        "id": handout.pk,
        "program_id": handout.program_id,
        "mode": handout.mode,
        "large_print": handout.large_print,
        "issued_at": handout.issued_at,
        "issued_by": _person(handout.issued_by),
        "sha256": handout.sha256,
        "pdf": _pdf_name(handout.pk),
        # What was printed, in the current snapshot version (handouts/snapshot.py).
        "printed": Snapshot.from_dict(handout.snapshot).to_dict(),
    }


def _link(link):
    if link is None:
        return None
    return {
        "created_at": link.created_at,
        "revoked_at": link.revoked_at,
        "revoked_by": _person(link.revoked_by),
    }


def _event(event):
    return {
        "at": event.at,
        "action": event.action,
        "what": event.get_action_display(),
        "who": _person(event.actor) or event.username,
        "object": f"{event.object_type} {event.object_id}" if event.object_type else "",
        "detail": event.detail,
    }


def _readme(record):
    patient = record["patient"]
    return (
        f"The record of {patient['name']} kept by {patient['clinic']}, "
        f"exported {record['exported_at']:%Y-%m-%d %H:%M} UTC.\n\n"
        "record.json: the patient's details, every program revision with its exercises "
        "(and what the patient ticked done and how it felt on the phone page), "
        "every handout given (with every word and number printed on it), and every recorded "
        "access to this record (who, when, what).\n"
        "handouts/: each handout's PDF exactly as it was printed; its SHA-256 is in "
        "record.json.\n"
        "fhir-bundle.json: the same patient, current program, outcome answers and pain "
        "answers as a FHIR R4 bundle (docs/fhir.md).\n"
    )


# Erasure -----------------------------------------------------------------------------


def erase_patient(*, patient, user=None, username="", ip=None, now=None):
    """Deletes every row about the patient in one transaction and writes the final audit
    event, "erased by X at T" (its detail names no one but X). Raises RetentionHold when
    RETENTION_YEARS still holds the record. Returns the event."""
    now = now or timezone.now()
    check_retention(patient, now=now)
    who = _person(user) or username
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # Deleted rows are overwritten with zeros instead of lingering in free pages
            # (which a later backup would copy). A setting of this connection, for good.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        patient = Patient.objects.select_for_update().get(pk=patient.pk)
        programs = Program.objects.filter(patient=patient)
        handouts = IssuedHandout.objects.filter(program__patient=patient)
        counts = {"programs": programs.count(), "handouts": handouts.count()}
        handouts.delete()  # and their PDFs and phone links
        # Revisions point at the one before them (PROTECT): unlink them, then delete all.
        programs.exclude(previous=None).update(previous=None)
        programs.delete()  # and their items, ticks and "how it felt" answers
        pseudonym, clinic_id = patient.pk, patient.clinic_id
        patient.delete()  # audit rows keep patient_id, which now names nobody
        at = now.astimezone(datetime.UTC)
        return write(
            Action.PATIENT_ERASED,
            user=user,
            username=username or (user.get_username() if user else ""),
            clinic_id=clinic_id,
            obj=Patient(pk=pseudonym),
            patient_id=pseudonym,
            ip=ip,
            detail=(
                f"erased by {who} at {at:%Y-%m-%d %H:%M} UTC: "
                f"{counts['programs']} programs, {counts['handouts']} handouts"
            )[:200],
        )
