"""The demo's bone-health programs grow their counts as data, not as numbers in the
special instructions: the handout says each number once."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from clinics.models import Patient
from handouts.models import Mode
from handouts.services import render_program_pdf
from library.models import Protocol
from programs.services import create_program, revise_program, save_as_template
from tests.helpers import pdf_text


@pytest.mark.parametrize(
    ("chart", "sentence"),
    [
        ("D-1001", ("Start with 5 times", "Add 1 each week until you reach 10.")),
        ("D-1004", ("Empiece con 5 veces", "Agregue 1 cada semana hasta llegar a 10.")),
    ],
)
def test_the_demo_program_grows_and_says_each_number_once(seed_library, chart, sentence):
    call_command("loaddata", "protocols", verbosity=0)
    call_command("load_library_translations", "fixtures/library_es.json", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    program = Patient.objects.get(chart_number=chart).programs.get()
    assert program.special_instructions == ""
    growing = program.items.exclude(grows="")
    assert growing.count() >= 6
    text = pdf_text(render_program_pdf(program, mode=Mode.FILLED))
    # "Start with 5 times. Add 1 ...", or "Start with 5 times with each leg. Add 1 ..."
    start, add = sentence
    said = re.findall(rf"{start}[^.]*\. {add}", text)
    assert len(said) == growing.filter(grow_up_to=10).count()
    with_side = growing.filter(grow_up_to=10, grows="reps").exclude(side="").count()
    assert sum(len(phrase) > len(start) + len(add) + 2 for phrase in said) == with_side
    assert "Repeat 10 times" not in text and "Repita 10 veces" not in text


def test_a_protocol_items_progression_comes_into_the_program(program, patient, therapist):
    protocol = Protocol.objects.get(pk=program.protocol_id)
    entry = protocol.items.get(exercise__slug="bridge")
    entry.grows, entry.grow_start, entry.grow_step = "hold", 3, 2
    entry.grow_every_weeks, entry.grow_up_to = 2, 9
    entry.save()
    copy = create_program(patient=patient, therapist=therapist, protocol=protocol)
    item = copy.items.get(exercise__slug="bridge")
    assert item.progression() == {
        "grows": "hold",
        "start": 3,
        "step": 2,
        "every_weeks": 2,
        "up_to": 9,
    }
    assert "Start by holding 3 seconds. Add 2 every 2 weeks until you reach 9." in item.dose


def test_a_revision_and_a_template_keep_the_progression(program, therapist):
    item = program.items.get(exercise__slug="bridge")
    item.grows, item.grow_start, item.grow_step = "reps", 5, 1
    item.grow_every_weeks, item.grow_up_to = 1, 10
    item.save()
    template, _ = save_as_template(program=program, therapist=therapist, name="Grows")
    assert template.items.get(exercise__slug="bridge").progression() == item.progression()
    revision, _ = revise_program(program=program, therapist=therapist)
    assert revision.items.get(exercise__slug="bridge").progression() == item.progression()
