"""Importing a library whose exercise changed, while a patient's program ticks one of its
variants (issue 30: a 500, the variant being protected). A variant the archive still has,
named by its "when", is updated in place and stays ticked; one the archive drops or renames
is refused with a message saying which, and nothing changes; one no program ticks goes."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from library import transfer
from library.models import Exercise, ExerciseVariant, Protocol, ProtocolItem
from library.transfer import LibraryError, export_library, import_library
from programs.models import ProgramItem
from tests.factories import ExerciseFactory, PatientFactory, ProgramFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db

CHIN_UP = "If your chin tilts up"
SHOULDERS = "If your shoulders lift"


@pytest.fixture
def ticked(clinic, therapist):
    """The clinic's own chin tuck with two variants; a patient's program ticks the first,
    the clinic's protocol the second."""
    tuck = ExerciseFactory(clinic=clinic, name="Chin tuck", slug="chin-tuck")
    chin = ExerciseVariant.objects.create(
        exercise=tuck, order=1, when=CHIN_UP, instruction="Tuck it in."
    )
    shoulders = ExerciseVariant.objects.create(
        exercise=tuck, order=2, when=SHOULDERS, instruction="Let them drop."
    )
    patient = PatientFactory(clinic=clinic, name="Rosa Delgado")
    program = ProgramFactory(patient=patient, therapist=therapist)
    item = ProgramItemFactory(program=program, exercise=tuck, variant=chin, order=1)
    protocol = Protocol.objects.create(clinic=clinic, name="Posture", slug="posture")
    ProtocolItem.objects.create(protocol=protocol, exercise=tuck, order=1, variant=shoulders)
    return item


def archive(clinic, change):
    """The clinic's library exported, its chin tuck changed by `change(exercise)`."""
    data = export_library(clinic)[0].read()
    source = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(source.read(transfer.MANIFEST))
    manifest["protocols"] = []  # the change is about the exercise alone
    (exercise,) = [row for row in manifest["exercises"] if row["slug"] == "chin-tuck"]
    change(exercise)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(transfer.MANIFEST, json.dumps(manifest))
        for name in source.namelist():
            if name != transfer.MANIFEST:
                target.writestr(name, source.read(name))
    return out.getvalue()


def rows():
    return [
        model_to_dict(row)
        for model in (Exercise, ExerciseVariant, ProgramItem, ProtocolItem)
        for row in model.objects.order_by("pk")
    ]


def reworded(exercise):
    exercise["name"] = "Chin tuck, sitting"
    exercise["variants"][0]["instruction"] = "Tuck your chin in gently."
    exercise["variants"][0]["order"] = 3  # and put last


def test_a_changed_exercise_keeps_the_variant_a_program_ticks(clinic, ticked):
    summary = import_library(io.BytesIO(archive(clinic, reworded)), clinic=clinic)
    assert summary["exercises_updated"] == 1
    item = ProgramItem.objects.get(pk=ticked.pk)
    assert item.exercise.name == "Chin tuck, sitting"
    # The same row, ticked still, with the archive's words and place.
    assert item.variant.pk == ticked.variant.pk
    assert (item.variant.instruction, item.variant.order) == ("Tuck your chin in gently.", 3)
    assert ProtocolItem.objects.get().variant.when == SHOULDERS


def dropped(exercise):
    exercise["variants"] = [v for v in exercise["variants"] if v["when"] != CHIN_UP]


def renamed(exercise):
    exercise["variants"][0]["when"] = "If your chin pokes forward"


@pytest.mark.parametrize("change", [dropped, renamed])
def test_an_archive_without_a_ticked_variant_is_refused_saying_which(clinic, ticked, change):
    before = rows()
    with pytest.raises(LibraryError) as refused:
        import_library(io.BytesIO(archive(clinic, change)), clinic=clinic)
    assert str(refused.value) == (
        "Exercise 'chin-tuck': this archive no longer has its variant 'If your chin tilts up', "
        "which 1 patient's program ticks. Keep that variant in the library you export, or "
        "untick it in the program, then import again."
    )
    assert rows() == before


def test_the_import_page_says_so_rather_than_failing(clinic_admin_client, clinic, ticked):
    data = archive(clinic, dropped)
    upload = SimpleUploadedFile("library.zip", data, content_type="application/zip")
    before = rows()
    response = clinic_admin_client.post(reverse("library:import"), {"archive": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "no longer has its variant &#x27;If your chin tilts up&#x27;" in page
    assert "Nothing was imported." in page
    assert rows() == before


def test_a_variant_only_a_protocol_ticks_goes_and_the_import_says_so(clinic, ticked):
    def without_shoulders(exercise):
        exercise["variants"] = [v for v in exercise["variants"] if v["when"] != SHOULDERS]

    summary = import_library(io.BytesIO(archive(clinic, without_shoulders)), clinic=clinic)
    assert list(ExerciseVariant.objects.values_list("when", flat=True)) == [CHIN_UP]
    assert ProtocolItem.objects.get().variant is None
    assert summary["notes"] == [
        "Exercise 'chin-tuck': its variant 'If your shoulders lift', which this archive no "
        "longer has, is no longer ticked in Posture."
    ]
    assert ProgramItem.objects.get().variant.when == CHIN_UP
