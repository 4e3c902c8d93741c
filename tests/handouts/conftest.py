import copy
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from library.models import Protocol
from programs.services import create_program

BONE_HEALTH = "bone-health-trunk-lower-body"


@pytest.fixture
def library(db):
    call_command("loaddata", "exercise_library", "conditions", "protocols", verbosity=0)


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


def pdf_text(pdf):
    """All the PDF's text, whitespace collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_count(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def font_names(pdf):
    """The base font names embedded in any page, without subset prefixes."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"])))
    return names


def older_snapshot(snapshot, version):
    """The snapshot as the given older version stored it (see snapshot.py's list)."""
    data = copy.deepcopy(snapshot)
    if version <= 7:
        del data["my_week"]
    if version <= 6:
        for exercise in data["exercises"]:
            del exercise["progression"]
    if version <= 5:
        del data["when_to_call"], data["therapist_phone"]
    if version <= 4:
        del data["language"]
        for exercise in data["exercises"]:
            del exercise["picture"], exercise["exercise_id"], exercise["language"]
    if version <= 3:
        del data["sheets"]
    if version <= 2:
        del data["clinic"]["address"], data["clinic"]["logo"]
    if version <= 1:
        del data["version"]
        for exercise in data["exercises"]:
            exercise["cautions"] = exercise.pop("take_care")
    else:
        data["version"] = version
    return data
