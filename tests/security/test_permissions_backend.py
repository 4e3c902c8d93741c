"""rehab.auth.PermissionsBackend reads a user's permissions, their own and their groups',
in one query, with ModelBackend's answers, and logs no one in."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db

User = get_user_model()


def fresh(user):
    return User.objects.get(pk=user.pk)  # no permissions kept from before


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", password="a long enough password 1")
    user.user_permissions.add(Permission.objects.get(codename="add_exercise"))
    group = Group.objects.create(name="Test editors")
    group.permissions.add(
        Permission.objects.get(codename="change_exercise"),
        Permission.objects.get(codename="add_exercise"),  # also given directly
    )
    user.groups.add(group)
    Group.objects.create(name="Test others").permissions.add(
        Permission.objects.get(codename="delete_exercise")
    )
    return user


def test_it_reads_the_users_and_their_groups_permissions_in_one_query(
    editor, django_assert_num_queries
):
    user = fresh(editor)
    with django_assert_num_queries(1):
        assert user.has_perm("library.add_exercise")
        assert user.has_perm("library.change_exercise")
        assert not user.has_perm("library.delete_exercise")  # another group's
        assert user.has_module_perms("library")
        assert not user.has_module_perms("programs")
    assert user.get_all_permissions() == {"library.add_exercise", "library.change_exercise"}
    assert user.get_all_permissions() == ModelBackend().get_all_permissions(fresh(editor))


def test_it_answers_as_model_backend_for_a_superuser_and_an_inactive_user(editor):
    editor.is_superuser = True
    editor.save()
    everything = ModelBackend().get_all_permissions(fresh(editor))
    assert len(everything) == Permission.objects.count()
    assert fresh(editor).get_all_permissions() == everything
    editor.is_superuser, editor.is_active = False, False
    editor.save()
    user = fresh(editor)
    assert user.get_all_permissions() == set()
    assert not user.has_perm("library.add_exercise")
    assert not user.has_module_perms("library")


def test_a_user_without_permissions_has_none(django_assert_num_queries):
    user = fresh(User.objects.create_user("plain", password="a long enough password 1"))
    with django_assert_num_queries(1):
        assert not user.has_perm("library.add_exercise")
        assert not user.has_module_perms("library")


def test_passwords_are_still_checked_by_model_backend(editor):
    user = authenticate(None, username="ed", password="a long enough password 1")
    assert user == editor
    assert user.backend == "django.contrib.auth.backends.ModelBackend"
    assert authenticate(None, username="ed", password="wrong") is None
