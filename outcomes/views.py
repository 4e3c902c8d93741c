"""The therapist's side: enter a measure at the visit, and name the patient's PSFS
activities with them (once; carried to each later ask)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.log import Action, client_ip, record
from clinics.access import get_patient_for
from clinics.models import Patient
from programs.access import get_program_for
from programs.models import Program

from . import services
from .forms import ScheduleForm
from .models import Activity, Discharge, Kind, Measure, Source
from .schedule import planned_for


def questions_of(measure, activities):
    """(pk, text) of each question: the measure's items, or the patient's activities."""
    if measure.kind == Kind.ACTIVITIES:
        return [(a.pk, a.name) for a in activities.get(measure.pk, [])]
    return [(item.pk, item.text) for item in measure.items.all()]


@login_required
def visit(request, patient_pk):
    """Every measure of the clinic, each with a form to enter the patient's answers now.
    Queries: session, user, patient, the audit row, the measures with their items, the
    patient's activities (and on a POST, services.record_answers)."""
    patient = get_patient_for(request, patient_pk, _patients())
    measures = list(Measure.objects.for_clinic(patient.clinic_id).prefetch_related("items"))
    activities = {}
    for activity in Activity.objects.filter(patient=patient):
        activities.setdefault(activity.measure_id, []).append(activity)
    errors, posted = {}, {}
    if request.method == "POST":
        measure = next((m for m in measures if str(m.pk) == request.POST.get("measure")), None)
        if measure is None:
            errors[None] = "Choose one of this clinic's questionnaires."
        else:
            posted[measure.pk] = {
                key.removeprefix("q-"): value
                for key, value in request.POST.items()
                if key.startswith("q-")
            }
            try:
                services.record_answers(
                    patient=patient,
                    measure=measure,
                    values=posted[measure.pk],
                    day=timezone.localdate(timezone=patient.clinic.zone),
                    source=Source.VISIT,
                    actor=request.user,
                    program=patient.programs.filter(next_revision__isnull=True).first(),
                )
            except ValidationError as error:
                errors[measure.pk] = " ".join(error.messages)
            else:
                messages.success(request, f"{measure.short_name} saved.")
                return redirect("programs:patient", patient.pk)
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="measures form")
    forms = [
        {
            "measure": measure,
            # Each question with the answer just sent, kept when the set was refused.
            "questions": [
                (pk, text, posted.get(measure.pk, {}).get(str(pk)))
                for pk, text in questions_of(measure, activities)
            ],
            "values": [str(value) for value in range(measure.scale_min, measure.scale_max + 1)],
            "error": errors.get(measure.pk),
        }
        for measure in measures
    ]
    context = {"patient": patient, "forms": forms, "error": errors.get(None)}
    status = 400 if errors else 200
    return render(request, "outcomes/visit.html", context, status=status)


@login_required
def activities(request, patient_pk, measure_pk):
    """Name the patient's activities for a PSFS-like measure, once."""
    patient = get_patient_for(request, patient_pk, _patients())
    measure = get_object_or_404(
        Measure.objects.for_clinic(patient.clinic_id), pk=measure_pk, kind=Kind.ACTIVITIES
    )
    error, names = None, [""] * measure.max_activities
    if request.method == "POST":
        names = [request.POST.get(f"activity-{n}", "") for n in range(measure.max_activities)]
        try:
            services.name_activities(patient=patient, measure=measure, names=names)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            record(request, Action.PATIENT_CHANGED, obj=patient, patient=patient,
                   detail=f"activities named for {measure.slug}")  # fmt: skip
            return redirect("outcomes:visit", patient.pk)
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="activities form")
    context = {"patient": patient, "measure": measure, "names": names, "error": error}
    return render(request, "outcomes/activities.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, program_pk):
    """Which measures the program asks, and when. The newest revision (or a draft) only:
    an earlier revision's schedule is shown, not changed. Queries: session, user, the
    program with its patient, clinic and next revision, the schedule (planned_for: 1 to 3),
    the clinic's measures, the audit row (and on a save, set_schedule's)."""
    program = get_program_for(request, program_pk, _programs())
    patient = program.patient
    measures = list(Measure.objects.for_clinic(patient.clinic_id))
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        measures=measures,
        planned=planned_for(program),
    )
    error = None
    if request.method == "POST":
        if not program.is_current:
            error = "This revision was revised: change the newest revision's schedule."
        elif form.is_valid():
            try:
                services.set_schedule(
                    program=program,
                    entries=form.entries(),
                    user=request.user,
                    ip=client_ip(request),
                )
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                messages.success(request, "Measure schedule saved.")
                return redirect("programs:patient", patient.pk)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=patient, detail="measure schedule")
    context = {"program": program, "patient": patient, "form": form, "error": error}
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/schedule.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def discharge(request, program_pk):
    """Asks to confirm, then discharges the patient from the program: the phone page asks
    the schedule's discharge measures next (services.discharge writes the audit row)."""
    program = get_program_for(request, program_pk, _programs())
    patient = program.patient
    done = Discharge.objects.filter(program=program).select_related("discharged_by").first()
    error = None
    if request.method == "POST" and done is None:
        try:
            services.discharge(
                program=program,
                day=timezone.localdate(timezone=patient.clinic.zone),
                user=request.user,
                ip=client_ip(request),
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"{patient.name} is discharged from {program.title}.")
            return redirect("programs:patient", patient.pk)
    elif request.method == "POST":
        error = "The patient is already discharged from this program."
    else:
        record(
            request, Action.PROGRAM_VIEWED, obj=program, patient=patient, detail="discharge form"
        )
    asked = [entry.measure for entry in planned_for(program) if entry.at_discharge]
    context = {
        "program": program,
        "patient": patient,
        "done": done,
        "asked": asked,
        "error": error,
    }
    return render(request, "outcomes/discharge.html", context, status=400 if error else 200)


def _programs():
    return Program.objects.select_related("patient__clinic", "next_revision")


def _patients():
    return Patient.objects.select_related("clinic")
