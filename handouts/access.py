"""Issued handouts are reached through the one clinic check in programs/access.py."""

from clinics.access import get_in_clinic

from .models import IssuedHandout


def get_handout_for(request, pk):
    """The issued handout with its program and patient, or 404 outside the user's clinic."""
    queryset = IssuedHandout.objects.select_related("program__patient")
    return get_in_clinic(request, pk, queryset, patient="program__patient")
