import pytest
from django.core.cache import cache

from handouts.models import HandoutPDF, IssuedHandout, Mode
from handouts.services import build_snapshot, handout_programs
from phone.models import PatientLink, hash_token
from tests.factories import ConditionFactory, ExerciseFactory, ProgramItemFactory

TOKEN = "k9Qw3RtY7uIo1PaS5dFg2HjK"  # 24 characters, as services.new_token() makes


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The rate limit counts in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def patient(patient):
    patient.birth_date = "1948-03-09"
    patient.save()
    patient.conditions.add(ConditionFactory(name="Osteoporosis"))
    return patient


@pytest.fixture
def exercises(db):
    return [ExerciseFactory(name=name) for name in ("Bridge", "Chin tuck", "Heel raise")]


@pytest.fixture
def program(program, exercises):
    for order, exercise in enumerate(exercises, start=1):
        ProgramItemFactory(program=program, exercise=exercise, order=order, note="")
    return program


def issue_with_link(program, user, token=TOKEN):
    """A filled handout with a patient link whose token we know (issue_handout makes a
    random one and prints it only in the PDF; tests/phone/test_qr.py reads it there)."""
    loaded = handout_programs(Mode.FILLED).get(pk=program.pk)
    snapshot = build_snapshot(loaded, mode=Mode.FILLED, large_print=False)
    handout = IssuedHandout.objects.create(
        program=program, mode="filled", snapshot=snapshot, sha256="0" * 64, issued_by=user
    )
    HandoutPDF.objects.create(handout=handout, data=b"%PDF stand-in")
    return PatientLink.objects.create(handout=handout, token_sha256=hash_token(token))


@pytest.fixture
def link(program, therapist):
    return issue_with_link(program, therapist.user)
