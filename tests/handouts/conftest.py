import pytest

from library.models import Protocol
from programs.services import create_program
from tests.helpers import BONE_HEALTH


@pytest.fixture
def library(seed_fixtures):
    """The seeds' exercises, conditions and protocols."""


@pytest.fixture
def program(library, patient, therapist):
    """The bone-health protocol (12 exercises) as a program, filled in by Alice."""
    therapist.phone = "(555) 010-2031"
    therapist.credentials = "PT, DPT"
    therapist.save()
    program = create_program(
        patient=patient, therapist=therapist, protocol=Protocol.objects.get(slug=BONE_HEALTH)
    )
    program.frequency = "Once a day, 3 days a week"
    program.special_instructions = "Start with 5 times each.\nAdd 1 a week up to 10."
    program.save()
    return program
