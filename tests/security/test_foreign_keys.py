"""Every id a clinic admin or a library editor posts in admin names only rows they may see:
another clinic's exercise posted into a protocol would print that clinic's words on this
clinic's handouts. A refused id is a form error, as a missing one
is, and nothing is saved. The operator may choose anything, but a protocol still holds
only base exercises and its own clinic's. Whatever is in the database, another clinic's
exercise never reaches a program or a handout.

Other posted ids are tested beside their features: a protocol's and a therapist's clinic
(tests/programs/test_protocol_admin.py, test_admin_accounts.py), an exercise's clinic and
base row (test_clinic_exercises.py), the program editor's exercises and the protocol a
program starts from (tests/library/test_clinic_library.py, tests/programs/test_templates.py).
Sheets, conditions, movement tags and support options are shared by every clinic."""

import pytest
from django.urls import reverse

from handouts.services import build_snapshot, handout_programs
from library.models import FavouriteExercise, Protocol, ProtocolItem
from programs.services import create_program
from tests.factories import (
    ExerciseFactory,
    PatientFactory,
    ProtocolFactory,
    ProtocolItemFactory,
    TherapistFactory,
)
from tests.helpers import exercise_form, protocol_form

pytestmark = pytest.mark.django_db

ADD_PROTOCOL = reverse("admin:library_protocol_add")


@pytest.fixture
def exercises(clinic, other_clinic):
    """A base exercise, one of the Harbor clinic's own and one of the Hilltop clinic's."""
    return {
        "base": ExerciseFactory(name="Bridge"),
        "ours": ExerciseFactory(name="Harbor wall slide", clinic=clinic),
        "theirs": ExerciseFactory(name="Hilltop secret step-up", clinic=other_clinic),
    }


def exercise_errors(response):
    assert response.status_code == 200  # the form again, never a 500
    return response.context["inline_admin_formsets"][0].formset.forms[0].errors["exercise"]


def change_url(model, obj):
    return reverse(f"admin:{obj._meta.app_label}_{model}_change", args=[obj.pk])


# The protocol item's exercise


def test_a_clinic_admin_cannot_put_another_clinics_exercise_in_a_protocol(
    clinic_admin_client, clinic, exercises
):
    response = clinic_admin_client.post(
        ADD_PROTOCOL, protocol_form(clinic=clinic, exercise=exercises["theirs"])
    )
    assert "Select a valid choice" in exercise_errors(response)[0]
    assert not Protocol.objects.exists()


@pytest.mark.parametrize("key", ["base", "ours"])
def test_a_clinic_admin_puts_a_base_or_their_own_exercise_in_a_protocol(
    clinic_admin_client, clinic, exercises, key
):
    response = clinic_admin_client.post(
        ADD_PROTOCOL, protocol_form(clinic=clinic, exercise=exercises[key])
    )
    assert response.status_code == 302
    assert ProtocolItem.objects.get().exercise == exercises[key]


def test_nor_into_a_protocol_they_already_have(clinic_admin_client, clinic, exercises):
    ours = ProtocolFactory(name="Harbor knee set", clinic=clinic)
    data = protocol_form(
        clinic=clinic, exercise=exercises["theirs"], name=ours.name, slug=ours.slug
    )
    response = clinic_admin_client.post(change_url("protocol", ours), data)
    assert "Select a valid choice" in exercise_errors(response)[0]
    assert not ours.items.exists()


def test_the_exercise_choices_name_no_other_clinics_exercise(clinic_admin_client, exercises):
    response = clinic_admin_client.get(ADD_PROTOCOL)
    field = response.context["inline_admin_formsets"][0].formset.empty_form.fields["exercise"]
    assert set(field.queryset) == {exercises["base"], exercises["ours"]}
    autocomplete = clinic_admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "",
            "app_label": "library",
            "model_name": "protocolitem",
            "field_name": "exercise",
        },
    )
    names = {row["text"] for row in autocomplete.json()["results"]}
    assert names == {"Bridge", "Harbor wall slide"}


