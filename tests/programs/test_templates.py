"""Templates: a therapist saves a program as a template for themselves or their clinic,
and new programs start from a base protocol, a clinic's template or their own; nobody
sees another clinic's or another therapist's private templates."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEvent
from library.models import ExerciseVariant, Protocol
from programs.models import Program
from programs.services import create_program, save_as_template
from tests.factories import (
    ExerciseFactory,
    PatientFactory,
    ProgramItemFactory,
    ProtocolFactory,
    ProtocolItemFactory,
    SupportOptionFactory,
    TherapistFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program):
    """A program worth reusing: words, a frequency, special instructions about this
    patient, and two exercises with their own doses, a ticked variant, supports and a note."""
    program.title = "Knee strength"
    program.intro = "Short and steady."
    program.general_instructions = "Breathe out as you push.\nStop if it hurts."
    program.frequency = "Every other day"
    program.special_instructions = "Margaret: skip on dialysis days."
    program.save()
    press = ExerciseFactory(name="Head press", reps=10)
    variant = ExerciseVariant.objects.create(
        exercise=press, when="If your chin tilts up", instruction="Put a pillow under it."
    )
    pillow, towel = SupportOptionFactory(name="Pillow"), SupportOptionFactory(name="Towel")
    press.support_options.set([pillow, towel])
    item = ProgramItemFactory(
        program=program,
        exercise=press,
        order=1,
        reps=4,
        sets=2,
        hold_min_seconds=5,
        hold_max_seconds=8,
        side="leg",
        variant=variant,
        note="Go slowly.",
    )
    item.supports.set([towel])
    ProgramItemFactory(program=program, exercise=ExerciseFactory(name="Bridge"), order=2)
    return program


def save_url(program):
    return reverse("programs:save_template", args=[program.pk])


def new_url(patient):
    return reverse("programs:new", args=[patient.pk])


@pytest.fixture
def colleague(therapist):
    """Carol: another therapist of Alice's clinic."""
    user = UserFactory(username="carol", first_name="Carol", last_name="Diaz")
    return TherapistFactory(user=user, clinic=therapist.clinic)


# Saving


def test_saving_a_private_template_keeps_the_words_and_every_dose(
    therapist_client, therapist, program
):
    response = therapist_client.post(save_url(program), {"name": "Knee set", "share": "me"})
    assert response.status_code == 302
    assert response.url == reverse("programs:detail", args=[program.pk])
    template = Protocol.objects.get(name="Knee set")
    assert (template.clinic, template.owner, template.scope) == (
        therapist.clinic,
        therapist,
        "Only me",
    )
    assert template.slug == "knee-set"
    assert template.intro == "Short and steady."
    assert template.general_instructions == "Breathe out as you push.\nStop if it hurts."
    assert template.default_frequency == "Every other day"
    first, second = template.items.order_by("order")
    assert first.exercise.name == "Head press" and second.exercise.name == "Bridge"
    assert first.own_dose
    assert (first.reps, first.sets, first.hold_min_seconds, first.hold_max_seconds) == (4, 2, 5, 8)
    assert first.side == "leg"
    assert first.variant.when == "If your chin tilts up"
    assert [support.name for support in first.supports.all()] == ["Towel"]
    assert first.note == "Go slowly."
    followed = therapist_client.get(response.url)
    assert "Saved the template “Knee set” for you." in followed.content.decode()


def test_a_template_carries_no_patient_data(therapist_client, program, patient):
    therapist_client.post(save_url(program), {"name": "Knee set", "share": "me"})
    template = Protocol.objects.get(name="Knee set")
    written = " ".join(
        [template.name, template.intro, template.general_instructions, template.default_frequency]
        + [item.note for item in template.items.all()]
    )
    assert "dialysis" not in written  # the special instructions stay with the patient
    assert patient.name not in written
    page = therapist_client.get(save_url(program)).content.decode()
    assert "It leaves out the special instructions" in page


def test_sharing_with_the_clinic(therapist_client, therapist, program):
    therapist_client.post(save_url(program), {"name": "Knee set", "share": "clinic"})
    template = Protocol.objects.get(name="Knee set")
    assert (template.clinic, template.owner, template.scope) == (
        therapist.clinic,
        None,
        "My clinic",
    )


def test_the_form_is_filled_with_the_programs_title(therapist_client, program):
    response = therapist_client.get(save_url(program))
    assert response.context["form"]["name"].value() == "Knee strength"


