from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from audit.log import Action, client_ip, record
from handouts.models import IssuedHandout
from programs.access import get_patient_for
from programs.models import Patient, Therapist

from . import library, services
from .forms import EraseForm, LibraryForm, LibraryImportForm


def _not_allowed(request, patient, what):
    """A patient of the user's clinic, but not theirs to export or erase: 403, audited."""
    record(
        request, Action.ACCESS_DENIED, obj=patient, patient=patient, detail=f"{what}: not allowed"
    )
    context = {"patient": patient, "what": what}
    return render(request, "records/not_allowed.html", context, status=403)


@login_required
def export(request, pk):
    """GET: what the export holds and a button; POST: the zip (audited). Queries for the
    zip: session, user, patient, who may, then a fixed number for the record itself."""
    patient = get_patient_for(
        request, pk, Patient.objects.select_related("clinic").prefetch_related("conditions")
    )
    if not services.may_export(request.user, patient):
        return _not_allowed(request, patient, "export")
    if request.method != "POST":
        record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="export page")
        return render(request, "records/export.html", {"patient": patient})
    archive = services.export_patient(patient)
    record(request, Action.PATIENT_EXPORTED, obj=patient, patient=patient)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"patient-{patient.pk}-record.zip",  # the name says nothing about them
        content_type="application/zip",
    )


@login_required
def erase(request, pk):
    """A clinic admin erases the patient's whole record after typing the name again."""
    patient = get_patient_for(request, pk, Patient.objects.select_related("clinic"))
    if not services.may_erase(request.user, patient):
        return _not_allowed(request, patient, "erase")
    form = EraseForm(request.POST or None, patient=patient)
    hold = None
    try:
        services.check_retention(patient)
    except services.RetentionHold as held:
        hold = str(held)
    if request.method == "POST" and hold is None and form.is_valid():
        services.erase_patient(patient=patient, user=request.user, ip=client_ip(request))
        # The message names no one: it outlives the record in the session's cookie.
        messages.success(request, f"Patient #{pk}'s record was erased.")
        return redirect("programs:patients")
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="erase page")
    counts = {
        "programs": patient.programs.count(),
        "handouts": IssuedHandout.objects.filter(program__patient=patient).count(),
    }
    context = {"patient": patient, "form": form, "hold": hold, "counts": counts}
    status = 400 if request.method == "POST" else 200
    return render(request, "records/erase.html", context, status=status)


# A clinic's library, from Django admin (urls.py wraps these in admin_view: staff only) ----


def _library_clinic(user):
    """(may, clinic): a superuser may move any clinic's library (clinic None: they choose);
    a clinic admin only their own clinic's (one or two queries)."""
    if user.is_superuser:
        return True, None
    if services.is_clinic_admin(user):
        therapist = Therapist.objects.filter(user=user).select_related("clinic").first()
        if therapist is not None:
            return True, therapist.clinic
    return False, None


def library_export(request):
    """GET: what the export holds (and, for a superuser, which clinic); POST: the zip."""
    may, clinic = _library_clinic(request.user)
    if not may:
        raise PermissionDenied
    form = LibraryForm(request.POST or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        clinic = form.chosen_clinic()
        try:
            archive, _ = library.export_library(clinic, user=request.user, ip=client_ip(request))
        except library.LibraryError as problem:
            messages.error(request, str(problem))
            return redirect("records:library_export")
        return FileResponse(
            archive,
            as_attachment=True,
            filename=f"library-{slugify(clinic.name) or clinic.pk}-{timezone.now():%Y-%m-%d}.zip",
            content_type="application/zip",
        )
    context = {
        **admin.site.each_context(request),
        "title": "Export library",
        "form": form,
        "clinic": clinic,
        "exercises": library.clinic_exercises(clinic).count() if clinic else None,
        "protocols": library.clinic_protocols(clinic).count() if clinic else None,
    }
    return render(request, "records/library_export.html", context)


def library_import(request):
    """GET: the upload form; POST: the import, all or nothing, then its summary."""
    may, clinic = _library_clinic(request.user)
    if not may:
        raise PermissionDenied
    form = LibraryImportForm(request.POST or None, request.FILES or None, clinic=clinic)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            chosen = form.chosen_clinic()
            try:
                summary = library.import_library(
                    form.cleaned_data["archive"],
                    clinic=chosen,
                    user=request.user,
                    ip=client_ip(request),
                )
            except library.LibraryError as problem:
                form.add_error("archive", f"{problem} Nothing was imported.")
            else:
                messages.success(
                    request, f"Imported into {chosen.name}: {library.describe(summary)}"
                )
                for note in summary["notes"]:
                    messages.warning(request, note)
                return redirect("records:library_import")
    context = {
        **admin.site.each_context(request),
        "title": "Import library",
        "form": form,
        "clinic": clinic,
    }
    return render(request, "records/library_import.html", context, status=status)
