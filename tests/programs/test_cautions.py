"""The clinical caution check: warnings in the editor, reasons to keep an item, safer
alternatives, the program page's safety summary, and the rules kept in admin."""

import datetime
import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinics.models import Patient
from library.models import Condition, ConditionCaution, Exercise, MovementTag
from programs import cautions
from programs.models import Program
from tests.factories import (
    PatientFactory,
    ProgramFactory,
    ProgramItemFactory,
)
from tests.helpers import editor_data, pdf_text

pytestmark = pytest.mark.django_db

CAUTIONED_CONDITIONS = ["osteoporosis", "vertebral-fracture"]
# DESIGN.md, "Clinical cautions": each of these conditions cautions each of these movements.
DESIGN_RULES = [
    "spinal-flexion",
    "spinal-rotation",
    "impact",
    "lifting-overhead",
    "lifting-from-floor",
]
FLEXION_SOURCE = "Mayo Clinic"
REASON = "Pain-free in clinic; small range only"


@pytest.fixture
def library(seed_library):
    """The shipped exercise catalogue and condition cautions."""


@pytest.fixture
def knees_to_chest(library):
    return Exercise.objects.get(slug="knees-to-chest")


def with_conditions(patient, *slugs):
    patient.conditions.set(Condition.objects.filter(slug__in=slugs))
    return patient


def edit_url(program):
    return reverse("programs:edit", args=[program.pk])


def detail_url(program):
    return reverse("programs:detail", args=[program.pk])


def add_row(client, program, exercise, index=0, **params):
    """What the editor's "Add" (and "Use instead") button asks for."""
    url = reverse("programs:row", args=[program.pk])
    return client.get(url, {"exercise": exercise.pk, "index": index, **params})


def flexion_rule():
    return ConditionCaution.objects.get(
        condition__slug="osteoporosis", movement_tag__slug="spinal-flexion"
    )


# The rules


def test_seed_rules_cover_the_design(library):
    for condition in CAUTIONED_CONDITIONS:
        rules = ConditionCaution.objects.filter(condition__slug=condition)
        assert sorted(rule.movement_tag.slug for rule in rules) == sorted(DESIGN_RULES)
        for rule in rules:
            assert rule.message and rule.source
            assert rule.source_url.startswith("https://"), rule


def test_low_back_pain_has_no_rule_against_stretching(library):
    assert not ConditionCaution.objects.filter(condition__slug="low-back-pain").exists()