@pytest.mark.parametrize("share", ["me", "clinic"])
def test_a_name_already_used_in_the_same_scope_is_a_form_error_keeping_what_was_typed(
    therapist_client, therapist, program, share
):
    owner = therapist if share == "me" else None
    ProtocolFactory(name="Knee Set", clinic=therapist.clinic, owner=owner)
    response = therapist_client.post(save_url(program), {"name": "  knee   set ", "share": share})
    assert response.status_code == 200
    errors = response.context["form"].errors["name"]
    assert errors == [
        ("You already have" if share == "me" else "Your clinic already shares")
        + " a template called “knee set”. Choose another name."
    ]
    assert 'value="  knee   set "' in response.content.decode()  # as typed
    assert response.context["form"]["share"].value() == share
    assert Protocol.objects.count() == 1


def test_the_same_name_in_another_scope_is_fine(therapist_client, therapist, colleague, program):
    ProtocolFactory(name="Knee set")  # a base protocol
    ProtocolFactory(name="Knee set", clinic=therapist.clinic, owner=colleague)
    ProtocolFactory(name="Knee set", clinic=therapist.clinic)  # shared in the clinic
    response = therapist_client.post(save_url(program), {"name": "Knee set", "share": "me"})
    assert response.status_code == 302
    assert Protocol.objects.filter(name="Knee set").count() == 4


def test_the_database_refuses_a_second_name_in_the_same_scope(therapist):
    ProtocolFactory(name="Knee set", clinic=therapist.clinic, owner=therapist)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProtocolFactory(name="KNEE SET", clinic=therapist.clinic, owner=therapist)


