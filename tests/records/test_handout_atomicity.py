"""Issuing a handout writes its row and its PDF in one transaction: a process killed
between rendering and the commit leaves neither a stray PDF nor a row without its bytes.

The process is really killed (SIGKILL, which nothing can catch or clean up after), at the
worst moments: the handout row written but not its bytes, and both written but not yet
committed. A receiver of Django's post_save signal in the child process sends the signal
to itself at that point."""

import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT

ISSUE = """
import os, signal, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from clinics.models import Clinic, Patient, Therapist
from handouts.models import HandoutPDF, IssuedHandout
from handouts.services import issue_handout
from library.models import Exercise
from programs.models import Program, ProgramItem

user = get_user_model().objects.create_user("alice")
clinic = Clinic.objects.create(name="Harbor")
therapist = Therapist.objects.create(user=user, clinic=clinic)
patient = Patient.objects.create(clinic=clinic, name="Margaret Okafor")
program = Program.objects.create(patient=patient, therapist=therapist, title="Home program")
exercise = Exercise.objects.create(
    name="Bridge", slug="bridge", position="back", kind="strengthening"
)
ProgramItem.objects.create(program=program, exercise=exercise, order=1, reps=10, sets=1)

kill_after = {"row": IssuedHandout, "bytes": HandoutPDF}[sys.argv[1]]

def die(sender, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

post_save.connect(die, sender=kill_after)
issue_handout(program=program, user=user, mode="filled", large_print=False)
print("not killed")
"""

STATE = """
import json, os
from handouts.models import IssuedHandout
from programs.models import Program
media = os.environ["MEDIA_ROOT"]
files = [os.path.join(d, f) for d, _, names in os.walk(media) for f in names]
print(json.dumps({
    "programs": Program.objects.count(),
    "handouts": IssuedHandout.objects.count(),
    "without_bytes": IssuedHandout.objects.filter(stored_pdf__isnull=True).count(),
    "files": files,
}))
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("moment", ["row", "bytes"])
def test_a_process_killed_before_the_commit_leaves_nothing_half_written(migrated_install, moment):
    killed = subprocess.run(
        [sys.executable, "-c", ISSUE, moment],
        env=migrated_install.environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr  # SIGKILL, not a clean exit
    assert "not killed" not in killed.stdout

    state = json.loads(migrated_install.python(STATE))
    assert state == {"programs": 1, "handouts": 0, "without_bytes": 0, "files": []}
    verified = migrated_install.manage("verify_handouts")
    assert verified.returncode == 0, verified.stderr
