"""What the therapist sees of the phone page: the patient page's calendar, completion,
pain and flags for the current program, and each editor row's completion and feel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phone.adherence import adherence_summary, pain_trend
from phone.models import DayFeeling, ExerciseTick, PatientLink
from programs.models import Program
from programs.services import revise_program
from tests.factories import ExerciseFactory, ProgramItemFactory
from tests.helpers import issue_with_link

TODAY = datetime.date(2026, 11, 30)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def linked_since(link, days):
    """The link as if issued `days` days before TODAY (noon, the clinic's time)."""
    zone = link.handout.program.patient.clinic.zone
    noon = datetime.datetime.combine(days_ago(days), datetime.time(12), tzinfo=zone)
    PatientLink.objects.filter(pk=link.pk).update(created_at=noon)


def summary(program):
    program = Program.objects.select_related("next_revision").get(pk=program.pk)
    return adherence_summary(program, zone=program.patient.clinic.zone, today=TODAY)


def test_no_link_no_record(program):
    assert not summary(program).linked


def test_completion_calendar_pain_and_flags(program, link, exercises):
    bridge, chin, heel = exercises
    linked_since(link, 9)  # 10 days counted, today included
    for n in range(10):
        ExerciseTick.objects.create(program=program, exercise=bridge, day=days_ago(n))
    for n in (1, 2, 3):
        ExerciseTick.objects.create(program=program, exercise=chin, day=days_ago(n))
    ExerciseTick.objects.create(program=program, exercise=heel, day=days_ago(5))
    DayFeeling.objects.create(program=program, day=days_ago(1), pain=5, effort="right")
    DayFeeling.objects.create(program=program, day=days_ago(2), pain=6, effort="right")
    DayFeeling.objects.create(program=program, day=days_ago(5), pain=1, effort="hard")
    DayFeeling.objects.create(program=program, day=days_ago(8), pain=2, effort="easy")
    record = summary(program)
    assert (record.since, record.until, record.days) == (days_ago(9), TODAY, 10)
    entries = [record.for_exercise(exercise.pk) for exercise in (bridge, chin, heel)]
    assert [(entry.days_done, entry.rate) for entry in entries] == [(10, 100), (3, 30), (1, 10)]
    # Pain 5+ on two days both bridge and chin tuck were done; "too hard" on heel's day.
    assert record.for_exercise(bridge.pk).painful_days == 2
    assert record.for_exercise(chin.pk).flagged
    assert record.for_exercise(heel.pk).too_hard and record.for_exercise(heel.pk).flagged
    assert not record.for_exercise(999_999).flagged  # an exercise never ticked
    assert [pain for _, pain, _ in record.pains] == [2, 1, 6, 5]
    assert record.trend == "rising"
    # 28 days ending today: the 10 counted days ticked, the 18 before the link not counted.
    assert len(record.calendar) == 28 and record.calendar[-1][0] == TODAY
    assert [done for _, done, _ in record.calendar[-10:]] == [True] * 10
    assert [counted for _, _, counted in record.calendar] == [False] * 18 + [True] * 10
    assert record.days_done == 10


@pytest.mark.parametrize(
    ("pains", "trend"),
    [
        ([1, 2, 3], None),
        ([6, 6, 2, 2], "falling"),
        ([3, 4, 3, 4], "steady"),
        ([0, 1, 5, 6], "rising"),
    ],
)
def test_pain_trend(pains, trend):
    assert pain_trend(pains) == trend


def test_the_summary_costs_the_same_queries_for_1_or_40_exercises_and_120_days(
    program, therapist, exercises
):
    """3 queries whatever the size (bench/phone.py measures it too)."""
    small = ProgramItemFactory(program__patient=program.patient, program__therapist=therapist)
    linked_since(issue_with_link(small.program, therapist.user, token="small-link-token-000001"), 0)
    ExerciseTick.objects.create(program=small.program, exercise=small.exercise, day=TODAY)
    many = [ExerciseFactory() for _ in range(37)] + exercises
    for order, exercise in enumerate(many[:37], start=4):
        ProgramItemFactory(program=program, exercise=exercise, order=order)
    linked_since(issue_with_link(program, therapist.user), 119)
    ExerciseTick.objects.bulk_create(
        ExerciseTick(program=program, exercise=exercise, day=days_ago(n))
        for n in range(120)
        for exercise in many
    )
    DayFeeling.objects.bulk_create(
        DayFeeling(program=program, day=days_ago(n), pain=n % 11, effort="right")
        for n in range(120)
    )
    counts = []
    for each in (small.program, program):
        loaded = Program.objects.select_related("next_revision").get(pk=each.pk)
        zone = loaded.patient.clinic.zone
        with CaptureQueriesContext(connection) as captured:
            record = adherence_summary(loaded, zone=zone, today=TODAY)
        counts.append(len(captured))
    assert record.days == 120 and len(record.exercises) == 40
    assert counts[0] == counts[1] == 3


def test_the_patient_page_shows_the_current_programs_record(
    therapist_client, patient, program, link, exercises
):
    today = timezone.localdate(timezone=patient.clinic.zone)
    ExerciseTick.objects.create(program=program, exercise=exercises[0], day=today)
    DayFeeling.objects.create(program=program, day=today, pain=7, effort="hard")
    html = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert "Days with any exercise done in the last 4 weeks: <strong>1</strong>" in html
    assert "100% (1 of 1 days)" in html  # bridge
    assert "0% (0 of 1 days)" in html  # the two others
    assert "⚑ too hard" in html
    assert "7, too hard" in html
    assert "phone link" in html and "working until" in html


def test_revising_never_hides_the_patients_record(
    therapist_client, patient, program, link, exercises, therapist
):
    """Issue 29: after "Revise for next visit" the patient page still shows the patient's
    ticks and phone link (the course of care), not "No phone link yet"."""
    today = timezone.localdate(timezone=patient.clinic.zone)
    ExerciseTick.objects.create(program=program, exercise=exercises[0], day=today)
    revision, _ = revise_program(program=program, therapist=therapist)
    html = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert f"revisions 1 to {revision.revision}" in html
    assert "No phone link yet" not in html
    assert "Days with any exercise done in the last 4 weeks: <strong>1</strong>" in html
    assert "100% (1 of 1 days)" in html
    assert ExerciseTick.objects.get().program == program
    # Its editor shows the course's record beside each row (revision 1's ticks).
    editor = therapist_client.get(reverse("programs:edit", args=[revision.pk])).content.decode()
    assert "At home: done 100% of days" in editor
    assert "At home: done 0% of days" in editor


def test_an_exercise_added_in_a_revision_counts_only_days_since(
    therapist_client, patient, program, link, exercises, therapist
):
    today = timezone.localdate(timezone=patient.clinic.zone)
    zone = patient.clinic.zone
    linked_since(link, 9)
    Program.objects.filter(pk=program.pk).update(
        created_at=datetime.datetime.combine(
            today - datetime.timedelta(days=9), datetime.time(9), tzinfo=zone
        )
    )
    for n in range(6):
        day = today - datetime.timedelta(days=n + 4)
        ExerciseTick.objects.create(program=program, exercise=exercises[0], day=day)
    revision, _ = revise_program(program=program, therapist=therapist)
    Program.objects.filter(pk=revision.pk).update(
        created_at=datetime.datetime.combine(
            today - datetime.timedelta(days=3), datetime.time(9), tzinfo=zone
        )
    )
    added = ExerciseFactory(name="Wall slide")
    ProgramItemFactory(program=revision, exercise=added, order=10)
    for n in range(3):
        day = today - datetime.timedelta(days=n)
        ExerciseTick.objects.create(program=revision, exercise=exercises[0], day=day)
        ExerciseTick.objects.create(program=revision, exercise=added, day=day)
    html = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert "<td>Bridge</td><td>90% (9 of 10 days)</td>" in html  # both revisions
    assert "<td>Wall slide</td><td>75% (3 of 4 days)</td>" in html  # since day -3
    assert "<td>Chin tuck</td><td>0% (0 of 10 days)</td>" in html


def test_the_editor_counts_a_revisions_new_exercise_only_since_it_was_added(
    therapist_client, patient, program, link, exercises, therapist
):
    """Issue 29: a revision's editor showed "done 0% of days" for an exercise that did not
    exist before. One new in this revision is new; one added in an earlier revision
    counts only the days since."""
    today = timezone.localdate(timezone=patient.clinic.zone)
    zone = patient.clinic.zone

    def made(revision, days):
        at = datetime.datetime.combine(
            today - datetime.timedelta(days), datetime.time(9), tzinfo=zone
        )
        Program.objects.filter(pk=revision.pk).update(created_at=at)

    noon = datetime.datetime.combine(today - datetime.timedelta(9), datetime.time(12), tzinfo=zone)
    PatientLink.objects.filter(pk=link.pk).update(created_at=noon)
    made(program, 9)
    for n in range(10):  # the bridge on each of the 10 days
        ExerciseTick.objects.create(
            program=program, exercise=exercises[0], day=today - datetime.timedelta(n)
        )
    second, _ = revise_program(program=program, therapist=therapist)
    made(second, 3)
    slide = ExerciseFactory(name="Wall slide")
    ProgramItemFactory(program=second, exercise=slide, order=10)
    for n in (0, 1):  # the slide on 2 of the 4 days since it was added
        ExerciseTick.objects.create(
            program=second, exercise=slide, day=today - datetime.timedelta(n)
        )
    third, _ = revise_program(program=second, therapist=therapist)
    ProgramItemFactory(program=third, exercise=ExerciseFactory(name="Side step"), order=11)
    editor = therapist_client.get(reverse("programs:edit", args=[third.pk])).content.decode()
    rows = {
        name: editor.split(f">{name}</strong>", 1)[1].split("</span>\n", 2)[1]
        for name in ("Bridge", "Wall slide", "Side step", "Chin tuck")
    }
    assert "done 100% of days" in rows["Bridge"]
    assert "done 50% of the days since it was added" in rows["Wall slide"]
    assert "new in this revision, not ticked yet" in rows["Side step"]
    assert "0%" not in rows["Side step"]
    assert "done 0% of days" in rows["Chin tuck"]


def test_the_editor_shows_each_rows_completion_and_feel(
    therapist_client, patient, program, link, exercises
):
    today = timezone.localdate(timezone=patient.clinic.zone)
    ExerciseTick.objects.create(program=program, exercise=exercises[1], day=today)
    DayFeeling.objects.create(program=program, day=today, pain=2, effort="hard")
    html = therapist_client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert html.count("At home: done") == 3
    assert 'At home: done 100% of days · <span class="badge text-bg-warning">⚑ too hard' in html
