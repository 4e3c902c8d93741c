"""Writing audit rows. A change is audited by the service that makes it, with `write` in
the change's own transaction (the actor and address are its arguments), so the two commit
together or not at all. Views call `record` only for what they show, which changes nothing."""

import ipaddress

from django.conf import settings
from django.db import connections, router, transaction

from .models import Action, AuditEvent

# Rows that say what someone was shown, and nothing else: the hot path of every patient
# page. On PostgreSQL their commit does not wait for the disk (see `record`).
VIEW_ONLY = frozenset(
    {
        Action.PATIENT_VIEWED,
        Action.PATIENTS_LISTED,
        Action.PROGRAM_VIEWED,
        Action.HANDOUT_PREVIEWED,
        Action.HANDOUT_DOWNLOADED,
    }
)

__all__ = ["Action", "client_ip", "record", "write"]


def client_ip(request):
    """The client's address. Behind our own proxy (BEHIND_PROXY) it is the last
    X-Forwarded-For entry, the one the proxy added; earlier entries are the client's word."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(request, action, *, obj=None, patient=None, user=None, clinic_id=None, **extra):
    """Adds one row (one INSERT, no other query when `patient` or `clinic_id` is given).

    `obj` is what was acted on (a patient, program, handout or user); the clinic comes from
    the patient unless given. `extra` may give `username`, `detail` and `patient_id`."""
    if user is None and request.user.is_authenticated:
        user = request.user
    row = {"obj": obj, "patient": patient, "user": user, "clinic_id": clinic_id, **extra}
    row["ip"] = client_ip(request)
    database = router.db_for_write(AuditEvent)
    connection = connections[database]
    if action in VIEW_ONLY and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A view row in a transaction of its own (never one that also holds a change)
        # commits without waiting for PostgreSQL to flush its log to disk: 13 to 18 ms of
        # a page on a loaded machine. A crash may lose the last fraction of a second of
        # such rows (never corrupt them, never lose a change or the row recording one);
        # docs/security.md.
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return write(action, **row)
    return write(action, **row)


def write(action, *, obj=None, patient=None, user=None, clinic_id=None, ip=None, **extra):
    """`record` without a request (services and commands): one INSERT.

    `detail` is read by every clinic admin of the clinic and outlives an erasure: never
    put a patient's name, chart number or birth date in it, only ids and kinds."""
    if clinic_id is None and patient is not None:
        clinic_id = patient.clinic_id
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        username=extra.pop("username", user.get_username() if user else ""),
        clinic_id=clinic_id,
        patient=patient,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        ip=ip,
        **extra,
    )
