"""The one place that decides which patient data a request may see.

Every view that touches a patient or a program gets it through these helpers, which
return 404 for anything outside the user's clinic: a missing object and another
clinic's object look the same."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Patient, Program, Therapist


def therapist_for(request):
    """The logged-in user's therapist profile (one query), or 404 for accounts without one."""
    try:
        return Therapist.objects.select_related("clinic").get(user_id=request.user.pk)
    except Therapist.DoesNotExist:
        raise Http404("This account has no clinic.") from None


def patients_for(request):
    return Patient.objects.filter(clinic__therapists__user_id=request.user.pk)


def get_patient_for(request, pk, queryset=None):
    queryset = Patient.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.filter(clinic__therapists__user_id=request.user.pk), pk=pk)


def get_program_for(request, pk, queryset=None):
    queryset = Program.objects.all() if queryset is None else queryset
    return get_object_or_404(
        queryset.filter(patient__clinic__therapists__user_id=request.user.pk), pk=pk
    )


def get_handout_for(request, pk):
    from handouts.models import IssuedHandout  # handouts depends on programs, not back

    return get_object_or_404(
        IssuedHandout.objects.filter(
            program__patient__clinic__therapists__user_id=request.user.pk
        ).select_related("program__patient"),
        pk=pk,
    )
