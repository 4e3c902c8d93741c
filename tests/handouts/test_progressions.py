"""Progressions as data: a program item's number that grows ("Start with 5 times. Add 1
each week until you reach 10."), said once on the handout in the patient's language, and
this week's number on the phone page."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from handouts.models import Mode
from handouts.services import render_program_pdf
from library.models import describe_progression, number_in_week
from tests.helpers import TOKEN, issue_with_link, pdf_text

SENTENCES = {
    "en": "Start with 5 times. Add 1 each week until you reach 10.",
    "es": "Empiece con 5 veces. Agregue 1 cada semana hasta llegar a 10.",
}


@pytest.fixture
def growing(program):
    """Bridge grows from 5 to 10 times, one more each week."""
    item = program.items.get(exercise__slug="bridge")
    item.reps = 10
    item.grows, item.grow_start, item.grow_step = "reps", 5, 1
    item.grow_every_weeks, item.grow_up_to = 1, 10
    item.save()
    return item


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_handout_says_the_progression_once(growing, patient, program, language, large_print):
    patient.language = language
    patient.save()
    text = pdf_text(render_program_pdf(program, mode=Mode.FILLED, large_print=large_print))
    assert SENTENCES[language] in text
    bridge = text.split(SENTENCES[language])[0].rsplit("☑", 1)[1]
    assert "10 times" not in bridge and "10 veces" not in bridge


def test_the_sentence_for_each_number():
    assert (
        describe_progression(grows="hold", start=5, step=5, every_weeks=2, up_to=30)
        == "Start by holding 5 seconds. Add 5 every 2 weeks until you reach 30."
    )
    assert (
        describe_progression(grows="minutes", start=10, step=5, every_weeks=1, up_to=30)
        == "Start with 10 minutes. Add 5 each week until you reach 30."
    )
    assert [number_in_week(start=5, step=2, every_weeks=2, up_to=10, week=w) for w in range(8)] == [
        5,
        5,
        7,
        7,
        9,
        9,
        10,
        10,
    ]


def test_a_progression_is_whole_or_absent(growing):
    growing.grow_up_to = None
    with pytest.raises(IntegrityError), transaction.atomic():
        growing.save()
    growing.grow_up_to = 4  # below the start
    with pytest.raises(IntegrityError), transaction.atomic():
        growing.save()


def test_the_phone_page_shows_this_weeks_number(client, growing, program, therapist):
    link = issue_with_link(program, therapist.user)
    page = client.get(f"/h/{TOKEN}").content.decode()
    assert "This week: 5 times." in page
    handout = link.handout
    handout.issued_at = timezone.now() - datetime.timedelta(days=22)
    handout.save(update_fields=["issued_at"])
    page = client.get(f"/h/{TOKEN}").content.decode()
    assert "This week: 8 times." in page
