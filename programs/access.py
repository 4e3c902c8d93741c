"""The one place that decides which patient data a request may see.

Every view that touches a patient or a program gets it through these helpers, which
return 404 for anything outside the user's clinic: a missing object and another
clinic's object look the same to the user. Another clinic's object also leaves an
"access denied" row in the audit log, for that clinic to see."""

from django.http import Http404

from audit.log import Action, record

from .models import Patient, Program, Therapist


def therapist_for(request):
    """The logged-in user's therapist profile (one query), or 404 for accounts without one."""
    try:
        return Therapist.objects.select_related("clinic").get(user_id=request.user.pk)
    except Therapist.DoesNotExist:
        raise Http404("This account has no clinic.") from None


def clinic_id_of(user):
    """The user's clinic (one query), or None for an operator without a therapist profile."""
    if user is None:
        return None
    return Therapist.objects.filter(user=user).values_list("clinic_id", flat=True).first()


def patients_for(request):
    return Patient.objects.filter(clinic__therapists__user_id=request.user.pk)


def get_patient_for(request, pk, queryset=None):
    queryset = Patient.objects.all() if queryset is None else queryset
    return get_in_clinic(request, pk, queryset, patient="")


def get_program_for(request, pk, queryset=None):
    queryset = Program.objects.all() if queryset is None else queryset
    return get_in_clinic(request, pk, queryset, patient="patient")


def get_in_clinic(request, pk, queryset, *, patient):
    """The object `pk` if it belongs to a patient of the user's clinic (one query).

    `patient` is the path from the object to its patient ("" for a patient itself). When
    the answer is no, a second query tells a missing object from another clinic's, and
    the latter is audited; both answer the same 404."""
    to_patient = f"{patient}__" if patient else ""
    mine = queryset.filter(**{f"{to_patient}clinic__therapists__user_id": request.user.pk})
    try:
        return mine.get(pk=pk)
    except queryset.model.DoesNotExist:
        pass
    model = queryset.model
    owner = model.objects.filter(pk=pk).values_list(f"{to_patient}pk", f"{to_patient}clinic_id")
    owner = owner.first()
    if owner is not None:
        patient_id, clinic_id = owner
        record(
            request,
            Action.ACCESS_DENIED,
            obj=model(pk=pk),
            clinic_id=clinic_id,
            patient_id=patient_id,
            detail="belongs to another clinic",
        )
    raise Http404(f"No {model._meta.object_name} matches the given query.")
