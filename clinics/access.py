"""The one place that decides which patient data a request may see.

Every view that touches a patient, or anything of a patient's, gets it through these helpers,
which answer 404 for anything outside the user's clinic: a missing object and another
clinic's object look the same to the user. Another clinic's object raises `OtherClinic`,
a 404 that audit's middleware writes down as "access denied" for that clinic to see
(this layer sits below the audit log)."""

from django.http import Http404

from .models import Patient, Therapist


class OtherClinic(Http404):
    """A 404 for an object that exists in another clinic. Carries what the audit row needs."""

    def __init__(self, obj, *, clinic_id, patient_id):
        super().__init__(f"No {obj._meta.object_name} matches the given query.")
        self.obj = obj
        self.clinic_id = clinic_id
        self.patient_id = patient_id


class NoClinic(Http404):
    """The account has no therapist profile, so no clinic and no patients (the site's
    operator, a library editor). rehab's middleware answers it with a page that says so
    and where to go, not a bare 404."""


def therapist_for(request):
    """The logged-in user's therapist profile (one query), or NoClinic for accounts
    without one."""
    try:
        return Therapist.objects.select_related("clinic").get(user_id=request.user.pk)
    except Therapist.DoesNotExist:
        raise NoClinic("This account has no clinic.") from None


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


def get_in_clinic(request, pk, queryset, *, patient):
    """The object `pk` if it belongs to a patient of the user's clinic (one query).

    `patient` is the path from the object to its patient ("" for a patient itself). When
    the answer is no, a second query tells a missing object (Http404) from another
    clinic's (OtherClinic); both answer the same 404."""
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
        raise OtherClinic(model(pk=pk), clinic_id=clinic_id, patient_id=patient_id)
    raise Http404(f"No {model._meta.object_name} matches the given query.")
