import hashlib

import pytest
from django.core.files.base import ContentFile

from handouts.models import IssuedHandout
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory


@pytest.fixture(autouse=True)
def media_folders(settings, tmp_path):
    """Uploads and issued PDFs go to fresh folders for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def patient(therapist):
    return PatientFactory(clinic=therapist.clinic, name="Margaret Okafor", chart_number="A-1")


@pytest.fixture
def program(patient, therapist):
    program = ProgramFactory(patient=patient, therapist=therapist)
    ProgramItemFactory(program=program)
    return program


@pytest.fixture
def handout(program, therapist):
    """An issued handout with a stored (stand-in) PDF."""
    pdf = b"%PDF-1.7 stand-in"
    handout = IssuedHandout(
        program=program,
        mode="filled",
        snapshot={},
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by=therapist.user,
    )
    handout.pdf.save("handout.pdf", ContentFile(pdf), save=False)
    handout.save()
    return handout


@pytest.fixture
def objects(patient, program, handout):
    """The id of one object of each kind a patient-data route names."""
    return {"patient": patient.pk, "program": program.pk, "handouts": handout.pk}
