"""A dose that grows keeps its side ("Start with 5 times with each leg."), on the handout in
English and Spanish, normal and large print, and on the phone page; the time estimate counts
this week's number."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from handouts.models import Mode
from handouts.services import render_program_pdf
from programs.models import ProgramItem
from tests.helpers import TOKEN, issue_with_link, pdf_text

pytestmark = pytest.mark.django_db

SENTENCES = {
    "en": "Start with 5 times with each leg. Add 5 each week until you reach 30.",
    "es": "Empiece con 5 veces con cada pierna. Agregue 5 cada semana hasta llegar a 30.",
}


@pytest.fixture
def growing(program):
    """Leg lengthener, with each leg, grows from 5 to 30 times, five more each week."""
    item = program.items.get(exercise__slug="leg-lengthener")
    item.side, item.reps, item.hold_min_seconds, item.hold_max_seconds = "leg", 30, 2, 3
    item.grows, item.grow_start, item.grow_step = "reps", 5, 5
    item.grow_every_weeks, item.grow_up_to = 1, 30
    item.save()
    return item


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_side_stays_in_the_progression_sentence(
    growing, patient, program, language, large_print
):
    patient.language = language
    patient.save()
    text = pdf_text(render_program_pdf(program, mode=Mode.FILLED, large_print=large_print))
    assert SENTENCES[language] in text


def test_the_phone_page_says_the_side_too(client, growing, program, therapist):
    issue_with_link(program, therapist.user)
    page = client.get(reverse("phone:page", args=[TOKEN])).content.decode()
    assert "This week: 5 times with each leg." in page


def test_the_estimate_counts_this_weeks_number(growing, program, therapist_client):
    # 5 times a leg at a 3 s hold: (3 + 3) s x 5 x 2 legs = 60 s in the first week.
    assert growing.estimated_seconds(0) == 60
    assert growing.estimated_seconds(2) == 180  # 15 times
    assert growing.estimated_seconds(30) == 360  # never past 30
    fixed = ProgramItem(reps=30, side="leg", hold_max_seconds=3, sets=1)
    assert fixed.estimated_seconds(0) == 360  # no progression: the dose as it is
    others = sum(item.estimated_seconds(0) for item in program.items.exclude(pk=growing.pk))

    def shown():
        detail = therapist_client.get(reverse("programs:detail", args=[program.pk]))
        editor = therapist_client.get(reverse("programs:edit", args=[program.pk]))
        return detail.content.decode(), editor.content.decode()

    detail, editor = shown()
    minutes = round((others + 60) / 60)
    assert f"about {minutes} minute" in detail
    assert f'<strong id="minutes">{minutes}</strong>' in editor
    assert 'data-week="0"' in editor  # the browser counts the same week as it is edited
    # Three weeks on, the same pages count 20 times.
    program.created_at = timezone.now() - datetime.timedelta(days=21)
    program.save(update_fields=["created_at"])
    assert program.week() == 3
    detail, editor = shown()
    minutes = round((others + 240) / 60)
    assert f"about {minutes} minute" in detail
    assert f'<strong id="minutes">{minutes}</strong>' in editor
    assert 'data-week="3"' in editor
