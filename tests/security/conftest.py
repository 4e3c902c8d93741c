import pytest

from tests.factories import ProgramItemFactory


@pytest.fixture
def program(program):
    """The program with one item, so the editor's row routes have an exercise to name."""
    ProgramItemFactory(program=program)
    return program


@pytest.fixture
def objects(patient, program, handout):
    """The id of one object of each kind a patient-data route names."""
    return {"patient": patient.pk, "program": program.pk, "handouts": handout.pk}
