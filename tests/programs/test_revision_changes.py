"""What changed since the last visit: the program page compares a revision with the one
before it (added, removed, dose changed, how often)."""

import pytest
from django.urls import reverse

from programs.selectors import differing, revision_changes
from programs.services import revise_program
from tests.factories import ExerciseFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercises(db):
    return {name: ExerciseFactory(name=name) for name in ["Bridge", "Heel raises", "Walking"]}


def revised(program, therapist, exercises):
    for order, name in enumerate(["Bridge", "Heel raises"], start=1):
        ProgramItemFactory(program=program, exercise=exercises[name], order=order, reps=10)
    revision, _ = revise_program(program=program, therapist=therapist)
    return revision


def changes_of(revision):
    items = list(revision.items.select_related("exercise"))
    return revision_changes(revision, items)


def test_added_removed_and_dose_changed(program, therapist, exercises):
    revision = revised(program, therapist, exercises)
    revision.items.filter(exercise__name="Heel raises").delete()
    revision.items.filter(exercise__name="Bridge").update(reps=15, sets=2)
    ProgramItemFactory(program=revision, exercise=exercises["Walking"], order=3)
    revision.frequency = "Twice a day"
    revision.save()

    changes = changes_of(revision)
    assert changes.added == ["Walking"]
    assert changes.removed == ["Heel raises"]
    assert changes.dose_changed == [("Bridge", "Repeat 10 times.", "Repeat 15 times. Do 2 sets.")]
    assert changes.frequency == (program.frequency, "Twice a day")


def test_a_copy_unchanged_or_only_reordered_has_no_changes(program, therapist, exercises):
    revision = revised(program, therapist, exercises)
    revision.items.filter(exercise__name="Bridge").update(order=9)
    assert not changes_of(revision)


def test_an_exercise_listed_twice_counts_twice(program, therapist, exercises):
    revision = revised(program, therapist, exercises)
    ProgramItemFactory(program=revision, exercise=exercises["Bridge"], order=5, reps=10)
    assert changes_of(revision).added == ["Bridge"]


def test_a_first_program_has_nothing_to_compare(program):
    assert revision_changes(program, []) is None


def test_differing_keeps_only_the_sentences_that_changed():
    before = "Hold 2 to 3 seconds, then relax. Repeat 10 times."
    after = "Hold 2 to 3 seconds, then relax. Repeat 12 times with each leg."
    assert differing(before, after) == ("Repeat 10 times.", "Repeat 12 times with each leg.")
    assert differing("", "Repeat 5 times.") == ("", "Repeat 5 times.")


def test_the_program_page_shows_them(therapist_client, program, therapist, exercises):
    revision = revised(program, therapist, exercises)
    revision.items.filter(exercise__name="Heel raises").delete()
    content = therapist_client.get(reverse("programs:detail", args=[revision.pk])).content.decode()
    assert "What changed since revision 1" in content
    assert '<dt class="col-sm-3">Removed</dt><dd class="col-sm-9">Heel raises</dd>' in content
    first = therapist_client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "What changed since" not in first


@pytest.mark.parametrize("count", [1, 20])
def test_a_revisions_page_costs_one_query_more_whatever_its_size(
    therapist_client, program, therapist, django_assert_num_queries, count
):
    for order in range(count):
        ProgramItemFactory(program=program, order=order + 1)
    revision, _ = revise_program(program=program, therapist=therapist)
    ProgramItemFactory(program=revision, order=99)
    # session, user, program with its relations, the audit row, items with exercise,
    # variant and who gave a caution reason, supports; for the safety summary the patient's
    # conditions and the cautions the items meet; the previous revision's items
    with django_assert_num_queries(9):
        response = therapist_client.get(reverse("programs:detail", args=[revision.pk]))
    assert "Added" in response.content.decode()