def test_another_protocols_item_id_is_refused_as_a_missing_one(
    clinic_admin_client, clinic, exercises
):
    """A row id outside this protocol is refused as a missing one is, and the other
    clinic's item is neither read nor changed."""
    ours = ProtocolFactory(name="Harbor knee set", clinic=clinic)
    theirs = ProtocolItemFactory(
        protocol=ProtocolFactory(clinic=exercises["theirs"].clinic),
        exercise=exercises["theirs"],
        reps=3,
    )
    for row_id in [theirs.pk, 999_999]:
        data = protocol_form(
            clinic=clinic, exercise=exercises["base"], name=ours.name, slug=ours.slug
        )
        data.update({"items-INITIAL_FORMS": "1", "items-0-id": row_id})
        response = clinic_admin_client.post(change_url("protocol", ours), data)
        assert response.status_code == 200
        errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
        assert "Select a valid choice" in errors["id"][0]
    theirs.refresh_from_db()
    assert (theirs.protocol.clinic, theirs.exercise, theirs.reps, theirs.own_dose) == (
        exercises["theirs"].clinic,
        exercises["theirs"],
        3,
        False,
    )
    assert not ours.items.exists()


def test_another_exercises_step_id_is_refused_as_a_missing_one(clinic_admin_client, exercises):
    """The same for an exercise's steps, tips, benefits and variants."""
    ours, their_step = exercises["ours"], exercises["theirs"].steps.get()
    change = reverse("admin:library_exercise_change", args=[ours.pk])
    for row_id in [their_step.pk, 999_999]:
        data = exercise_form(name=ours.name, slug=ours.slug)
        data.update({"steps-INITIAL_FORMS": "1", "steps-0-id": row_id, "steps-0-text": "Mine."})
        response = clinic_admin_client.post(change, data)
        assert response.status_code == 200
        errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
        assert "Select a valid choice" in errors["id"][0]
    their_step.refresh_from_db()
    assert (their_step.exercise, their_step.text) == (exercises["theirs"], "Lie on your back.")


@pytest.mark.parametrize("key", ["ours", "theirs"])
def test_a_library_editor_cannot_put_a_clinics_exercise_in_a_base_protocol(
    library_editor_client, exercises, key
):
    response = library_editor_client.post(ADD_PROTOCOL, protocol_form(exercise=exercises[key]))
    assert "Select a valid choice" in exercise_errors(response)[0]
    assert not Protocol.objects.exists()


def test_a_library_editor_puts_a_base_exercise_in_a_base_protocol(library_editor_client, exercises):
    response = library_editor_client.post(ADD_PROTOCOL, protocol_form(exercise=exercises["base"]))
    assert response.status_code == 302
    assert Protocol.objects.get().clinic is None
    assert ProtocolItem.objects.get().exercise == exercises["base"]


@pytest.mark.parametrize(
    ("protocol_clinic", "key", "where"),
    [
        (None, "ours", "a base protocol"),
        ("other_clinic", "ours", "this protocol's clinic"),
        ("clinic", "theirs", "this protocol's clinic"),
    ],
)
def test_the_operators_protocol_holds_base_and_its_own_clinics_exercises_only(
    admin_client, request, exercises, protocol_clinic, key, where
):
    clinic = request.getfixturevalue(protocol_clinic) if protocol_clinic else None
    response = admin_client.post(
        ADD_PROTOCOL, protocol_form(clinic=clinic, exercise=exercises[key])
    )
    assert exercise_errors(response) == [
        f"“{exercises[key].name}” is another clinic's own exercise: {where} cannot hold it."
    ]
    assert not Protocol.objects.exists()


@pytest.mark.parametrize(("protocol_clinic", "key"), [(None, "base"), ("clinic", "ours")])
def test_the_operator_adds_a_protocol_that_agrees_with_its_exercise(
    admin_client, request, exercises, protocol_clinic, key
):
    clinic = request.getfixturevalue(protocol_clinic) if protocol_clinic else None
    response = admin_client.post(
        ADD_PROTOCOL, protocol_form(clinic=clinic, exercise=exercises[key])
    )
    assert response.status_code == 302
    assert ProtocolItem.objects.get().exercise == exercises[key]


def test_moving_a_protocol_to_the_base_cannot_take_its_clinics_exercise_along(
    admin_client, clinic, exercises
):
    ours = ProtocolFactory(name="Harbor knee set", clinic=clinic)
    item = ProtocolItemFactory(protocol=ours, exercise=exercises["ours"])
    data = protocol_form(clinic=None, name=ours.name, slug=ours.slug)
    data.update(
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-id": item.pk,
            "items-0-protocol": ours.pk,
            "items-0-exercise": exercises["ours"].pk,
            "items-0-order": "1",
            "items-0-sets": "1",
        }
    )
    response = admin_client.post(change_url("protocol", ours), data)
    assert "a base protocol cannot hold it" in exercise_errors(response)[0]
    ours.refresh_from_db()
    assert ours.clinic == clinic


