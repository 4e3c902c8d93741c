"""The library every clinic shares (exercises and their parts, regions, movement tags,
supports, protocols, conditions and their caution rules, education sheets): a clinic admin
reads it in admin, only library editors and the operator write it. A clinic admin adds and
changes their own clinic's exercises (tests/library/test_clinic_admin.py), never a base
one."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from clinics.models import Clinic
from library.models import ConditionCaution, Exercise, MovementTag
from tests.factories import (
    BodyRegionFactory,
    ConditionCautionFactory,
    ConditionFactory,
    ExerciseFactory,
    MovementTagFactory,
    ProtocolItemFactory,
    SupportOptionFactory,
)
from tests.helpers import exercise_form

ACTIONS = ["add", "change", "delete", "view"]
# Written out here rather than read from rehab/roles.py: this is what the product promises.
SHARED_MODELS = [
    ("library", "exercise"),
    ("library", "exercisestep"),
    ("library", "exercisetip"),
    ("library", "exercisebenefit"),
    ("library", "exercisevariant"),
    ("library", "bodyregion"),
    ("library", "movementtag"),
    ("library", "supportoption"),
    ("library", "condition"),
    ("library", "conditioncaution"),
    ("library", "protocol"),
    ("library", "protocolitem"),
    ("library", "sheet"),
    ("library", "sheetsection"),
    ("library", "sheetsource"),
]
# Protocols are shared too, but a clinic may also own some: a clinic admin holds every
# permission on them and library/admin_protocols.py keeps the base ones (no clinic) read only for
# them (tests/programs/test_protocol_admin.py).
CLINIC_OWNED_MODELS = [("library", "protocol"), ("library", "protocolitem")]
# The shared models with an admin page of their own (steps, tips, benefits, variants and
# protocol items are edited inline, through their exercise or protocol).
PAGES = {
    "exercise": ("library", lambda: ExerciseFactory()),
    "bodyregion": ("library", lambda: BodyRegionFactory()),
    "movementtag": ("library", lambda: MovementTagFactory()),
    "supportoption": ("library", lambda: SupportOptionFactory()),
    "condition": ("library", lambda: ConditionFactory()),
    "conditioncaution": ("library", lambda: ConditionCautionFactory()),
    "protocol": ("library", lambda: ProtocolItemFactory().protocol),
}


def url(model, view, *args):
    app_label = PAGES[model][0]
    return reverse(f"admin:{app_label}_{model}_{view}", args=args)


@pytest.fixture(params=list(PAGES))
def shared_row(request, db):
    """(model name, one row of it)."""
    return request.param, PAGES[request.param][1]()


@pytest.fixture(params=[model for model in PAGES if model not in ("protocol", "exercise")])
def only_shared_model(request, db):
    """A shared model a clinic cannot own rows of: a clinic admin may add a protocol or an
    exercise, which become their clinic's own (tests/library/test_clinic_admin.py)."""
    return request.param


@pytest.fixture
def osteoporosis_rule(db):
    return ConditionCautionFactory(
        condition__name="Osteoporosis",
        condition__slug="osteoporosis",
        movement_tag__name="Spinal flexion",
        movement_tag__slug="spinal-flexion",
        message="Avoid bending forward: it loads the front of the vertebrae.",
    )


def still_there(row):
    return type(row).objects.filter(pk=row.pk).exists()


def test_migrate_makes_both_groups_with_their_permissions(db):
    """The test database is built by migrate; no fixture here calls rehab/roles.py."""
    admins = Group.objects.get(name="Clinic admins")
    assert set(admins.permissions.values_list("content_type__app_label", "codename")) == {
        *((app, f"view_{model}") for app, model in SHARED_MODELS),
        *((app, f"{action}_{model}") for app, model in CLINIC_OWNED_MODELS for action in ACTIONS),
        # Never delete: audit rows and programs point at them (deactivate an account).
        *(("clinics", f"{action}_clinic") for action in ["add", "change", "view"]),
        *(("clinics", f"{action}_therapist") for action in ["add", "change", "view"]),
        ("audit", "view_auditevent"),
        # Their own clinic's exercises (admin limits these to their clinic's rows).
        ("library", "add_exercise"),
        ("library", "change_exercise"),
        # Their own clinic's outcome questionnaires (outcomes/admin.py limits them likewise).
        *(
            ("outcomes", f"{action}_{model}")
            for model in ["measure", "measureitem"]
            for action in ACTIONS
        ),
    }
    editors = Group.objects.get(name="Library editors")
    assert set(editors.permissions.values_list("content_type__app_label", "codename")) == {
        *((app, f"{action}_{model}") for app, model in SHARED_MODELS for action in ACTIONS),
        ("library", "edit_base_library"),
    }


