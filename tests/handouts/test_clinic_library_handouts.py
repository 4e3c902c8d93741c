"""A handout issued before a clinic customised, changed or hid its exercises downloads
byte for byte as it was printed."""

import pytest
from django.urls import reverse

from handouts.models import IssuedHandout
from library import services
from library.models import Exercise
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_an_issued_handout_stays_byte_identical(therapist_client, program):
    therapist_client.post(reverse("handouts:issue", args=[program.pk]), {"mode": "filled"})
    handout = IssuedHandout.objects.get()
    url = reverse("handouts:pdf", args=[handout.pk])
    first = therapist_client.get(url).getvalue()
    clinic_id = program.patient.clinic_id
    exercises = [item.exercise for item in program.items.order_by("order")]

    # Customise the first exercise and rewrite the copy; hide the second; edit the third.
    copy, _ = services.customise_for_clinic(exercise=exercises[0], clinic_id=clinic_id)
    copy.name = "Our own shoulder press"
    copy.save()
    copy.steps.update(text="A step only our clinic prints.")
    services.hide_for_clinic(
        exercises=Exercise.objects.filter(pk=exercises[1].pk), clinic_id=clinic_id
    )
    exercises[2].steps.update(text="A rewritten base step.")

    again = therapist_client.get(url)
    assert again["Content-Type"] == "application/pdf"
    assert again.getvalue() == first
    text = pdf_text(first)
    assert exercises[0].name in text and exercises[1].name in text
    assert "Our own shoulder press" not in text


@pytest.mark.parametrize("mode", ["full", "blank"])
def test_the_protocols_sheet_follows_the_clinics_library(mode, patient, therapist):
    """The full sheet and the blank form list the protocol's exercises as the clinic has
    them: its own copy in place of a customised base exercise, none it hid."""
    from handouts.services import build_snapshot, handout_programs
    from programs.services import create_program
    from tests.factories import ExerciseFactory, ProtocolFactory, ProtocolItemFactory

    protocol = ProtocolFactory()
    base = [ExerciseFactory(name=name) for name in ["Cat-cow", "Sit-ups", "Bridge"]]
    for order, exercise in enumerate(base, start=1):
        ProtocolItemFactory(protocol=protocol, exercise=exercise, order=order)
    clinic_id = patient.clinic_id
    copy, _ = services.customise_for_clinic(exercise=base[0], clinic_id=clinic_id)
    copy.name = "Harbor cat-cow"
    copy.save()
    services.hide_for_clinic(exercises=Exercise.objects.filter(pk=base[1].pk), clinic_id=clinic_id)
    program = create_program(patient=patient, therapist=therapist, protocol=protocol)

    snapshot = build_snapshot(
        handout_programs(mode).get(pk=program.pk), mode=mode, large_print=False
    )
    printed = [(entry["name"], entry["ticked"]) for entry in snapshot["exercises"]]
    ticked = mode == "full"
    assert printed == [("Harbor cat-cow", ticked), ("Bridge", ticked)]
