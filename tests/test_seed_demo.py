from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from programs.models import Clinic, Patient, Therapist
from rehab.management.commands.seed_demo import DEMO_LOGINS

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_creates_no_duplicates_and_logins_work(client, seed_library, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Clinic.objects.count() == 1
    assert get_user_model().objects.count() == len(DEMO_LOGINS)
    assert Therapist.objects.count() == len(DEMO_LOGINS)
    printed = capsys.readouterr().out
    for username, password, *_ in DEMO_LOGINS:
        assert f"username: {username}" in printed and password in printed
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, f"{username} could not log in"
        client.logout()


def test_demo_clinic_admin_can_use_admin_and_therapist_cannot(client, seed_library):
    call_command("seed_demo", stdout=StringIO())
    changelist = reverse("admin:exercises_exercise_changelist")
    client.login(username="admin", password="rehab-admin-demo")
    assert client.get(changelist).status_code == 200
    client.logout()
    client.login(username="therapist", password="rehab-therapist-demo")
    assert client.get(changelist).status_code == 302


def test_demo_patient_with_osteoporosis_gets_the_bone_health_program(seed_library):
    call_command("loaddata", "protocols", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    margaret = Patient.objects.get(chart_number="D-1001")
    assert [c.slug for c in margaret.conditions.all()] == ["osteoporosis"]
    program = margaret.programs.get()
    assert program.protocol.slug == "bone-health-trunk-lower-body"
    assert program.items.count() == 12
    assert Patient.objects.count() == 3