# The protocol's owner (the operator alone sees the field)


def test_a_private_template_stays_in_its_owners_clinic(
    admin_client, clinic, other_clinic_therapist
):
    response = admin_client.post(
        ADD_PROTOCOL, protocol_form(clinic=clinic, owner=other_clinic_therapist.pk)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["owner"]
    assert errors == [f"{other_clinic_therapist} works at Hilltop Rehab: choose that clinic."]
    assert not Protocol.objects.exists()

    response = admin_client.post(
        ADD_PROTOCOL,
        protocol_form(clinic=other_clinic_therapist.clinic, owner=other_clinic_therapist.pk),
    )
    assert response.status_code == 302
    assert Protocol.objects.get().owner == other_clinic_therapist


# The clinic's hidden exercises are hidden and shown again from the exercise list
# (library/admin.py's actions); the clinic's own form names no exercise at all.


def test_the_clinic_form_names_no_exercise_and_hides_nothing(
    clinic_admin_client, clinic, exercises
):
    page = clinic_admin_client.get(change_url("clinic", clinic)).content.decode()
    assert "Bridge" not in page and exercises["theirs"].name not in page
    form = {
        "name": clinic.name,
        "phone": "",
        "address": "",
        "paper_size": "letter",
        "time_zone": clinic.time_zone,
        "hidden_exercises": [exercises["base"].pk, exercises["theirs"].pk],
    }
    response = clinic_admin_client.post(change_url("clinic", clinic), form)
    assert response.status_code == 302
    assert not clinic.hidden_exercises.exists()


# A therapist's favourites


def test_a_therapist_cannot_star_another_clinics_exercise(therapist_client, exercises):
    response = therapist_client.post(
        reverse("mine:favourite", args=[exercises["theirs"].pk]), {"favourite": "yes"}
    )
    assert response.status_code == 404
    assert not FavouriteExercise.objects.exists()
    response = therapist_client.post(
        reverse("mine:favourite", args=[exercises["ours"].pk]), {"favourite": "yes"}
    )
    assert response.status_code == 200
    assert FavouriteExercise.objects.get().exercise == exercises["ours"]


# A bad row already in the database


@pytest.fixture
def leaky_protocol(exercises):
    """A base protocol holding Hilltop's own exercise, written straight to the database
    (as the admin allowed before the forms checked it)."""
    protocol = ProtocolFactory(name="Bone health")
    for order, key in enumerate(["base", "theirs"], start=1):
        ProtocolItemFactory(protocol=protocol, exercise=exercises[key], order=order)
    return protocol


def test_a_program_never_copies_another_clinics_exercise(patient, therapist, leaky_protocol):
    program = create_program(patient=patient, therapist=therapist, protocol=leaky_protocol)
    assert list(program.items.values_list("exercise__name", flat=True)) == ["Bridge"]


def test_a_clinics_own_protocol_never_copies_another_clinics_exercise(
    patient, therapist, clinic, exercises
):
    protocol = ProtocolFactory(name="Harbor knee set", clinic=clinic)
    for order, key in enumerate(["theirs", "ours"], start=1):
        ProtocolItemFactory(protocol=protocol, exercise=exercises[key], order=order)
    program = create_program(patient=patient, therapist=therapist, protocol=protocol)
    assert list(program.items.values_list("exercise__name", flat=True)) == ["Harbor wall slide"]


def test_the_owning_clinic_still_gets_its_own_exercise(other_clinic, leaky_protocol):
    therapist = TherapistFactory(clinic=other_clinic)
    patient = PatientFactory(clinic=other_clinic)
    program = create_program(patient=patient, therapist=therapist, protocol=leaky_protocol)
    names = list(program.items.order_by("order").values_list("exercise__name", flat=True))
    assert names == ["Bridge", "Hilltop secret step-up"]


@pytest.mark.parametrize("mode", ["full", "blank"])
def test_the_protocols_sheet_never_prints_another_clinics_exercise(
    mode, patient, therapist, leaky_protocol
):
    program = create_program(patient=patient, therapist=therapist, protocol=leaky_protocol)
    snapshot = build_snapshot(
        handout_programs(mode).get(pk=program.pk), mode=mode, large_print=False
    )
    assert [entry["name"] for entry in snapshot["exercises"]] == ["Bridge"]
