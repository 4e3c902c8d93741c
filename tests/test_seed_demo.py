from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from clinics.models import Clinic, Patient, Therapist
from library.models import Exercise
from rehab.management.commands.seed_demo import DEMO_LOGINS

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_creates_no_duplicates_and_logins_work(client, seed_library, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Clinic.objects.count() == 1
    assert get_user_model().objects.count() == len(DEMO_LOGINS)
    assert Therapist.objects.count() == len(DEMO_LOGINS) - 1  # the editor has no clinic
    # The demo clinic's own copy of one base exercise, made once.
    own = Exercise.objects.get(clinic__isnull=False)
    assert (own.clinic, own.based_on.slug) == (Clinic.objects.get(), own.slug)
    printed = capsys.readouterr().out
    for username, password, *_ in DEMO_LOGINS:
        assert f"username: {username}" in printed and password in printed
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, f"{username} could not log in"
        client.logout()


def test_demo_roles_in_admin(client, seed_library):
    """The clinic admin reads the base library and changes their clinic's own exercise, the
    editor changes the base, the therapist has no admin."""
    call_command("seed_demo", stdout=StringIO())
    exercise = reverse("admin:library_exercise_change", args=[Exercise.objects.base()[0].pk])
    own = Exercise.objects.get(clinic__isnull=False)
    client.login(username="admin", password="rehab-admin-demo")
    page = client.get(exercise)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    own_page = client.get(reverse("admin:library_exercise_change", args=[own.pk]))
    assert b'name="_save"' in own_page.content
    client.logout()
    client.login(username="editor", password="rehab-editor-demo")
    assert b'name="_save"' in client.get(exercise).content
    client.logout()
    client.login(username="therapist", password="rehab-therapist-demo")
    assert client.get(exercise).status_code == 302


def test_demo_patient_with_osteoporosis_gets_the_bone_health_program(seed_library):
    call_command("loaddata", "protocols", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    margaret = Patient.objects.get(chart_number="D-1001")
    assert [c.slug for c in margaret.conditions.all()] == ["osteoporosis"]
    program = margaret.programs.get()
    assert program.protocol.slug == "bone-health-trunk-lower-body"
    assert program.items.count() == 12
    assert Patient.objects.count() == 4
