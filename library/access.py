"""Which library a user works in: the clinic of their therapist profile, or the shared
base library alone for an account without one (the operator's, a library editor's)."""

from django.db.models import Q

BASE_LIBRARY_PERMISSION = "library.edit_base_library"


def clinic_id_of(user):
    """The user's clinic id, or None. One query the first time for a request's user, then
    kept on it (admin asks for every row's permissions). Read through the account's
    reverse relation: this layer does not import programs."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_library_clinic_id"):
        therapist = getattr(user, "therapist", None)
        user._library_clinic_id = therapist.clinic_id if therapist is not None else None
    return user._library_clinic_id


def edits_base_library(user):
    """Library editors and the operator keep the shared base library."""
    return user.has_perm(BASE_LIBRARY_PERMISSION)


def may_edit(user, exercise):
    """A base exercise: library editors and the operator. A clinic's: its own admins (with
    the model permission, checked by the caller) and the operator."""
    if exercise.clinic_id is None:
        return edits_base_library(user)
    return user.is_superuser or exercise.clinic_id == clinic_id_of(user)


def may_see(user, exercise):
    return (
        exercise.clinic_id is None or user.is_superuser or exercise.clinic_id == clinic_id_of(user)
    )


def in_library_of(user):
    """A filter for the exercises this user may see in admin and name in a form there: the
    base library's and their own clinic's (every clinic's for the operator). So a clinic
    admin's protocol holds no other clinic's exercise, and a library editor's (no clinic)
    base protocol no clinic's at all."""
    if user.is_superuser:
        return Q()
    clinic_id = clinic_id_of(user)
    base = Q(clinic__isnull=True)
    return base | Q(clinic_id=clinic_id) if clinic_id is not None else base


def may_hold(clinic_id, exercise):
    """Whether a protocol or program of this clinic (None: a base protocol) may hold the
    exercise: a base exercise, or one of that clinic's own. Another clinic's never: its
    words would print on this clinic's handouts."""
    return exercise.clinic_id is None or exercise.clinic_id == clinic_id
