"""A clinic admin's "add therapist" form refuses a user name that is taken, and says the
same few words whoever holds it: a colleague, another clinic's therapist, the operator or a
library editor. It tells nobody which names exist on the install, or where."""

import pytest
from django.contrib.auth import get_user_model

from clinics.admin import USERNAME_TAKEN
from clinics.models import Therapist
from tests.helpers import ACCOUNT_ADD as ADD
from tests.helpers import form_errors, new_account, page_without_tokens

User = get_user_model()


@pytest.fixture
def holders(therapist, other_clinic_therapist, library_editor, admin_user):
    """The user names taken, by whom: a colleague, another clinic's therapist, a library
    editor without a clinic, the operator; and one in other letters' case."""
    return {
        "colleague": "alice",
        "other clinic": "bob",
        "library editor": "erin",
        "operator": admin_user.username,
        "other case": "BOB",
    }


def test_every_clash_gets_the_same_answer(clinic_admin_client, clinic, holders):
    before = User.objects.count()
    pages = set()
    for who, username in holders.items():
        response = clinic_admin_client.post(ADD, new_account(clinic, username=username))
        assert response.status_code == 200, who
        assert form_errors(response)["username"] == [USERNAME_TAKEN], who
        # The page with the typed name taken out: nothing else differs.
        pages.add(page_without_tokens(response).replace(f'value="{username}"', 'value="NAME"'))
    assert len(pages) == 1
    page = pages.pop()
    assert "already exists" not in page and "another clinic" not in page
    assert User.objects.count() == before
    assert not Therapist.objects.filter(user__first_name="Nora").exists()


def test_a_free_user_name_is_taken(clinic_admin_client, clinic, holders):
    response = clinic_admin_client.post(ADD, new_account(clinic, username="nora"))
    assert response.status_code == 302
    assert Therapist.objects.get(user__username="nora").clinic == clinic
