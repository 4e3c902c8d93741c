"""The editor's progression row: one number of the dose grows (start, add, every weeks,
up to); a partial or backwards one is a form error next to the row, never a 500."""

import html

import pytest
from django.urls import reverse

from tests.factories import ExerciseFactory
from tests.helpers import editor_data

GROWS = {
    "grows": "reps",
    "grow_start": 5,
    "grow_step": 1,
    "grow_every_weeks": 1,
    "grow_up_to": 10,
}


def test_the_editor_saves_a_progression_and_shows_it_again(therapist_client, program):
    bridge = ExerciseFactory(name="Bridge")
    data = editor_data(program, [{"exercise": bridge, "reps": 10, **GROWS}])
    url = reverse("programs:edit", args=[program.pk])
    assert therapist_client.post(url, data).status_code == 302
    item = program.items.get()
    assert item.progression() == {
        "grows": "reps",
        "start": 5,
        "step": 1,
        "every_weeks": 1,
        "up_to": 10,
    }
    assert item.dose == "Start with 5 times. Add 1 each week until you reach 10."
    page = therapist_client.get(url).content.decode()
    assert 'name="items-0-grow_up_to" id="id_items-0-grow_up_to" value="10"' in page
    assert '<option value="reps" selected>Times</option>' in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"grow_up_to": ""}, "grows", "A progression needs four numbers"),
        ({"grow_up_to": 4}, "grow_up_to", "Up to must be more than the start."),
        ({"grow_every_weeks": 0}, "grow_every_weeks", "Every must be 1 to 12 weeks."),
    ],
)
def test_a_bad_progression_is_a_form_error(therapist_client, program, change, field, message):
    data = editor_data(program, [{"exercise": ExerciseFactory(), "reps": 10, **GROWS, **change}])
    response = therapist_client.post(reverse("programs:edit", args=[program.pk]), data)
    assert response.status_code == 400
    assert field in response.context["formset"].forms[0].errors
    assert message in html.unescape(response.content.decode())
    assert not program.items.exists()


def test_no_progression_drops_its_numbers(therapist_client, program):
    data = editor_data(program, [{"exercise": ExerciseFactory(), "reps": 10, **GROWS, "grows": ""}])
    assert (
        therapist_client.post(reverse("programs:edit", args=[program.pk]), data).status_code == 302
    )
    assert program.items.get().progression() is None
