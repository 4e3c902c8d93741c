"""The editor's rows and header: plain messages, limits sent as
data-maxlength (counted live) instead of maxlength (a silent cut), "—" for the estimate
while a number is wrong, long programs folded, one-line cautions, "Save and print"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from library.models import Condition, Exercise
from tests.factories import ExerciseFactory, ProgramItemFactory
from tests.helpers import editor_data

pytestmark = pytest.mark.django_db


def edit_url(program):
    return reverse("programs:edit", args=[program.pk])


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"reps": 0}, "reps", "Times must be 1 to 100."),
        ({"reps": "lots"}, "reps", "Times must be 1 to 100."),
        ({"sets": 11}, "sets", "Sets must be 1 to 10."),
        ({"sets": ""}, "sets", "Sets must be 1 to 10."),
        ({"hold_max_seconds": 121}, "hold_max_seconds", "The hold must be 0 to 120 seconds."),
        ({"stay_minutes": 61}, "stay_minutes", "Minutes must be 1 to 60."),
        (
            {"hold_min_seconds": 5, "hold_max_seconds": 2},
            "hold_max_seconds",
            "The second hold number must be at least the first.",
        ),
        ({"note": "x" * 301}, "note", "A note can be at most 300 characters. This has 301"),
    ],
)
def test_a_wrong_number_is_said_in_plain_words_and_the_estimate_shows_a_dash(
    therapist_client, program, row, field, message
):
    data = editor_data(program, [{"exercise": ExerciseFactory(), "reps": 10, **row}])
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors[field][0].startswith(message)
    content = response.content.decode()
    assert message in content
    if field != "note":
        assert '<strong id="minutes">—</strong>' in content


def test_each_number_input_carries_its_message_for_the_live_check(therapist_client, program):
    ProgramItemFactory(program=program)
    content = therapist_client.get(edit_url(program)).content.decode()
    assert 'data-dose="reps" data-message="Times must be 1 to 100."' in content
    assert (
        'data-dose="hold_max_seconds" data-message="The hold must be 0 to 120 seconds."' in content
    )


def test_no_field_in_the_editor_cuts_text_silently(therapist_client, program):
    ProgramItemFactory(program=program)
    content = therapist_client.get(edit_url(program)).content.decode()
    for limit in ['data-maxlength="120"', 'data-maxlength="2000"', 'data-maxlength="300"']:
        assert limit in content
    # Only the search box keeps a maxlength: a search cut at 100 characters loses nothing.
    assert content.replace("data-maxlength=", "").count("maxlength=") == 1


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("special_instructions", 2001, "Special instructions can be at most 2,000 characters."),
        ("general_instructions", 2050, "General instructions can be at most 2,000 characters."),
        ("title", 121, "Title can be at most 120 characters."),
        ("frequency", 125, "How often can be at most 120 characters."),
    ],
)
def test_header_text_over_its_limit_is_refused_and_kept_whole(
    therapist_client, program, field, length, message
):
    response = therapist_client.post(
        edit_url(program), editor_data(program, [], **{field: "y" * length})
    )
    assert response.status_code == 400
    assert response.context["header"].errors[field][0].startswith(message)
    assert "y" * length in response.content.decode()
    program.refresh_from_db()
    assert getattr(program, field) != "y" * length


def test_save_and_print_goes_to_the_handout_preview(therapist_client, program):
    preview = reverse("handouts:preview", args=[program.pk])
    data = editor_data(program, [{"exercise": ExerciseFactory(), "reps": 5}], next=preview)
    response = therapist_client.post(edit_url(program), data)
    assert response.url == preview
    assert program.items.get().reps == 5


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_save_never_goes_to_another_site(therapist_client, program, next_url):
    data = editor_data(program, [], next=next_url)
    assert therapist_client.post(edit_url(program), data).url == edit_url(program)


def test_a_long_program_opens_folded_but_never_a_row_that_needs_attention(
    therapist_client, therapist, patient, program, seed_library
):
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    for _ in range(6):
        ProgramItemFactory(program=program)
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="knees-to-chest"))
    content = therapist_client.get(edit_url(program)).content.decode()
    assert content.count('class="item-body"') == 7
    assert content.count('id="body-items-') == 7
    assert content.count("hidden>") - content.count("removed-bar") == 6  # all but knees
    assert content.count("<details") == 1 and "<details class" in content
    assert "data-caution open>" in content  # waiting for a reason: open
    program.items.filter(exercise__slug="knees-to-chest").update(
        caution_reason="Small range",
        caution_reason_by=therapist.user,
        caution_reason_at=timezone.now(),
    )
    content = therapist_client.get(edit_url(program)).content.decode()
    assert "data-caution open>" not in content and "kept with a reason" in content


def test_a_short_program_opens_unfolded(therapist_client, program):
    for _ in range(6):
        ProgramItemFactory(program=program)
    content = therapist_client.get(edit_url(program)).content.decode()
    assert 'data-fold aria-expanded="false"' not in content
    assert content.count('data-fold aria-expanded="true"') == 6


def test_the_caution_is_one_line_naming_each_movement_once(
    therapist_client, patient, program, seed_library
):
    for slug in ["osteoporosis", "vertebral-fracture"]:
        patient.conditions.add(Condition.objects.get(slug=slug))
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="cat-cow"))
    content = therapist_client.get(edit_url(program)).content.decode()
    summary = content.split("<summary")[1].split("</summary>")[0]
    assert "spinal flexion" in summary
    assert summary.count("spinal flexion") == 1
    assert "(Osteoporosis, Vertebral fracture)" in summary
    assert "Source:" not in summary and "Source:" in content  # the sources open below
