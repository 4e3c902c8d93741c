"""Roles, as Django groups. A clinic admin (staff, "Clinic admins") runs their own clinic's
details, accounts and exercises and reads the shared library; a library editor (staff,
"Library editors") or the operator (a superuser) keeps the shared library."""

from django.contrib.auth.models import Group, Permission

CLINIC_ADMIN_GROUP = "Clinic admins"
LIBRARY_EDITOR_GROUP = "Library editors"

# Rows every clinic uses: one clinic's admin must not change them for all the others (deleting
# a caution rule would silence its warnings everywhere). Only library editors and the
# operator write the shared rows; clinic admins read them.
SHARED_LIBRARY_MODELS = {
    "library": [
        "exercise",
        "exercisestep",
        "exercisetip",
        "exercisebenefit",
        "exercisevariant",
        "bodyregion",
        "movementtag",
        "supportoption",
        "condition",
        "conditioncaution",
        "protocol",
        "protocolitem",
        "sheet",
        "sheetsection",
        "sheetsource",
    ],
}
# A clinic admin's own clinic and its therapists (clinics/admin.py shows them only those),
# never deleted: audit rows and programs point at them; an account leaving is deactivated.
CLINIC_ADMIN_MODELS = {"clinics": ["clinic", "therapist"]}
# A clinic's own protocols, added, changed and deleted by its admin (library/admin_protocols.py
# shows them their clinic's and keeps the base ones read only).
CLINIC_LIBRARY_MODELS = {"library": ["protocol", "protocolitem"]}
# A clinic's own outcome questionnaires (outcomes/admin.py shows them their clinic's and keeps
# the built-in ones read only).
CLINIC_MEASURE_MODELS = {"outcomes": ["measure", "measureitem"]}
# Read only: the shared library, and the audit log (its admin shows each clinic admin their
# own clinic's rows).
CLINIC_ADMIN_READ_MODELS = {**SHARED_LIBRARY_MODELS, "audit": ["auditevent"]}
# A clinic's own exercises: a clinic admin adds and changes them (never deletes: archive).
# library/admin.py limits these to the admin's own clinic's rows, and their steps, tips,
# benefits and variants (inlines) follow the exercise; the base rows stay read-only for
# them, as "library.edit_base_library" is not given.
CLINIC_EXERCISE_PERMISSIONS = ["add_exercise", "change_exercise", "view_exercise"]


def permissions_on(models, *, view_only=False):
    """Every permission on these models ({app label: [model names]}), or their view_ ones."""
    permissions = Permission.objects.none()
    for app_label, names in models.items():
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=names
        )
    return permissions.filter(codename__startswith="view_") if view_only else permissions


def _group(name, permissions):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(permissions)
    return group


def clinic_admin_group():
    """Creates or refreshes the group and its permissions (a few queries)."""
    return _group(
        CLINIC_ADMIN_GROUP,
        permissions_on(CLINIC_ADMIN_MODELS).exclude(codename__startswith="delete_")
        | permissions_on(CLINIC_ADMIN_READ_MODELS, view_only=True)
        | permissions_on({"library": ["exercise"]}).filter(codename__in=CLINIC_EXERCISE_PERMISSIONS)
        | permissions_on(CLINIC_LIBRARY_MODELS)
        | permissions_on(CLINIC_MEASURE_MODELS),
    )


def library_editor_group():
    """Creates or refreshes the group and its permissions (a few queries)."""
    return _group(LIBRARY_EDITOR_GROUP, permissions_on(SHARED_LIBRARY_MODELS))


def refresh_roles(sender=None, **kwargs):
    """post_migrate receiver (rehab/apps.py): both groups, with today's permissions. The
    rehab app comes last in INSTALLED_APPS, so every other app's permissions exist by
    its turn."""
    clinic_admin_group()
    library_editor_group()


def is_clinic_admin(user):
    """A clinic admin: the role that may change their clinic's details (the "Clinic admins"
    group has it; one query). Their clinic is their therapist profile's."""
    return user.is_staff and user.has_perm("clinics.change_clinic")
