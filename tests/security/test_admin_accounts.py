"""Accounts in admin: a clinic admin creates a login together with its therapist profile in
their own clinic, and can never pick, adopt or probe an existing login."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from clinics.models import Therapist
from tests.factories import PatientFactory, UserFactory
from tests.helpers import ACCOUNT_ADD as ADD
from tests.helpers import NEW_PASSWORD, form_errors, new_account, page_without_tokens

User = get_user_model()
CHANGELIST = reverse("admin:clinics_therapist_changelist")


def account_change(therapist, **overrides):
    """A complete change-form POST for a clinic admin: names, email, active flag, profile."""
    data = {
        "first_name": therapist.user.first_name,
        "last_name": therapist.user.last_name,
        "email": therapist.user.email,
        "is_active": "on",
        "clinic": therapist.clinic_id,
        "credentials": therapist.credentials,
        "phone": therapist.phone,
        "_save": "Save",
    }
    return {**data, **overrides}


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_clinic_admin_adds_a_therapist_who_can_log_in_to_their_clinic(
    clinic_admin_client, clinic, other_clinic
):
    PatientFactory(clinic=clinic, name="Margaret Okafor")
    PatientFactory(clinic=other_clinic, name="Hidden Person")
    page = clinic_admin_client.get(ADD).content.decode()
    assert 'name="user"' not in page
    assert 'name="password2"' in page

    response = clinic_admin_client.post(ADD, new_account(clinic))
    assert response.status_code == 302
    nora = Therapist.objects.get(user__username="nora")
    assert nora.clinic == clinic
    assert (nora.user.get_full_name(), nora.user.email) == ("Nora Quinn", "nora@harbor.example")
    assert nora.user.is_active and not nora.user.is_staff and not nora.user.is_superuser
    assert not nora.user.groups.exists()

    clinic_admin_client.logout()
    assert log_in(clinic_admin_client, "nora", NEW_PASSWORD).status_code == 302
    patients = clinic_admin_client.get(reverse("programs:patients")).content.decode()
    assert "Margaret Okafor" in patients
    assert "Hidden Person" not in patients


def test_the_clinic_is_their_own_preselected_and_no_other(
    clinic_admin_client, clinic, other_clinic
):
    response = clinic_admin_client.get(ADD)
    field = response.context["adminform"].form["clinic"]
    assert list(field.field.queryset) == [clinic]
    assert field.value() == clinic.pk
    # Shown, not a menu to pick from (issue 30): no "---------".
    assert field.field.disabled
    assert "---------" not in str(field)

    # Another clinic posted anyway is ignored: the account is the admin's clinic's.
    response = clinic_admin_client.post(ADD, new_account(other_clinic))
    assert response.status_code == 302
    assert User.objects.get(username="nora").therapist.clinic == clinic


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("password", "password", "This password is too common."),
        ("58204719365", "58204719365", "This password is entirely numeric."),
        ("k9#v", "k9#v", "This password is too short."),
        ("harbor.example", "harbor.example", "The password is too similar to the"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "The two password fields didn’t match."),
    ],
)
def test_weak_or_mismatched_passwords_are_form_errors(
    clinic_admin_client, clinic, password1, password2, message
):
    data = new_account(clinic, password1=password1, password2=password2)
    response = clinic_admin_client.post(ADD, data)
    assert response.status_code == 200
    assert message in " ".join(form_errors(response)["password2"])
    assert not User.objects.filter(username="nora").exists()


def test_a_user_name_with_spaces_or_symbols_is_a_form_error(clinic_admin_client, clinic):
    response = clinic_admin_client.post(ADD, new_account(clinic, username="nora quinn!"))
    assert response.status_code == 200
    assert "Enter a valid username" in form_errors(response)["username"][0]
    assert not Therapist.objects.filter(user__first_name="Nora").exists()


def test_a_taken_user_name_is_a_form_error_whatever_its_case(
    clinic_admin_client, clinic, therapist
):
    response = clinic_admin_client.post(ADD, new_account(clinic, username="ALICE"))
    assert response.status_code == 200
    assert form_errors(response)["username"] == ["Choose another user name."]
    assert Therapist.objects.filter(user__username__iexact="alice").count() == 1


@pytest.fixture
def posted_ids(other_clinic_therapist):
    """The user ids an outsider tried: another clinic's account, an account with no
    therapist profile, and an id no account has."""
    profileless = UserFactory(username="no-profile")
    missing = User.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    return {
        "other clinic's": other_clinic_therapist.user.pk,
        "profile-less": profileless.pk,
        "missing": missing,
    }


def test_a_posted_user_id_gets_the_same_answer_whoever_it_is(
    clinic_admin_client, clinic, other_clinic_therapist, posted_ids
):
    """The old form said "already exists" for a taken id and "Select a valid choice" for a
    missing one. Now `user` is no field of a clinic admin's form: every id is ignored alike."""
    before = set(Therapist.objects.values_list("pk", "user_id", "clinic_id"))
    # What the outside test posted: a user id and a clinic, no new login.
    bare = {"clinic": clinic.pk, "credentials": "", "phone": "", "_save": "Save"}
    pages = {}
    for who, user_id in posted_ids.items():
        response = clinic_admin_client.post(ADD, {**bare, "user": user_id})
        assert response.status_code == 200, who
        assert "user" not in form_errors(response), who
        pages[who] = page_without_tokens(response)
    assert len(set(pages.values())) == 1
    assert "Select a valid choice" not in pages["missing"]
    assert "already exists" not in pages["missing"]
    assert set(Therapist.objects.values_list("pk", "user_id", "clinic_id")) == before
    assert not Therapist.objects.filter(user__username="no-profile").exists()


