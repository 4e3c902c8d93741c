"""Programs are reached through the one clinic check in clinics/access.py."""

from clinics.access import get_in_clinic

from .models import Program


def get_program_for(request, pk, queryset=None):
    queryset = Program.objects.all() if queryset is None else queryset
    return get_in_clinic(request, pk, queryset, patient="patient")
