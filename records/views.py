from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render

from audit.log import Action, client_ip, record
from clinics.access import get_patient_for
from clinics.models import Patient
from handouts.models import IssuedHandout

from . import services
from .forms import EraseForm


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
