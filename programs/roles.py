"""The clinic admin role: a staff account that keeps the library, protocols and clinic details."""

from django.contrib.auth.models import Group, Permission

CLINIC_ADMIN_GROUP = "Clinic admins"

CLINIC_ADMIN_MODELS = {
    "exercises": [
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
    ],
    "programs": ["protocol", "protocolitem", "clinic", "therapist"],
}
# Read only: the audit log (its admin shows each clinic admin their own clinic's rows).
CLINIC_ADMIN_READ_MODELS = {"audit": ["auditevent"]}


def clinic_admin_group():
    """Creates or refreshes the group and its permissions (a few queries; run at setup)."""
    group, _ = Group.objects.get_or_create(name=CLINIC_ADMIN_GROUP)
    permissions = Permission.objects.none()
    for app_label, models in CLINIC_ADMIN_MODELS.items():
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    for app_label, models in CLINIC_ADMIN_READ_MODELS.items():
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__startswith="view_",
        )
    group.permissions.set(permissions)
    return group
