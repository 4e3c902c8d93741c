"""Which library a user works in: the clinic of their therapist profile, or the shared
base library alone for an account without one (the operator's, a library editor's)."""

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