def test_cautions_by_exercise_is_one_query_whatever_the_size(
    library, patient, django_assert_num_queries
):
    with_conditions(patient, *CAUTIONED_CONDITIONS)
    every_exercise = list(Exercise.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        found = cautions.cautions_by_exercise(patient_id=patient.pk, exercise_ids=every_exercise)
    slugs = {Exercise.objects.get(pk=pk).slug: rules for pk, rules in found.items()}
    assert set(slugs) == {
        "knees-to-chest",
        "cat-cow",
        "bent-knee-side-rotation",
        "standing-rotation",
        "jogging",
        "bottom-to-heels-stretch",  # the base library's back and shoulder regions
        "seated-back-twist",
        "overhead-arm-raise",
        "standing-forward-bend",
        "overhead-elbow-straightening",
        "floor-hip-twist",
    }
    conditions = [rule.condition.slug for rule in slugs["knees-to-chest"]]
    assert conditions == ["osteoporosis", "vertebral-fracture"]
    with django_assert_num_queries(0):
        assert cautions.cautions_by_exercise(patient_id=patient.pk, exercise_ids=[]) == {}


def test_reason_needs_who_and_when_in_the_database(program):
    with pytest.raises(IntegrityError):
        ProgramItemFactory(program=program, caution_reason="Because")


# In the editor


def test_osteoporosis_patient_gets_a_flexion_warning_citing_its_source(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    response = add_row(therapist_client, program, knees_to_chest, index=2)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Caution for this patient" in content
    rule = flexion_rule()
    assert rule.message in content
    assert FLEXION_SOURCE in rule.source and rule.source in html.unescape(content)
    assert f'href="{rule.source_url}"' in content
    assert "spinal flexion" in content
    assert 'name="items-2-caution_reason"' in content
    assert content.count("Source:") == 1  # the one rule osteoporosis has against flexion


def test_low_back_pain_only_patient_gets_no_warning(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "low-back-pain")
    response = add_row(therapist_client, program, knees_to_chest)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Caution for this patient" not in content
    assert "caution_reason" not in content


def test_a_patient_without_conditions_gets_no_warning(therapist_client, program, knees_to_chest):
    response = add_row(therapist_client, program, knees_to_chest)
    assert b"Caution for this patient" not in response.content


def test_the_warning_shows_again_when_the_editor_is_opened(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    ProgramItemFactory(program=program, exercise=knees_to_chest)
    content = therapist_client.get(edit_url(program)).content.decode()
    assert flexion_rule().message in content
    assert "Show safer exercises" in content


def test_saving_a_cautioned_item_without_a_reason_is_refused_and_the_form_kept(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    bridge = Exercise.objects.get(slug="bridge")
    data = editor_data(
        program,
        [
            {"exercise": bridge, "reps": 12, "note": "Squeeze first"},
            {"exercise": knees_to_chest, "reps": 7, "caution_reason": ""},
        ],
        title="Kept title",
        special_instructions="Kept instructions",
    )
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Not saved yet" in content
    assert flexion_rule().message in content
    assert "Write a short reason to keep this exercise" in content
    assert 'value="Kept title"' in content and "Kept instructions" in content
    assert 'name="items-0-reps" id="id_items-0-reps" value="12"' in content
    assert 'name="items-1-reps" id="id_items-1-reps" value="7"' in content
    assert 'value="Squeeze first"' in content
    forms = response.context["formset"].forms
    assert "caution_reason" in forms[1].errors and not forms[0].errors
    assert not program.items.exists()
    program.refresh_from_db()
    assert program.title == "Home program"


@pytest.mark.parametrize("reason", ["", "   ", "ok", "x" * 301])
def test_the_reason_must_be_short_but_real(
    therapist_client, patient, program, knees_to_chest, reason
):
    with_conditions(patient, "osteoporosis")
    data = editor_data(program, [{"exercise": knees_to_chest, "caution_reason": reason}])
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 400
    assert "caution_reason" in response.context["formset"].forms[0].errors
    assert not program.items.exists()


def test_saving_with_a_reason_is_accepted_and_records_who_and_when(
    therapist_client, therapist, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    before = timezone.now()
    data = editor_data(
        program, [{"exercise": knees_to_chest, "reps": 5, "caution_reason": f"  {REASON} "}]
    )
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 302
    item = program.items.get()
    assert item.caution_reason == REASON
    assert item.caution_reason_by == therapist.user
    assert before <= item.caution_reason_at <= timezone.now()
    # The editor shows the kept reason in its field the next time.
    content = therapist_client.get(edit_url(program)).content.decode()
    assert f'value="{REASON}"' in content


def test_saving_again_keeps_who_gave_the_reason_unless_it_changes(
    client, therapist, clinic_admin, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    client.force_login(therapist.user)
    rows = [{"exercise": knees_to_chest, "caution_reason": REASON}]
    assert client.post(edit_url(program), editor_data(program, rows)).status_code == 302
    first = program.items.get()

    client.force_login(clinic_admin.user)
    program.refresh_from_db()
    rows[0]["reps"] = 3
    assert client.post(edit_url(program), editor_data(program, rows)).status_code == 302
    kept = program.items.get()
    assert (kept.reps, kept.caution_reason_by, kept.caution_reason_at) == (
        3,
        therapist.user,
        first.caution_reason_at,
    )

    program.refresh_from_db()
    rows[0]["caution_reason"] = "Checked again: still pain-free"
    assert client.post(edit_url(program), editor_data(program, rows)).status_code == 302
    changed = program.items.get()
    assert changed.caution_reason_by == clinic_admin.user
    assert changed.caution_reason_at > first.caution_reason_at


def test_no_reason_is_needed_for_a_removed_row_or_kept_for_a_safe_one(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    bridge = Exercise.objects.get(slug="bridge")
    data = editor_data(
        program,
        [
            {"exercise": knees_to_chest, "DELETE": "on"},
            {"exercise": bridge, "caution_reason": "Typed into a safe row by hand"},
        ],
    )
    assert therapist_client.post(edit_url(program), data).status_code == 302
    item = program.items.get()
    assert item.exercise == bridge
    assert (item.caution_reason, item.caution_reason_by, item.caution_reason_at) == ("", None, None)


def test_revise_copies_the_reason_with_who_and_when(
    client, therapist, clinic_admin, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    given_at = timezone.now() - datetime.timedelta(days=14)
    ProgramItemFactory(
        program=program,
        exercise=knees_to_chest,
        caution_reason=REASON,
        caution_reason_by=therapist.user,
        caution_reason_at=given_at,
    )
    client.force_login(clinic_admin.user)
    client.post(reverse("programs:revise", args=[program.pk]))
    copied = Program.objects.get(previous=program).items.get()
    assert (copied.caution_reason, copied.caution_reason_by, copied.caution_reason_at) == (
        REASON,
        therapist.user,
        given_at,
    )


# Safer alternatives


def offered(response):
    """The exercises a row or alternatives response offers, in order, read from its HTML."""
    ids = [int(pk) for pk in re.findall(r"\?exercise=(\d+)&amp;index=", response.content.decode())]
    exercises = Exercise.objects.in_bulk(ids)
    return [exercises[pk] for pk in ids]


def assert_safe_alternatives(alternatives, exercise, patient):
    cautioned = set(
        MovementTag.objects.filter(condition_cautions__condition__patients=patient).values_list(
            "slug", flat=True
        )
    )
    assert cautioned
    assert 1 <= len(alternatives) <= 3
    for alternative in alternatives:
        assert alternative.pk != exercise.pk and not alternative.archived
        tags = set(alternative.movement_tags.values_list("slug", flat=True))
        assert not tags & cautioned, f"{alternative} carries {tags & cautioned}"
        # The same purpose: a stretch for a stretch or mobility exercise, and so on.
        assert alternative.kind in cautions.same_purpose(exercise.kind), alternative


def test_alternatives_serve_the_exercises_purpose_not_only_its_body_region(
    therapist_client, patient, program, library
):
    """Cat-cow moves the spine through its range: Band row (a seated pull for the upper
    back) shares its region but not its purpose, and is not offered; a back extension, which
    osteoporosis does not caution, is."""
    with_conditions(patient, "osteoporosis")
    cat_cow = Exercise.objects.get(slug="cat-cow")
    names = [
        e.name
        for e in cautions.safer_alternatives(
            patient_id=patient.pk, clinic_id=patient.clinic_id, exercise=cat_cow
        )
    ]
    assert "Band row" not in names
    assert names[0] == "Back extension on the elbows"  # the same purpose and a shared region first
    jogging = Exercise.objects.get(slug="jogging")
    alternatives = cautions.safer_alternatives(
        patient_id=patient.pk, clinic_id=patient.clinic_id, exercise=jogging
    )
    assert {e.kind for e in alternatives} == {"aerobic"}


@pytest.mark.parametrize(
    "slug", ["knees-to-chest", "cat-cow", "bent-knee-side-rotation", "standing-rotation", "jogging"]
)
def test_alternatives_carry_no_cautioned_tag_and_are_at_most_three(
    therapist_client, patient, program, library, slug
):
    with_conditions(patient, *CAUTIONED_CONDITIONS)
    exercise = Exercise.objects.get(slug=slug)
    response = add_row(therapist_client, program, exercise, index=4)
    alternatives = offered(response)
    assert_safe_alternatives(alternatives, exercise, patient)
    content = response.content.decode()
    for alternative in alternatives:
        assert f"?exercise={alternative.pk}&amp;index=4" in content
    assert content.count("data-replace-item") == len(alternatives)


def test_alternatives_skip_archived_and_already_chosen_exercises(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    first = cautions.safer_alternatives(
        patient_id=patient.pk, clinic_id=patient.clinic_id, exercise=knees_to_chest
    )
    first[0].archived = True
    first[0].save()
    response = add_row(therapist_client, program, knees_to_chest, in_program=[first[1].pk])
    assert response.status_code == 200
    alternatives = offered(response)
    assert first[0] not in alternatives and first[1] not in alternatives
    assert_safe_alternatives(alternatives, knees_to_chest, patient)


@pytest.mark.parametrize("in_program", [["junk"], ["9" * 30], ["0"], ["1"] * 41])
def test_a_bad_list_of_exercises_in_the_program_is_404(
    therapist_client, patient, program, knees_to_chest, in_program
):
    with_conditions(patient, "osteoporosis")
    response = add_row(therapist_client, program, knees_to_chest, in_program=in_program)
    assert response.status_code == 404


def test_the_alternatives_button_loads_them_for_a_saved_row(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    url = reverse("programs:alternatives", args=[program.pk])
    response = therapist_client.get(url, {"exercise": knees_to_chest.pk, "index": 6})
    assert response.status_code == 200
    assert_safe_alternatives(offered(response), knees_to_chest, patient)
    assert b"&amp;index=6" in response.content


def test_use_instead_replaces_the_row_in_place_without_a_warning(
    therapist_client, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis")
    alternative = cautions.safer_alternatives(
        patient_id=patient.pk, clinic_id=patient.clinic_id, exercise=knees_to_chest
    )[0]
    response = add_row(therapist_client, program, alternative, index=3)
    content = response.content.decode()
    assert 'name="items-3-exercise"' in content and f'value="{alternative.pk}"' in content
    assert "Caution for this patient" not in content


@pytest.mark.parametrize(
    "params",
    [{}, {"exercise": "x", "index": 0}, {"exercise": 1, "index": 99}, {"exercise": 10**30}],
)
def test_alternatives_with_bad_input_is_404_not_500(therapist_client, program, params):
    url = reverse("programs:alternatives", args=[program.pk])
    assert therapist_client.get(url, params).status_code == 404


def test_alternatives_require_login_and_hide_other_clinics(
    client, therapist_client, program, foreign_program
):
    url = reverse("programs:alternatives", args=[program.pk]) + "?exercise=1&index=0"
    foreign = reverse("programs:alternatives", args=[foreign_program.pk]) + "?exercise=1&index=0"
    assert therapist_client.get(foreign).status_code == 404
    therapist_client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# The program page


def test_program_page_shows_the_safety_summary_with_reasons(
    therapist_client, therapist, patient, program, knees_to_chest
):
    with_conditions(patient, "osteoporosis", "low-back-pain")
    given_at = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
    ProgramItemFactory(
        program=program,
        exercise=knees_to_chest,
        caution_reason=REASON,
        caution_reason_by=therapist.user,
        caution_reason_at=given_at,
    )
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="cat-cow"))
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="bridge"))
    content = therapist_client.get(detail_url(program)).content.decode()
    summary = content[content.index('id="safety-summary"') :]
    summary = summary[: summary.index("</section>")]
    assert "Low back pain" in summary and "Osteoporosis" in summary
    assert "Knees to chest" in summary and "Cat-cow" in summary and "Bridge" not in summary
    assert flexion_rule().message in summary
    assert f"Kept because: “{REASON}”" in summary
    assert "Alice Ng, Mar 2, 2026 09:30" in summary
    assert "No reason given yet." in summary
    assert "1 exercise needs a reason to be kept" in summary


def test_program_page_says_when_nothing_conflicts(therapist_client, patient, program, library):
    with_conditions(patient, "osteoporosis")
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="bridge"))
    content = therapist_client.get(detail_url(program)).content.decode()
    assert "No exercise in this program meets a caution" in content


def test_changing_the_patients_conditions_re_evaluates_the_program(
    therapist_client, patient, program, knees_to_chest
):
    ProgramItemFactory(program=program, exercise=knees_to_chest)
    message = flexion_rule().message
    assert message not in therapist_client.get(detail_url(program)).content.decode()

    osteoporosis = Condition.objects.get(slug="osteoporosis")
    response = therapist_client.post(
        reverse("programs:patient_edit", args=[patient.pk]),
        {
            "name": patient.name,
            "chart_number": patient.chart_number,
            "conditions": [osteoporosis.pk],
        },
    )
    assert response.status_code == 302
    content = therapist_client.get(detail_url(program)).content.decode()
    assert message in content and "No reason given yet." in content
    assert message in therapist_client.get(edit_url(program)).content.decode()


# Rules edited in admin


def test_a_rule_edited_in_admin_changes_the_result(
    therapist_client, library_editor, patient, program, knees_to_chest
):
    """A library editor changes the rule in admin; the therapist's editor follows at once."""
    with_conditions(patient, "osteoporosis")
    rule = flexion_rule()
    change = reverse("admin:library_conditioncaution_change", args=[rule.pk])
    editor = Client()
    editor.force_login(library_editor)
    assert editor.get(change).status_code == 200
    form = {
        "condition": rule.condition_id,
        "movement_tag": rule.movement_tag_id,
        "severity": "caution",
        "message": "Keep the knees low and the back flat on the bed.",
        "source": "Clinic policy, March 2026",
        "source_url": "",
        "_save": "Save",
    }
    assert editor.post(change, form).status_code == 302
    content = add_row(therapist_client, program, knees_to_chest).content.decode()
    assert "Keep the knees low and the back flat on the bed." in content
    assert "Clinic policy, March 2026" in content and "(use caution)" in content

    impact = MovementTag.objects.get(slug="impact")
    other = ConditionCaution.objects.get(condition=rule.condition, movement_tag=impact)
    other.delete()
    assert editor.post(change, {**form, "movement_tag": impact.pk}).status_code == 302
    assert (
        b"Caution for this patient"
        not in add_row(therapist_client, program, knees_to_chest).content
    )
    jogging = Exercise.objects.get(slug="jogging")
    assert b"Keep the knees low" in add_row(therapist_client, program, jogging).content


def test_admin_lists_search_and_filter_the_rules(clinic_admin_client, library):
    changelist = reverse("admin:library_conditioncaution_changelist")
    response = clinic_admin_client.get(changelist, {"q": "spinal flexion"})
    assert response.status_code == 200
    found = {
        (rule.condition.slug, rule.movement_tag.slug) for rule in response.context["cl"].result_list
    }
    assert found == {(condition, "spinal-flexion") for condition in CAUTIONED_CONDITIONS}
    response = clinic_admin_client.get(changelist, {"severity__exact": "avoid"})
    assert response.status_code == 200
    assert {rule.severity for rule in response.context["cl"].result_list} == {"avoid"}
    conditions = reverse("admin:library_condition_changelist")
    content = clinic_admin_client.get(conditions).content.decode()
    assert "Osteoporosis" in content and "Spinal flexion" in content
    condition = Condition.objects.get(slug="osteoporosis")
    change = reverse("admin:library_condition_change", args=[condition.pk])
    assert clinic_admin_client.get(change).status_code == 200


def test_a_therapist_cannot_edit_the_rules(therapist_client, library):
    changelist = reverse("admin:library_conditioncaution_changelist")
    assert therapist_client.get(changelist).status_code == 302


# The demo data


def test_the_demo_osteoporosis_patients_program_warns_when_knees_to_chest_is_added(client, library):
    call_command("loaddata", "protocols", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    margaret = Patient.objects.get(chart_number="D-1001")
    program = margaret.programs.get()
    client.force_login(get_user_model().objects.get(username="therapist"))
    content = client.get(detail_url(program)).content.decode()
    assert "No exercise in this program meets a caution" in content

    knees_to_chest = Exercise.objects.get(slug="knees-to-chest")
    response = add_row(client, program, knees_to_chest, index=program.items.count())
    assert response.status_code == 200
    assert flexion_rule().message in response.content.decode()
    assert_safe_alternatives(offered(response), knees_to_chest, margaret)


# Query budgets


@pytest.mark.parametrize("cautioned", [False, True])
def test_row_query_count(
    therapist_client, patient, program, knees_to_chest, django_assert_num_queries, cautioned
):
    if cautioned:
        with_conditions(patient, "osteoporosis")
    # session, user, program with patient, the audit row, the exercise, its variants, its
    # support options, the cautions it meets for this patient; and only when it meets one,
    # the safer alternatives
    with django_assert_num_queries(9 if cautioned else 8):
        add_row(therapist_client, program, knees_to_chest)


def test_alternatives_query_count(
    therapist_client, patient, program, knees_to_chest, django_assert_num_queries
):
    with_conditions(patient, "osteoporosis")
    url = reverse("programs:alternatives", args=[program.pk])
    # session, user, program with patient, the audit row, the exercise, the alternatives
    with django_assert_num_queries(6):
        therapist_client.get(url, {"exercise": knees_to_chest.pk, "index": 0})


@pytest.fixture
def cautioned_program(therapist, library):
    patient = with_conditions(
        PatientFactory(clinic=therapist.clinic), "osteoporosis", "vertebral-fracture"
    )
    return ProgramFactory(patient=patient, therapist=therapist)


def add_cautioned_items(program, count, user):
    for index in range(count):
        slug = ["knees-to-chest", "cat-cow", "standing-rotation", "jogging"][index % 4]
        ProgramItemFactory(
            program=program,
            exercise=Exercise.objects.get(slug=slug),
            caution_reason=REASON,
            caution_reason_by=user,
            caution_reason_at=timezone.now(),
        )
        ProgramItemFactory(program=program)


@pytest.mark.parametrize("count", [1, 20])
def test_program_page_query_count_with_cautions_does_not_grow(
    therapist_client, therapist, cautioned_program, django_assert_num_queries, count
):
    add_cautioned_items(cautioned_program, count, therapist.user)
    # session, user, program with its relations, the audit row, items with exercise,
    # variant and who gave a caution reason, supports; for the safety summary the patient's
    # conditions and the cautions the items meet
    with django_assert_num_queries(8):
        response = therapist_client.get(detail_url(cautioned_program))
    assert response.content.count(f"Kept because: “{REASON}”".encode()) == count


@pytest.mark.parametrize("count", [1, 20])
def test_editor_query_count_with_cautions_does_not_grow(
    therapist_client, therapist, cautioned_program, django_assert_num_queries, count
):
    add_cautioned_items(cautioned_program, count, therapist.user)
    # session, user, program with its relations, the audit row, items, item supports, the
    # exercises' variants and support options, the cautions the rows meet (alternatives
    # load on demand), the body regions for the search's filter, the first phone link
    with django_assert_num_queries(11):
        response = therapist_client.get(edit_url(cautioned_program))
    assert response.content.count(b"Caution for this patient") == count


# The handout


def test_warning_never_in_handout(therapist, patient, program, knees_to_chest):
    from handouts.services import render_program_pdf

    with_conditions(patient, "osteoporosis")
    ProgramItemFactory(
        program=program,
        exercise=knees_to_chest,
        caution_reason=REASON,
        caution_reason_by=therapist.user,
        caution_reason_at=timezone.now(),
    )
    rule = flexion_rule()
    pdf = render_program_pdf(program, mode="filled", large_print=False)
    text = pdf_text(pdf)
    assert "Knees to chest" in text
    for words in [
        REASON,
        "Caution for this patient",
        "Safety summary",
        FLEXION_SOURCE,
        "compression fracture",
        rule.message[:40],
        "Alice Ng, Mar",
    ]:
        assert words not in text, words
