"""A handout issued before a clinic customised, changed or hid its exercises downloads
byte for byte as it was printed (issue 14, point 6)."""

import pytest
from django.urls import reverse

from exercises import services
from exercises.models import Exercise
from handouts.models import IssuedHandout

from .conftest import pdf_text

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
