"""Say each number once: the preview warns when the special instructions or a note give a
count, hold, minutes or sets that differ from the program's own; it never blocks."""

from django.urls import reverse

from handouts.numbers import mentioned


def preview(client, program, **options):
    url = reverse("handouts:preview", args=[program.pk])
    return client.get(url, options).content.decode()


def test_special_instructions_with_another_count_are_flagged(therapist_client, program):
    """The bone-health program's special instructions say 5 times; Bridge says 10."""
    bridge = program.items.get(exercise__slug="bridge")
    assert bridge.reps == 10
    program.special_instructions = "Start with 5 times each."
    program.save()
    page = preview(therapist_client, program)
    assert "Special instructions say 5 times; Bridge says 10 times." in page
    # Printing is not blocked: the button is there.
    assert "Print handout" in page


def test_a_note_with_another_hold_is_flagged_and_a_matching_one_is_not(therapist_client, program):
    program.special_instructions = ""
    program.save()
    bridge = program.items.get(exercise__slug="bridge")
    bridge.hold_min_seconds = bridge.hold_max_seconds = 5
    bridge.note = "Hold 10 seconds at the top."
    bridge.save()
    assert "Bridge&#x27;s note says 10 seconds; Bridge says 5 seconds." in preview(
        therapist_client, program
    )
    bridge.note = "Hold 5 seconds at the top."
    bridge.save()
    assert "Two different numbers" not in preview(therapist_client, program)


def test_a_progressions_range_is_its_own(therapist_client, program):
    program.special_instructions = "Start with 5 times each."
    program.save()
    program.items.filter(reps=10).update(
        grows="reps", grow_start=5, grow_step=1, grow_every_weeks=1, grow_up_to=10
    )
    page = preview(therapist_client, program)
    assert "Special instructions say 5 times" not in page


def test_the_blank_form_has_no_warning(therapist_client, program):
    assert "Two different numbers" not in preview(therapist_client, program, mode="blank")


def test_numbers_in_both_languages():
    assert mentioned("Empiece con 5 veces. Mantenga 3 segundos. Haga 2 series.") == {
        "reps": {5},
        "hold": {3},
        "sets": {2},
    }
    assert mentioned("Walk 20 minutes, 3 sets") == {"minutes": {20}, "sets": {3}}
