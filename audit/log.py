"""Writing audit rows. A change is audited by the service that makes it, with `write` in
the change's own transaction (the actor and address are its arguments), so the two commit
together or not at all. Views call `record` only for what they show, which changes nothing."""

import ipaddress

from django.conf import settings

from .models import Action, AuditEvent

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
    return write(
        action,
        obj=obj,
        patient=patient,
        user=user,
        clinic_id=clinic_id,
        ip=client_ip(request),
        **extra,
    )


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