def test_migrate_brings_back_a_deleted_group(db):
    Group.objects.filter(name__in=["Clinic admins", "Library editors"]).delete()
    call_command("migrate", verbosity=0)
    editors = Group.objects.get(name="Library editors")
    assert editors.permissions.filter(codename="delete_conditioncaution").exists()
    assert Group.objects.get(name="Clinic admins").permissions.exists()


def test_clinic_admin_may_only_view_the_shared_library(clinic_admin):
    """Adding and changing exercises is for their own clinic's rows: the base library's
    own permission is not theirs, and nothing is ever deleted."""
    user = clinic_admin.user
    assert not user.has_perm("library.edit_base_library")
    for app, model in SHARED_MODELS:
        assert user.has_perm(f"{app}.view_{model}")
        if (app, model) in CLINIC_OWNED_MODELS:
            continue
        for action in ["add", "change", "delete"]:
            if (model, action) in [("exercise", "add"), ("exercise", "change")]:
                continue
            assert not user.has_perm(f"{app}.{action}_{model}"), (action, model)


def test_library_editor_may_write_the_shared_library(library_editor):
    for app, model in SHARED_MODELS:
        for action in ACTIONS:
            assert library_editor.has_perm(f"{app}.{action}_{model}"), (action, model)


def test_clinic_admin_reads_a_shared_row_and_cannot_change_it(clinic_admin_client, shared_row):
    model, row = shared_row
    assert clinic_admin_client.get(url(model, "changelist")).status_code == 200
    page = clinic_admin_client.get(url(model, "change", row.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert b'name="_continue"' not in page.content
    assert clinic_admin_client.post(url(model, "change", row.pk), {"name": "X"}).status_code == 403


def test_clinic_admin_cannot_add_a_shared_row(clinic_admin_client, only_shared_model):
    model = only_shared_model
    assert clinic_admin_client.get(url(model, "add")).status_code == 403
    assert clinic_admin_client.post(url(model, "add"), {"name": "X"}).status_code == 403


def test_clinic_admin_cannot_delete_a_shared_row(clinic_admin_client, shared_row):
    model, row = shared_row
    assert clinic_admin_client.get(url(model, "delete", row.pk)).status_code == 403
    assert (
        clinic_admin_client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    )
    bulk = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    clinic_admin_client.post(url(model, "changelist"), bulk)
    assert still_there(row)


def test_clinic_admin_cannot_delete_the_osteoporosis_rule(clinic_admin_client, osteoporosis_rule):
    """Deleting it once silenced the osteoporosis warnings of every clinic."""
    rule, condition = osteoporosis_rule, osteoporosis_rule.condition
    delete = reverse("admin:library_conditioncaution_delete", args=[rule.pk])
    assert clinic_admin_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [rule.pk], "post": "yes"}
    clinic_admin_client.post(reverse("admin:library_conditioncaution_changelist"), bulk)
    # Nor through its condition (the rules go with it) or its inline.
    delete = reverse("admin:library_condition_delete", args=[condition.pk])
    assert clinic_admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:library_condition_change", args=[condition.pk])
    inline = {
        "name": condition.name,
        "slug": condition.slug,
        "cautions-TOTAL_FORMS": "1",
        "cautions-INITIAL_FORMS": "1",
        "cautions-0-id": rule.pk,
        "cautions-0-condition": condition.pk,
        "cautions-0-DELETE": "on",
    }
    assert clinic_admin_client.post(change, inline).status_code == 403
    rule.refresh_from_db()
    assert rule.message == "Avoid bending forward: it loads the front of the vertebrae."


def test_clinic_admin_is_refused_before_the_in_use_check(clinic_admin_client):
    """An exercise a protocol uses answers "archive it instead", but only to someone who may
    delete it."""
    in_use = ProtocolItemFactory().exercise
    response = clinic_admin_client.post(url("exercise", "delete", in_use.pk), {"post": "yes"})
    assert response.status_code == 403


def test_clinic_admin_cannot_archive_or_restore_a_base_exercise(clinic_admin_client):
    active, archived = ExerciseFactory(), ExerciseFactory(archived=True)
    changelist = reverse("admin:library_exercise_changelist")
    actions = dict(
        clinic_admin_client.get(changelist).context["action_form"].fields["action"].choices
    )
    assert "delete_selected" not in actions
    clinic_admin_client.post(changelist, {"action": "archive", "_selected_action": [active.pk]})
    clinic_admin_client.post(changelist, {"action": "restore", "_selected_action": [archived.pk]})
    assert Exercise.objects.get(pk=active.pk).archived is False
    assert Exercise.objects.get(pk=archived.pk).archived is True


def test_clinic_admin_still_previews_an_exercise(clinic_admin_client):
    exercise = ExerciseFactory(step__text="Lift your hips.")
    response = clinic_admin_client.get(url("exercise", "preview", exercise.pk))
    assert response.status_code == 200
    assert b"Lift your hips." in response.content


def test_clinic_admin_cannot_change_a_step_through_its_exercise(clinic_admin_client):
    exercise = ExerciseFactory(step__text="Lie on your back.")
    response = clinic_admin_client.post(
        url("exercise", "change", exercise.pk), exercise_form(slug=exercise.slug)
    )
    assert response.status_code == 403
    assert [step.text for step in exercise.steps.all()] == ["Lie on your back."]


def test_library_editor_changes_and_deletes_a_shared_row(library_editor_client, shared_row):
    model, row = shared_row
    page = library_editor_client.get(url(model, "change", row.pk))
    assert b'name="_save"' in page.content
    assert library_editor_client.get(url(model, "add")).status_code == 200
    response = library_editor_client.post(url(model, "delete", row.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not still_there(row)


def test_library_editor_edits_a_caution_rule_and_an_exercise(
    library_editor_client, osteoporosis_rule
):
    change = reverse("admin:library_conditioncaution_change", args=[osteoporosis_rule.pk])
    rule = {
        "condition": osteoporosis_rule.condition_id,
        "movement_tag": osteoporosis_rule.movement_tag_id,
        "severity": "caution",
        "message": "Keep the back flat.",
        "source": "Clinic policy, March 2026",
        "source_url": "",
        "_save": "Save",
    }
    assert library_editor_client.post(change, rule).status_code == 302
    assert ConditionCaution.objects.get(pk=osteoporosis_rule.pk).message == "Keep the back flat."

    exercise = ExerciseFactory()
    change = url("exercise", "change", exercise.pk)
    assert library_editor_client.post(change, exercise_form(name="Heel slide")).status_code == 302
    assert Exercise.objects.get(pk=exercise.pk).name == "Heel slide"
    changelist = reverse("admin:library_exercise_changelist")
    library_editor_client.post(changelist, {"action": "archive", "_selected_action": [exercise.pk]})
    assert Exercise.objects.get(pk=exercise.pk).archived is True


def test_library_editor_adds_a_movement_tag(library_editor_client):
    data = {"name": "Twisting", "slug": "twisting", "description": ""}
    assert library_editor_client.post(url("movementtag", "add"), data).status_code == 302
    assert MovementTag.objects.filter(slug="twisting").exists()


def test_clinic_admin_still_edits_their_own_clinic(clinic_admin_client, clinic):
    change = reverse("admin:clinics_clinic_change", args=[clinic.pk])
    data = {"name": "Harbor PT", "phone": "(555) 010-1111", "address": "", "paper_size": "a4"}
    data["time_zone"] = "America/Chicago"
    assert clinic_admin_client.post(change, data).status_code == 302
    assert Clinic.objects.get(pk=clinic.pk).name == "Harbor PT"
