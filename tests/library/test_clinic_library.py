"""Each clinic's library: the shared base plus the clinic's own exercises, less the base
ones it hid or replaced with its own copy. Nobody sees another clinic's exercises: their
ids and slugs answer as missing ones do, in the library and in the program editor."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from library import services
from library.models import Exercise, ExerciseStep
from programs.models import ProgramItem
from programs.services import create_program
from tests.factories import (
    BodyRegionFactory,
    ExerciseFactory,
    MovementTagFactory,
    ProgramItemFactory,
    ProtocolFactory,
    ProtocolItemFactory,
    SupportOptionFactory,
)
from tests.helpers import editor_data

pytestmark = pytest.mark.django_db

LIST = reverse("library:list")


@pytest.fixture
def library(clinic, other_clinic):
    """A base row of each kind, and one own row for each clinic."""
    return {
        "base": ExerciseFactory(name="Bridge", slug="bridge"),
        "hidden": ExerciseFactory(name="Sit-ups", slug="sit-ups"),
        "customised": ExerciseFactory(name="Cat-cow", slug="cat-cow", reps=10),
        "own": ExerciseFactory(name="Harbor wall slide", slug="wall-slide", clinic=clinic),
        "foreign": ExerciseFactory(name="Hilltop step-up", slug="step-up", clinic=other_clinic),
    }


@pytest.fixture
def shaped(library, clinic):
    """The Harbor clinic hid sit-ups and customised cat-cow."""
    services.hide_for_clinic(exercises=Exercise.objects.filter(slug="sit-ups"), clinic_id=clinic.pk)
    copy, _ = services.customise_for_clinic(exercise=library["customised"], clinic_id=clinic.pk)
    Exercise.objects.filter(pk=copy.pk).update(name="Harbor cat-cow", reps=6)
    library["copy"] = Exercise.objects.get(pk=copy.pk)
    return library


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


# The queryset


def test_visible_to_a_clinic(shaped, clinic, other_clinic):
    assert names(Exercise.objects.visible_to(clinic)) == [
        "Bridge",
        "Harbor cat-cow",
        "Harbor wall slide",
    ]
    # The other clinic sees the whole base and its own row, nothing of Harbor's.
    assert names(Exercise.objects.visible_to(other_clinic.pk)) == [
        "Bridge",
        "Cat-cow",
        "Hilltop step-up",
        "Sit-ups",
    ]
    assert names(Exercise.objects.visible_to(None)) == ["Bridge", "Cat-cow", "Sit-ups"]


def test_slugs_and_names_are_unique_within_a_library_only(library, clinic, other_clinic):
    # Another clinic may use Harbor's name and slug; the base keeps one of each.
    ExerciseFactory(name="Harbor wall slide", slug="wall-slide", clinic=other_clinic)
    for fields in [
        {"name": "HARBOR WALL SLIDE", "slug": "other", "clinic": clinic},
        {"name": "Another", "slug": "wall-slide", "clinic": clinic},
        {"name": "bridge", "slug": "other"},
        {"name": "Another", "slug": "bridge"},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            ExerciseFactory(**fields)


def test_fixtures_name_the_base_row_when_a_copy_shares_its_slug(shaped):
    assert Exercise.objects.get_by_natural_key("cat-cow") == shaped["customised"]


# Customise and hide


def test_customise_copies_every_part(clinic):
    base = ExerciseFactory(
        name="Head press",
        slug="head-press",
        summary="Strengthens your neck.",
        position="back",
        kind="posture",
        hold_min_seconds=2,
        hold_max_seconds=3,
        reps=5,
        sets=2,
        side="side",
        stay_minutes=None,
        work_up_to_reps=10,
        take_care="Stop if your neck hurts.",
        illustration="img/exercises/head-press.svg",
        illustration_alt="A person presses their head into the pillow.",
        video_url="https://example.org/head-press",
        credit="Harbor PT",
        step__text="Lie on your back.",
    )
    base.steps.create(order=2, text="Press your head into the pillow.")
    base.tips.create(order=1, text="Keep your chin tucked.")
    base.variants.create(order=1, when="If your chin tilts up", instruction="Tuck it in.")
    base.regions.set([BodyRegionFactory(name="Neck", slug="neck")])
    base.movement_tags.set([MovementTagFactory(name="Spinal extension", slug="extension")])
    base.support_options.set([SupportOptionFactory(name="Head and neck", slug="head")])

    copy, created = services.customise_for_clinic(exercise=base, clinic_id=clinic.pk)

    assert created and copy.pk != base.pk
    assert (copy.clinic, copy.based_on, copy.slug) == (clinic, base, "head-press")
    fields = [
        f.attname
        for f in Exercise._meta.concrete_fields
        if f.name not in {"id", "clinic", "based_on", "updated_at"}
    ]
    assert [getattr(copy, f) for f in fields] == [getattr(base, f) for f in fields]
    for relation in ["regions", "movement_tags", "support_options"]:
        assert list(getattr(copy, relation).all()) == list(getattr(base, relation).all())
    for part, columns in [
        ("steps", ["order", "text"]),
        ("tips", ["order", "text"]),
        ("benefits", ["order", "text"]),
        ("variants", ["order", "when", "instruction"]),
    ]:
        copied = list(getattr(copy, part).values_list(*columns))
        assert copied == list(getattr(base, part).values_list(*columns)), part
        assert copied, part
    # The base keeps its own rows.
    assert base.steps.count() == 2
    # A second click opens the same copy.
    assert services.customise_for_clinic(exercise=base, clinic_id=clinic.pk) == (copy, False)


def test_customise_refuses_when_the_clinic_already_uses_the_name(clinic):
    base = ExerciseFactory(name="Bridge", slug="bridge")
    ExerciseFactory(name="bridge", slug="our-bridge", clinic=clinic)
    with pytest.raises(services.CannotCustomise, match="already has an exercise named"):
        services.customise_for_clinic(exercise=base, clinic_id=clinic.pk)
    assert not base.clinic_copies.exists()


def test_hide_and_show_again(library, clinic):
    rows = Exercise.objects.filter(slug__in=["bridge", "wall-slide"])
    # Only base rows are hidden (own rows are archived instead), and only once.
    assert services.hide_for_clinic(exercises=rows, clinic_id=clinic.pk) == 1
    assert services.hide_for_clinic(exercises=rows, clinic_id=clinic.pk) == 0
    assert list(clinic.hidden_exercises.all()) == [library["base"]]
    assert "Bridge" not in names(Exercise.objects.visible_to(clinic))
    assert services.show_for_clinic(exercises=rows, clinic_id=clinic.pk) == 1
    assert "Bridge" in names(Exercise.objects.visible_to(clinic))


# The library pages


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [exercise.name for exercise in response.context["page"]]


def test_the_library_page_shows_what_the_clinic_sees(therapist_client, shaped):
    assert listed(therapist_client) == ["Bridge", "Harbor cat-cow", "Harbor wall slide"]
    assert listed(therapist_client, q="step") == []  # Hilltop's step-up


def test_the_other_clinic_does_not_see_harbors_rows(client, other_clinic_therapist, shaped):
    client.force_login(other_clinic_therapist.user)
    assert "Harbor wall slide" not in listed(client)
    assert listed(client, q="harbor") == []


def test_a_detail_page_by_slug(therapist_client, shaped):
    def detail(slug):
        return therapist_client.get(reverse("library:detail", args=[slug]))

    # The clinic's copy answers at the base slug.
    assert detail("cat-cow").context["exercise"] == shaped["copy"]
    assert detail("wall-slide").status_code == 200
    # Hidden from this clinic; another clinic's; missing: the same 404.
    missing = detail("no-such-exercise")
    assert missing.status_code == 404
    for slug in ["sit-ups", "step-up"]:
        response = detail(slug)
        assert (response.status_code, response.content) == (404, missing.content), slug


def test_an_operator_without_a_clinic_sees_the_base(admin_client, shaped):
    assert listed(admin_client) == ["Bridge", "Cat-cow", "Sit-ups"]


# The program editor


def search_names(client, program, q):
    response = client.get(reverse("programs:search", args=[program.pk]), {"q": q})
    assert response.status_code == 200
    return [exercise.name for exercise in response.context["results"]]


def test_the_editor_search_finds_what_the_clinic_sees(therapist_client, program, shaped):
    # Every exercise's summary says "back" (the factory's): the search finds all the clinic sees.
    assert sorted(search_names(therapist_client, program, "back")) == [
        "Bridge",
        "Harbor cat-cow",
        "Harbor wall slide",
    ]
    assert search_names(therapist_client, program, "step-up") == []
    assert search_names(therapist_client, program, "sit") == []


@pytest.mark.parametrize("route", ["programs:row", "programs:alternatives"])
def test_another_clinics_exercise_id_answers_as_a_missing_one(
    therapist_client, program, shaped, route
):
    url = reverse(route, args=[program.pk])
    theirs = therapist_client.get(url, {"exercise": shaped["foreign"].pk, "index": 0})
    missing = therapist_client.get(url, {"exercise": 999_999, "index": 0})
    assert (theirs.status_code, theirs.content) == (404, missing.content)
    # Its own exercise is found.
    own = therapist_client.get(
        reverse("programs:row", args=[program.pk]),
        {
            "exercise": shaped["own"].pk,
            "index": 0,
        },
    )
    assert own.status_code == 200


def test_a_hidden_or_replaced_base_exercise_cannot_be_added(therapist_client, program, shaped):
    for exercise in [shaped["hidden"], shaped["customised"]]:
        response = therapist_client.get(
            reverse("programs:row", args=[program.pk]), {"exercise": exercise.pk, "index": 0}
        )
        assert response.status_code == 404


def test_saving_another_clinics_exercise_is_refused(therapist_client, program, shaped):
    data = editor_data(program, [{"exercise": shaped["foreign"], "reps": 10}])
    response = therapist_client.post(reverse("programs:edit", args=[program.pk]), data)
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["exercise"] == [
        "This exercise is not in the library any more."
    ]
    assert not program.items.exists()


def test_a_program_keeps_an_exercise_the_clinic_hid_later(therapist_client, program, shaped):
    """Hiding changes what can be added, never a program made before."""
    item = ProgramItemFactory(program=program, exercise=shaped["base"])
    services.hide_for_clinic(
        exercises=Exercise.objects.filter(pk=item.exercise_id), clinic_id=program.patient.clinic_id
    )
    data = editor_data(program, [{"exercise": item.exercise, "reps": 12}])
    response = therapist_client.post(reverse("programs:edit", args=[program.pk]), data)
    assert response.status_code == 302
    assert program.items.get().reps == 12


def test_the_safer_alternatives_come_from_the_clinics_library(
    therapist_client, program, shaped, other_clinic
):
    from programs.cautions import safer_alternatives

    shaped["base"].kind = "stretch"
    shaped["base"].save()
    for name in ["Hilltop stretch", "Harbor stretch"]:
        clinic = other_clinic if name.startswith("Hilltop") else program.patient.clinic
        ExerciseFactory(name=name, kind="stretch", clinic=clinic)
    offered = safer_alternatives(
        patient_id=program.patient_id,
        clinic_id=program.patient.clinic_id,
        exercise=shaped["base"],
    )
    assert [exercise.name for exercise in offered] == ["Harbor stretch"]


# Starting a program from a protocol


def test_a_protocol_start_uses_the_clinics_copy_and_leaves_out_what_it_hid(
    patient, therapist, shaped
):
    protocol = ProtocolFactory()
    for order, key in enumerate(["customised", "hidden", "base"], start=1):
        ProtocolItemFactory(protocol=protocol, exercise=shaped[key], order=order)
    program = create_program(patient=patient, therapist=therapist, protocol=protocol)
    items = list(program.items.order_by("order"))
    assert [(item.exercise.name, item.order) for item in items] == [
        ("Harbor cat-cow", 1),
        ("Bridge", 2),
    ]
    assert items[0].reps == 6  # the copy's own default dose
    assert program.left_out == [("Sit-ups", "hidden in your clinic's library")]


def test_starting_a_program_says_which_exercises_the_protocol_lost(
    therapist_client, patient, shaped
):
    protocol = ProtocolFactory(name="Back basics")
    for order, key in enumerate(["customised", "hidden", "base"], start=1):
        ProtocolItemFactory(protocol=protocol, exercise=shaped[key], order=order)
    response = therapist_client.post(
        reverse("programs:new", args=[patient.pk]), {"protocol": protocol.pk}, follow=True
    )
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert (
        "Started from “Back basics” without 1 of its exercises: "
        "Sit-ups (hidden in your clinic&#x27;s library)."
    ) in page
    # Nothing is said when nothing was left out.
    other = ProtocolFactory(name="Bridges")
    ProtocolItemFactory(protocol=other, exercise=shaped["base"], order=1)
    response = therapist_client.post(
        reverse("programs:new", args=[patient.pk]), {"protocol": other.pk}, follow=True
    )
    assert "without" not in response.content.decode()


def test_another_clinic_starts_the_same_protocol_from_the_base(other_clinic_therapist, shaped):
    from tests.factories import PatientFactory

    protocol = ProtocolFactory()
    for order, key in enumerate(["customised", "hidden"], start=1):
        ProtocolItemFactory(protocol=protocol, exercise=shaped[key], order=order)
    patient = PatientFactory(clinic=other_clinic_therapist.clinic)
    program = create_program(patient=patient, therapist=other_clinic_therapist, protocol=protocol)
    assert list(program.items.values_list("exercise__name", flat=True)) == ["Cat-cow", "Sit-ups"]


# Query budgets with a large clinic library


@pytest.fixture
def large_clinic_library(clinic, other_clinic):
    """500 exercises of Harbor's own, 500 of Hilltop's, 500 hidden base ones."""
    region = BodyRegionFactory()
    rows = [
        Exercise(
            name=f"{owner} exercise {n}",
            slug=f"{owner}-{n}",
            summary="Keeps you moving.",
            position="standing",
            kind="mobility",
            reps=10,
            sets=1,
            illustration="img/exercises/bridge.svg",
            illustration_alt="A person stands.",
            clinic=clinic_,
        )
        for owner, clinic_ in [("harbor", clinic), ("hilltop", other_clinic), ("base", None)]
        for n in range(500)
    ]
    created = Exercise.objects.bulk_create(rows)
    Exercise.regions.through.objects.bulk_create(
        Exercise.regions.through(exercise_id=exercise.pk, bodyregion_id=region.pk)
        for exercise in created
    )
    ExerciseStep.objects.bulk_create(
        ExerciseStep(exercise=exercise, order=1, text="Stand tall.") for exercise in created
    )
    services.hide_for_clinic(
        exercises=Exercise.objects.filter(slug__startswith="base-"), clinic_id=clinic.pk
    )


@pytest.mark.parametrize("large", [False, True])
def test_library_page_budget_stays_flat(
    request, therapist_client, django_assert_num_queries, large
):
    ExerciseFactory.create_batch(30)
    if large:
        request.getfixturevalue("large_clinic_library")
    # session, user, the user's clinic, the filter's choices (regions with counts,
    # protocols, conditions), the page, its regions, the count (more than a page)
    with django_assert_num_queries(9):
        response = therapist_client.get(LIST, {"q": "e"})
    assert response.status_code == 200


@pytest.mark.parametrize("large", [False, True])
def test_editor_search_budget_stays_flat(
    request, therapist_client, program, django_assert_num_queries, large
):
    ExerciseFactory.create_batch(30)
    if large:
        request.getfixturevalue("large_clinic_library")
    # session, user, program with patient, the audit row, the results, their cautions
    with django_assert_num_queries(6):
        response = therapist_client.get(reverse("programs:search", args=[program.pk]), {"q": "e"})
    assert len(response.context["results"]) == 8


@pytest.mark.parametrize("large", [False, True])
def test_editor_budget_stays_flat(
    request, therapist_client, program, django_assert_num_queries, large
):
    for _ in range(12):
        ProgramItemFactory(program=program)
    if large:
        request.getfixturevalue("large_clinic_library")
        harbor = Exercise.objects.filter(slug__startswith="harbor-")[:5]
        last = max(program.items.values_list("order", flat=True))
        for number, exercise in enumerate(harbor, start=last + 1):
            ProgramItem.objects.create(program=program, exercise=exercise, order=number)
    # As tests/programs/test_program_editor.py: session, user, program, audit row, items,
    # supports, variants, support options, cautions, body regions, the first phone link.
    with django_assert_num_queries(11):
        response = therapist_client.get(reverse("programs:edit", args=[program.pk]))
    assert response.status_code == 200
