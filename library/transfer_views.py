"""A clinic's library moved between installs from Django admin: export as a zip, import one.
library/urls.py wraps these in admin_view (staff only)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from audit.log import client_ip
from clinics.models import Therapist
from clinics.roles import is_clinic_admin

from . import transfer
from .forms import LibraryForm, LibraryImportForm

# A clinic's library, from Django admin (urls.py wraps these in admin_view: staff only) ----


def _library_clinic(user):
    """(may, clinic): a superuser may move any clinic's library (clinic None: they choose);
    a clinic admin only their own clinic's (one or two queries)."""
    if user.is_superuser:
        return True, None
    if is_clinic_admin(user):
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
            archive, _ = transfer.export_library(clinic, user=request.user, ip=client_ip(request))
        except transfer.LibraryError as problem:
            messages.error(request, str(problem))
            return redirect("library:export")
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
        "exercises": transfer.clinic_exercises(clinic).count() if clinic else None,
        "protocols": transfer.clinic_protocols(clinic).count() if clinic else None,
    }
    return render(request, "library/library_export.html", context)


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
                summary = transfer.import_library(
                    form.cleaned_data["archive"],
                    clinic=chosen,
                    user=request.user,
                    ip=client_ip(request),
                )
            except transfer.LibraryError as problem:
                form.add_error("archive", f"{problem} Nothing was imported.")
            else:
                messages.success(
                    request, f"Imported into {chosen.name}: {transfer.describe(summary)}"
                )
                for note in summary["notes"]:
                    messages.warning(request, note)
                return redirect("library:import")
    context = {
        **admin.site.each_context(request),
        "title": "Import library",
        "form": form,
        "clinic": clinic,
    }
    return render(request, "library/library_import.html", context, status=status)