def test_a_private_template_needs_a_clinic(therapist):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProtocolFactory(name="Orphan", clinic=None, owner=therapist)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "share": "me"}, "Enter a name for the template."),
        ({"name": "   ", "share": "me"}, "Enter a name for the template."),
        ({"name": "x" * 121, "share": "me"}, "Template name can be at most 120 characters."),
        ({"name": "Knee set", "share": "everyone"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_a_clear_form_error(therapist_client, program, data, message):
    response = therapist_client.post(save_url(program), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Protocol.objects.exists()


def test_names_that_slugify_alike_get_their_own_slugs(therapist, program):
    first, _ = save_as_template(program=program, therapist=therapist, name="Knee set!")
    second, _ = save_as_template(program=program, therapist=therapist, name="Knee set?")
    third, _ = save_as_template(program=program, therapist=therapist, name="¿¡")
    assert (first.slug, second.slug, third.slug) == ("knee-set", "knee-set-2", "template")


def test_an_exercise_listed_twice_is_kept_once_and_said_so(therapist_client, program):
    bridge = program.items.get(order=2).exercise
    ProgramItemFactory(program=program, exercise=bridge, order=3, reps=20)
    response = therapist_client.post(save_url(program), {"name": "Knee set", "share": "me"})
    template = Protocol.objects.get(name="Knee set")
    assert [item.exercise.name for item in template.items.order_by("order")] == [
        "Head press",
        "Bridge",
    ]
    page = therapist_client.get(response.url).content.decode()
    assert "Each exercise is kept once; not kept: Bridge." in page


def test_saving_is_audited_like_every_program_page(therapist_client, therapist, program, patient):
    therapist_client.get(save_url(program))
    therapist_client.post(save_url(program), {"name": "Knee set", "share": "me"})
    template = Protocol.objects.get(name="Knee set")
    rows = list(AuditEvent.objects.order_by("pk"))
    assert [(row.action, row.patient, row.detail) for row in rows] == [
        (Action.PROGRAM_VIEWED, patient, "save as template"),
        (Action.PROGRAM_VIEWED, patient, f"saved as template {template.pk}"),
    ]


def test_it_requires_login(client, program):
    response = client.post(save_url(program), {"name": "Knee set", "share": "me"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Protocol.objects.exists()


def test_it_hides_other_clinics(therapist_client, foreign_program):
    response = therapist_client.post(save_url(foreign_program), {"name": "Theirs", "share": "me"})
    assert response.status_code == 404
    assert not Protocol.objects.exists()


# Starting a new program


@pytest.fixture
def starting_points(therapist, colleague, other_clinic_therapist):
    """One of each kind, each with one exercise: a base protocol, one shared in Alice's
    clinic, Alice's private template, her colleague Carol's private one, and another
    clinic's shared one and private one."""
    made = {
        "base": ProtocolFactory(name="Base bone health"),
        "clinic": ProtocolFactory(name="Harbor knee set", clinic=therapist.clinic),
        "mine": ProtocolFactory(name="Alice's hips", clinic=therapist.clinic, owner=therapist),
        "colleague": ProtocolFactory(
            name="Carol's shoulders", clinic=therapist.clinic, owner=colleague
        ),
        "other clinic": ProtocolFactory(
            name="Hilltop balance", clinic=other_clinic_therapist.clinic
        ),
        "other's private": ProtocolFactory(
            name="Bob's ankles",
            clinic=other_clinic_therapist.clinic,
            owner=other_clinic_therapist,
        ),
    }
    for protocol in made.values():
        ProtocolItemFactory(protocol=protocol, exercise=ExerciseFactory(reps=12))
    return made


def test_the_new_program_page_offers_what_i_may_use_in_groups(
    therapist_client, patient, starting_points
):
    response = therapist_client.get(new_url(patient))
    groups = [
        (heading, [choice.choice_label for choice in choices])
        for heading, choices in response.context["form"].groups()
    ]
    assert groups == [
        (None, ["Start blank"]),
        ("My templates", ["Alice's hips"]),
        ("Shared in my clinic", ["Harbor knee set"]),
        ("Protocols", ["Base bone health"]),
    ]
    page = response.content.decode()
    for hidden in ("Carol's shoulders", "Hilltop balance", "Bob's ankles"):
        assert hidden not in page


@pytest.mark.parametrize("kind", ["base", "clinic", "mine"])
def test_a_program_starts_from_each_kind(therapist_client, patient, starting_points, kind):
    protocol = starting_points[kind]
    response = therapist_client.post(new_url(patient), {"protocol": protocol.pk})
    program = Program.objects.get()
    assert response.url == reverse("programs:edit", args=[program.pk])
    assert (program.protocol, program.title) == (protocol, protocol.name)
    assert [item.exercise for item in program.items.all()] == [protocol.items.get().exercise]


@pytest.mark.parametrize("kind", ["colleague", "other clinic", "other's private"])
def test_a_crafted_post_naming_anothers_template_is_refused(
    therapist_client, patient, starting_points, kind
):
    response = therapist_client.post(new_url(patient), {"protocol": starting_points[kind].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["protocol"] == [
        "Choose one of the protocols or templates listed."
    ]
    assert not Program.objects.exists()


def test_my_colleague_sees_a_template_once_i_share_it(
    client, therapist, colleague, program, patient
):
    save_as_template(program=program, therapist=therapist, name="Mine only")
    save_as_template(program=program, therapist=therapist, name="For everyone", shared=True)
    client.force_login(colleague.user)
    page = client.get(new_url(patient)).content.decode()
    assert "For everyone" in page
    assert "Mine only" not in page


def test_a_program_from_a_template_has_the_therapists_doses_not_the_defaults(
    therapist, program, patient
):
    template, _ = save_as_template(program=program, therapist=therapist, name="Knee set")
    other = PatientFactory(clinic=therapist.clinic, name="Ruth Park")
    started = create_program(patient=other, therapist=therapist, protocol=template)
    press, bridge = started.items.order_by("order")
    assert started.title == "Knee set"
    assert (started.intro, started.frequency) == ("Short and steady.", "Every other day")
    assert started.general_instructions == "Breathe out as you push.\nStop if it hurts."
    assert started.special_instructions == ""
    assert press.dose_values() == {
        "hold_min_seconds": 5,
        "hold_max_seconds": 8,
        "reps": 4,
        "sets": 2,
        "side": "leg",
        "stay_minutes": None,
    }
    assert press.variant.when == "If your chin tilts up"
    assert [support.name for support in press.supports.all()] == ["Towel"]
    assert press.note == "Go slowly."
    assert bridge.reps == 10


def test_a_base_protocol_still_gives_the_exercises_default_dose(therapist, patient):
    exercise = ExerciseFactory(reps=12, hold_min_seconds=2, hold_max_seconds=3)
    protocol = ProtocolFactory(name="Base")
    ProtocolItemFactory(protocol=protocol, exercise=exercise, reps=99)  # not its own dose
    program = create_program(patient=patient, therapist=therapist, protocol=protocol)
    assert program.items.get().reps == 12


def test_a_variant_or_support_the_exercise_no_longer_offers_is_dropped(therapist, program, patient):
    template, _ = save_as_template(program=program, therapist=therapist, name="Knee set")
    press = template.items.get(order=1).exercise
    press.support_options.clear()
    item = template.items.get(order=1)
    item.variant = ExerciseVariant.objects.create(
        exercise=ExerciseFactory(), when="Elsewhere", instruction="Not this exercise's."
    )
    item.save()
    started = create_program(patient=patient, therapist=therapist, protocol=template)
    first = started.items.get(order=1)
    assert (first.variant, list(first.supports.all())) == (None, [])


def test_archived_exercises_are_not_started(therapist, program, patient):
    template, _ = save_as_template(program=program, therapist=therapist, name="Knee set")
    bridge = template.items.get(order=2).exercise
    bridge.archived = True
    bridge.save()
    started = create_program(patient=patient, therapist=therapist, protocol=template)
    assert [item.exercise.name for item in started.items.all()] == ["Head press"]


# My templates


def test_the_list_shows_mine_and_my_clinics_only(therapist_client, starting_points):
    page = therapist_client.get(reverse("mine:templates")).content.decode()
    assert "Alice&#x27;s hips" in page and "Harbor knee set" in page
    for hidden in ("Carol", "Hilltop balance", "Bob", "Base bone health"):
        assert hidden not in page


def test_renaming_my_template(therapist_client, starting_points):
    mine = starting_points["mine"]
    url = reverse("mine:rename", args=[mine.pk])
    assert therapist_client.get(url).context["form"]["name"].value() == "Alice's hips"
    response = therapist_client.post(url, {"name": "Hips, week 1"})
    assert response.url == reverse("mine:templates")
    mine.refresh_from_db()
    assert mine.name == "Hips, week 1"


def test_renaming_to_a_name_i_already_use_is_a_form_error(
    therapist_client, therapist, starting_points
):
    ProtocolFactory(name="Hips, week 2", clinic=therapist.clinic, owner=therapist)
    mine = starting_points["mine"]
    response = therapist_client.post(
        reverse("mine:rename", args=[mine.pk]), {"name": "hips, week 2"}
    )
    assert response.status_code == 200
    assert "You already have a template called" in response.content.decode()
    mine.refresh_from_db()
    assert mine.name == "Alice's hips"


def test_deleting_my_template_asks_first(therapist_client, therapist, starting_points, patient):
    mine = starting_points["mine"]
    program = create_program(patient=patient, therapist=therapist, protocol=mine)
    url = reverse("mine:delete", args=[mine.pk])
    page = therapist_client.get(url).content.decode()
    assert "Delete the template" in page and "This cannot be undone." in page
    assert Protocol.objects.filter(pk=mine.pk).exists()
    assert therapist_client.post(url).url == reverse("mine:templates")
    assert not Protocol.objects.filter(pk=mine.pk).exists()
    program.refresh_from_db()
    assert program.protocol is None and program.items.count() == 1


@pytest.mark.parametrize("kind", ["base", "clinic", "colleague", "other clinic", "other's private"])
def test_only_my_own_templates_can_be_renamed_or_deleted(therapist_client, starting_points, kind):
    protocol = starting_points[kind]
    for name in ("mine:rename", "mine:delete"):
        url = reverse(name, args=[protocol.pk])
        assert therapist_client.get(url).status_code == 404
        assert therapist_client.post(url, {"name": "Taken over"}).status_code == 404
    protocol.refresh_from_db()
    assert protocol.name != "Taken over"


def test_template_pages_require_login(client, starting_points):
    mine = starting_points["mine"]
    for url in (
        reverse("mine:templates"),
        reverse("mine:rename", args=[mine.pk]),
        reverse("mine:delete", args=[mine.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Protocol.objects.filter(pk=mine.pk).exists()


# A template shared by mistake


def test_a_template_i_shared_can_be_renamed_and_deleted_by_me(
    therapist_client, therapist, program, colleague
):
    template, _ = save_as_template(
        program=program, therapist=therapist, name="Knee set", shared=True
    )
    assert template.shared_by == therapist and template.owner is None
    ProtocolFactory(name="Harbor hips", clinic=therapist.clinic)  # shared by the admin
    page = " ".join(therapist_client.get(reverse("mine:templates")).content.decode().split())
    assert "shared by you" in page
    assert 'aria-label="Rename Knee set"' in page and 'aria-label="Delete Knee set"' in page
    assert 'aria-label="Rename Harbor hips"' not in page

    # Renaming checks the clinic's shared names.
    rename = reverse("mine:rename", args=[template.pk])
    response = therapist_client.post(rename, {"name": "harbor HIPS"})
    assert "Your clinic already shares a template called" in response.content.decode()
    assert therapist_client.post(rename, {"name": "Knee set, week 1"}).status_code == 302
    template.refresh_from_db()
    assert template.name == "Knee set, week 1"

    # A colleague sees it but may not change it.
    client = Client()
    client.force_login(colleague.user)
    assert client.get(rename).status_code == 404
    assert client.post(reverse("mine:delete", args=[template.pk])).status_code == 404

    delete = reverse("mine:delete", args=[template.pk])
    page = " ".join(therapist_client.get(delete).content.decode().split())
    assert "yours or your colleagues' (you shared it with your clinic)" in page
    assert Protocol.objects.filter(pk=template.pk).exists()  # asking deletes nothing
    assert therapist_client.post(delete).url == reverse("mine:templates")
    assert not Protocol.objects.filter(pk=template.pk).exists()
