"""Protocols in Django admin: a clinic admin adds and edits their own clinic's protocols and
reads the base ones; library editors keep the base ones; nobody sees another clinic's
protocols or a therapist's private templates (but the operator)."""

import pytest
from django.urls import reverse

from library.models import Protocol
from tests.factories import ExerciseFactory, ProtocolFactory, ProtocolItemFactory
from tests.helpers import protocol_form as form

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocols(therapist, other_clinic_therapist):
    return {
        "base": ProtocolFactory(name="Base bone health"),
        "ours": ProtocolFactory(name="Harbor knee set", clinic=therapist.clinic),
        "private": ProtocolFactory(name="Alice's hips", clinic=therapist.clinic, owner=therapist),
        "theirs": ProtocolFactory(name="Hilltop balance", clinic=other_clinic_therapist.clinic),
    }


def change_url(protocol):
    return reverse("admin:library_protocol_change", args=[protocol.pk])


def test_clinic_admin_lists_the_base_and_their_clinics_protocols_only(
    clinic_admin_client, protocols
):
    page = clinic_admin_client.get(reverse("admin:library_protocol_changelist"))
    page = page.content.decode()
    assert "Base bone health" in page and "Harbor knee set" in page
    assert "Hilltop balance" not in page and "Alice" not in page
    for hidden in ("theirs", "private"):
        assert clinic_admin_client.get(change_url(protocols[hidden])).status_code == 302


def test_clinic_admin_reads_a_base_protocol_without_changing_it(clinic_admin_client, protocols):
    base = protocols["base"]
    page = clinic_admin_client.get(change_url(base))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert clinic_admin_client.post(change_url(base), form(name="Mine now")).status_code == 403
    delete = reverse("admin:library_protocol_delete", args=[base.pk])
    assert clinic_admin_client.post(delete, {"post": "yes"}).status_code == 403
    base.refresh_from_db()
    assert base.name == "Base bone health"


def test_clinic_admin_adds_a_protocol_to_their_clinic(clinic_admin_client, clinic):
    add = reverse("admin:library_protocol_add")
    assert clinic_admin_client.get(add).context["adminform"].form["clinic"].value() == clinic.pk
    exercise = ExerciseFactory(reps=10)
    response = clinic_admin_client.post(add, form(clinic=clinic, exercise=exercise))
    assert response.status_code == 302
    protocol = Protocol.objects.get(name="Harbor shoulders")
    assert (protocol.clinic, protocol.owner) == (clinic, None)
    item = protocol.items.get()
    assert (item.own_dose, item.reps, item.sets) == (True, 6, 2)


def test_clinic_admin_cannot_add_to_another_clinic_or_to_the_base(
    clinic_admin_client, clinic, other_clinic
):
    add = reverse("admin:library_protocol_add")
    # The clinic is shown, not picked (clinics.admin.settle_clinic): whatever is posted,
    # another clinic or none, the protocol is the admin's clinic's.
    page = clinic_admin_client.get(add).content.decode()
    assert "---------" not in page.split('name="clinic"')[1].split("</select>")[0]
    for posted in (other_clinic, None):
        response = clinic_admin_client.post(add, form(clinic=posted))
        assert response.status_code == 302
        assert Protocol.objects.get().clinic == clinic
        Protocol.objects.all().delete()


def test_a_name_the_clinic_already_uses_is_a_form_error(clinic_admin_client, clinic, protocols):
    add = reverse("admin:library_protocol_add")
    response = clinic_admin_client.post(add, form(clinic=clinic, name="harbor KNEE set"))
    assert response.status_code == 200
    assert "The clinic already shares a protocol with this name." in response.content.decode()
    # The same name as the base protocol or another clinic's is fine.
    for name in ("Base bone health", "Hilltop balance"):
        slug = name.lower().replace(" ", "-")
        response = clinic_admin_client.post(add, form(clinic=clinic, name=name, slug=slug))
        assert response.status_code == 302, name


def test_clinic_admin_edits_and_deletes_their_clinics_protocol(clinic_admin_client, protocols):
    ours = protocols["ours"]
    ProtocolItemFactory(protocol=ours)
    response = clinic_admin_client.post(
        change_url(ours), form(clinic=ours.clinic, name="Harbor knee set 2", slug=ours.slug)
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.name == "Harbor knee set 2"
    delete = reverse("admin:library_protocol_delete", args=[ours.pk])
    assert clinic_admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Protocol.objects.filter(pk=ours.pk).exists()


def test_library_editor_keeps_the_base_protocols_only(library_editor_client, protocols):
    page = library_editor_client.get(reverse("admin:library_protocol_changelist"))
    page = page.content.decode()
    assert "Base bone health" in page
    assert "Harbor knee set" not in page and "Hilltop balance" not in page
    base = protocols["base"]
    response = library_editor_client.post(
        change_url(base), form(name="Bone health, base", slug=base.slug)
    )
    assert response.status_code == 302
    base.refresh_from_db()
    assert (base.name, base.clinic) == ("Bone health, base", None)


def test_the_operator_sees_every_protocol(admin_client, protocols):
    page = admin_client.get(reverse("admin:library_protocol_changelist")).content.decode()
    for protocol in protocols.values():
        assert protocol.name.replace("'", "&#x27;") in page