def test_a_posted_user_id_beside_a_new_login_is_ignored(
    clinic_admin_client, clinic, other_clinic, other_clinic_therapist, posted_ids
):
    answers = set()
    for n, (who, user_id) in enumerate(posted_ids.items()):
        data = new_account(clinic, username=f"new{n}", user=user_id)
        response = clinic_admin_client.post(ADD, data)
        answers.add((response.status_code, response.url))
        made = Therapist.objects.get(user__username=f"new{n}")
        assert made.user_id != user_id and made.clinic == clinic, who
    assert answers == {(302, CHANGELIST)}
    other_clinic_therapist.refresh_from_db()
    assert other_clinic_therapist.clinic == other_clinic
    assert other_clinic_therapist.user.username == "bob"
    assert not Therapist.objects.filter(user__username="no-profile").exists()


def test_the_users_autocomplete_is_refused_to_a_clinic_admin(
    clinic_admin_client, other_clinic_therapist
):
    url = reverse("admin:autocomplete")
    query = {"app_label": "programs", "model_name": "therapist", "field_name": "user"}
    assert clinic_admin_client.get(url, {**query, "term": "bob"}).status_code == 403


def test_clinic_admin_edits_names_email_and_active_flag_never_the_login(
    clinic_admin_client, therapist, other_clinic_therapist
):
    url = reverse("admin:clinics_therapist_change", args=[therapist.pk])
    page = clinic_admin_client.get(url).content.decode()
    assert 'name="user"' not in page
    assert "alice" in page  # the user name, shown read only

    data = account_change(
        therapist,
        first_name="Alicia",
        email="alicia@harbor.example",
        is_active="",
        phone="(555) 010-9999",
        user=other_clinic_therapist.user.pk,
    )
    assert clinic_admin_client.post(url, data).status_code == 302
    therapist.refresh_from_db()
    alice = therapist.user
    assert (alice.username, alice.first_name, alice.email) == (
        "alice",
        "Alicia",
        "alicia@harbor.example",
    )
    assert not alice.is_active
    assert therapist.phone == "(555) 010-9999"
    other_clinic_therapist.refresh_from_db()
    assert other_clinic_therapist.user.username == "bob"

    clinic_admin_client.logout()
    assert log_in(clinic_admin_client, "alice", "correct horse battery staple").status_code == 200


def test_clinic_admin_reads_but_cannot_change_the_operators_profile(clinic_admin_client, clinic):
    operator = Therapist.objects.create(
        user=UserFactory(username="op", is_staff=True, is_superuser=True), clinic=clinic
    )
    url = reverse("admin:clinics_therapist_change", args=[operator.pk])
    assert 'name="_save"' not in clinic_admin_client.get(url).content.decode()
    response = clinic_admin_client.post(url, account_change(operator, is_active=""))
    assert response.status_code == 403
    delete = reverse("admin:clinics_therapist_delete", args=[operator.pk])
    assert clinic_admin_client.post(delete, {"post": "yes"}).status_code == 403
    operator.user.refresh_from_db()
    assert operator.user.is_active


def test_operator_attaches_an_existing_account_without_a_profile(admin_client, clinic):
    login = UserFactory(username="no-profile")
    data = {"user": login.pk, "clinic": clinic.pk, "credentials": "PT", "phone": ""}
    assert admin_client.post(ADD, {**data, "_save": "Save"}).status_code == 302
    assert Therapist.objects.get(user=login).clinic == clinic


def test_operator_cannot_attach_a_login_that_already_has_a_profile(
    admin_client, clinic, other_clinic_therapist
):
    data = {"user": other_clinic_therapist.user.pk, "clinic": clinic.pk, "_save": "Save"}
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    other_clinic_therapist.refresh_from_db()
    assert other_clinic_therapist.clinic != clinic
