from django.core.management import call_command
from django.db.models import F

from bench.management.commands.seed_scale import Command
from clinics.models import Clinic, Patient
from library.models import Exercise, ExerciseStep
from programs.models import Program, ProgramItem

SMALL = {"exercises": 12, "patients": 30, "programs": 45, "clinics": 2, "items_per_program": 4}


def seed(**overrides):
    # The command belongs to the bench app, installed only by bench/settings.py.
    call_command(Command(), **{**SMALL, **overrides}, verbosity=0)


def test_it_seeds_what_it_is_asked_for(db):
    seed()

    assert Exercise.objects.filter(slug__startswith="scale-").count() == 12
    assert ExerciseStep.objects.filter(exercise__slug__startswith="scale-").count() == 12 * 4
    assert Clinic.objects.filter(name__startswith="Scale Clinic").count() == 2
    assert Patient.objects.count() == 30
    assert Program.objects.count() == 45
    assert ProgramItem.objects.count() == 45 * 4
    # Patients are shared out among the clinics, and each program stays in its clinic.
    assert set(Patient.objects.values_list("clinic__name", flat=True)) == {
        "Scale Clinic 01",
        "Scale Clinic 02",
    }
    assert not Program.objects.exclude(therapist__clinic=F("patient__clinic")).exists()


def test_it_is_idempotent_and_tops_up(db):
    seed()
    seed()
    assert Exercise.objects.count() == 12
    assert Patient.objects.count() == 30
    assert Program.objects.count() == 45

    seed(patients=40, programs=50)
    assert Patient.objects.count() == 40
    assert Program.objects.count() == 50
    assert Patient.objects.values("clinic", "chart_number").distinct().count() == 40
