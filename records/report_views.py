"""The progress report's one click on the patient page (records/report.py builds it)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from audit.log import Action, record
from clinics.access import get_patient_for
from clinics.models import Patient

from .report import build_report, report_pdf

DAYS_CHOICES = range(7, 366)


@login_required
def progress_report(request, pk):
    """The last `days` (default 30) as a PDF, audited like a handout download. Queries:
    session, user, patient, the report's (records/report.py), the audit row."""
    patient = get_patient_for(request, pk, Patient.objects.select_related("clinic"))
    raw = request.GET.get("days", "30")
    days = int(raw) if raw.isdigit() else None
    if days not in DAYS_CHOICES:
        context = {"patient": patient, "problem": "Choose a period of 7 to 365 days."}
        return render(request, "records/report_refused.html", context, status=400)
    pdf = report_pdf(build_report(patient, days=days))
    detail = f"progress report, {days} days"
    record(request, Action.REPORT_DOWNLOADED, obj=patient, patient=patient, detail=detail)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="progress-report-{patient.pk}.pdf"'
    return response
