"""Writing answers: one answer set of one measure, checked whole before anything is
stored, with its audit row in the same transaction (STYLE 5)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.log import Action, write
from programs.models import Program

from .models import Activity, Answer, AnswerSet, Discharge, Kind, ProgramMeasure, Source

MAX_EVERY_DAYS = 365


def _value(measure, raw, label):
    """An answer as an int on the measure's scale, or a clear ValidationError."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label}: choose a number from the scale.") from None
    if not measure.scale_min <= value <= measure.scale_max:
        raise ValidationError(
            f"{label}: {value} is not on the scale ({measure.scale_min} to {measure.scale_max})."
        )
    return value


def check_measure(measure, patient):
    if measure.clinic_id is not None and measure.clinic_id != patient.clinic_id:
        raise ValidationError("This questionnaire is not one of this clinic's.")


def name_activities(*, patient, measure, names):
    """The patient's activities for a PSFS-like measure, named once: the names given
    (blank ones dropped) in order. Returns the Activity rows. Refuses too few or too many."""
    check_measure(measure, patient)
    names = [name.strip() for name in names if name and name.strip()]
    if not measure.min_activities <= len(names) <= measure.max_activities:
        raise ValidationError(
            f"Name {measure.min_activities} to {measure.max_activities} activities "
            f"({len(names)} given)."
        )
    if any(len(name) > 120 for name in names):
        raise ValidationError("An activity's name has at most 120 characters.")
    with transaction.atomic():
        Activity.objects.filter(patient=patient, measure=measure, answers__isnull=True).delete()
        if Activity.objects.filter(patient=patient, measure=measure).exists():
            raise ValidationError("The activities are already named and answered.")
        return Activity.objects.bulk_create(
            Activity(patient=patient, measure=measure, order=order, name=name)
            for order, name in enumerate(names)
        )


def record_answers(*, patient, measure, values, day, source, actor=None, program=None, ip=None):
    """Stores one answer set: `values` maps each item's pk (fixed items) or each of the
    patient's activities' pk (PSFS) to its answer. Every question must be answered, each
    on the scale, none unknown or another patient's; otherwise a ValidationError says
    which and nothing is stored. Writes the audit row: the patient on the phone page
    (no actor) or the therapist at the visit. 4 queries to check, then the inserts."""
    check_measure(measure, patient)
    if program is not None and program.patient_id != patient.pk:
        raise ValidationError("This program is another patient's.")
    if measure.kind == Kind.ACTIVITIES:
        activities = Activity.objects.filter(patient=patient, measure=measure)
        questions = {activity.pk: activity.name for activity in activities}
        if not questions:
            raise ValidationError("Name the patient's activities first.")
    else:
        questions = {item.pk: item.text for item in measure.items.all()}
    try:
        given = {int(key): raw for key, raw in values.items()}
    except (TypeError, ValueError):
        raise ValidationError("An answer names a question that does not exist.") from None
    unknown = set(given) - set(questions)
    if unknown:
        raise ValidationError("An answer names a question this questionnaire does not ask.")
    missing = [text for pk, text in questions.items() if pk not in given]
    if missing:
        raise ValidationError(f"Answer every question: “{missing[0]}” has no answer.")
    checked = {pk: _value(measure, raw, questions[pk]) for pk, raw in given.items()}
    with transaction.atomic():
        answer_set = AnswerSet.objects.create(
            patient=patient,
            program=program,
            measure=measure,
            day=day,
            source=source,
            entered_by=actor,
            score=measure.score(checked.values()),
        )
        key = "activity_id" if measure.kind == Kind.ACTIVITIES else "item_id"
        Answer.objects.bulk_create(
            Answer(answer_set=answer_set, value=value, **{key: pk}) for pk, value in checked.items()
        )
        phone = source == Source.PHONE
        write(
            Action.ANSWERS_RECORDED,
            obj=answer_set,
            patient=patient,
            user=actor,
            ip=ip,
            detail=f"{'patient link: ' if phone else ''}answers to {measure.slug}",
        )
    return answer_set


def set_schedule(*, program, entries, user, ip=None):
    """The program's own measure schedule: `entries` maps each measure offered to
    (at_start, every_days, at_discharge), all unset for one the program does not ask.
    Every measure offered gets a row, so an empty schedule stays empty rather than falling
    back to the protocol's (schedule.planned_for). Refuses a program already revised (its
    successor asks now), another clinic's measure, or a bad number; stores nothing then."""
    if not program.is_current:
        raise ValidationError("This revision was revised: change the newest revision's schedule.")
    for measure, (_, every_days, _) in entries.items():
        check_measure(measure, program.patient)
        if every_days is not None and not 1 <= every_days <= MAX_EVERY_DAYS:
            raise ValidationError(
                f"{measure.short_name}: ask again every 1 to {MAX_EVERY_DAYS} days."
            )
    with transaction.atomic():
        ProgramMeasure.objects.filter(program=program).delete()
        ProgramMeasure.objects.bulk_create(
            ProgramMeasure(
                program=program,
                measure=measure,
                at_start=at_start,
                every_days=every_days,
                at_discharge=at_discharge,
            )
            for measure, (at_start, every_days, at_discharge) in entries.items()
        )
        asked = sorted(m.slug for m, times in entries.items() if any(times))
        write(
            Action.PROGRAM_CHANGED,
            obj=program,
            patient=program.patient,
            user=user,
            ip=ip,
            detail=f"measure schedule: {', '.join(asked) or 'none'}",
        )


def copy_schedule(*, program, revision):
    """A revision asks what its program asked: the program's own schedule rows, copied
    (programs/services.py revise_program asks for this through core/hooks.py). One query
    to read, one to write."""
    ProgramMeasure.objects.bulk_create(
        ProgramMeasure(
            program=revision,
            measure_id=row.measure_id,
            at_start=row.at_start,
            every_days=row.every_days,
            at_discharge=row.at_discharge,
        )
        for row in ProgramMeasure.objects.filter(program=program)
    )


def discharge(*, program, day, user, ip=None):
    """Discharges the patient from the program (its newest revision, saved): from `day` the
    phone page asks the schedule's discharge measures once each, and nothing else of it.
    Audited in the same transaction. Refuses a draft, a revised program and a second
    discharge."""
    if program.is_draft:
        raise ValidationError("A draft is not the patient's program yet: save it first.")
    if not program.is_current:
        raise ValidationError("This program was revised: discharge from the newest revision.")
    with transaction.atomic():
        # The program's row is locked first: a double click discharges once (SQLite's
        # IMMEDIATE transactions lock the whole database instead).
        Program.objects.select_for_update().only("pk").get(pk=program.pk)
        if Discharge.objects.filter(program=program).exists():
            raise ValidationError("The patient is already discharged from this program.")
        made = Discharge.objects.create(program=program, day=day, discharged_by=user)
        write(
            Action.PATIENT_DISCHARGED,
            obj=program,
            patient=program.patient,
            user=user,
            ip=ip,
            detail=f"discharged from program {program.pk} on {day}",
        )
    return made
