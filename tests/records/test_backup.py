"""backup, verify_backup and restore, on the database the suite runs on (SQLite or
PostgreSQL): a clinic's data with issued handouts and an uploaded logo goes into one
encrypted file and comes back whole into a second, empty install, where verify_handouts
passes and the same pages show the same things. A damaged, cut-off, foreign-key or
newer-schema backup is refused, with the second install left as it was."""

import hashlib
import io
import json
import signal
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from clinics.models import Clinic
from handouts.models import IssuedHandout
from records import crypto
from tests.factories import ProgramItemFactory
from tests.helpers import KEY, OTHER_KEY, ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def png(color="red"):
    out = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def clinic_data(clinic_admin, therapist, patient):
    """A logo uploaded through admin, a program with one exercise, two handouts issued."""
    admin = Client()
    admin.force_login(clinic_admin.user)
    clinic = therapist.clinic
    response = admin.post(
        reverse("admin:clinics_clinic_change", args=[clinic.pk]),
        {
            "name": clinic.name,
            "phone": "",
            "address": "",
            "paper_size": "letter",
            "time_zone": clinic.time_zone,
            "logo": SimpleUploadedFile("logo.png", png(), "image/png"),
        },
    )
    assert response.status_code == 302
    item = ProgramItemFactory(program__patient=patient, program__therapist=therapist)
    client = Client()
    client.force_login(therapist.user)
    for mode in ("filled", "blank"):
        issued = client.post(reverse("handouts:issue", args=[item.program.pk]), {"mode": mode})
        assert issued.status_code == 302
    return {
        "program": item.program,
        "logo": Clinic.objects.get(pk=clinic.pk).logo.name,
        "handouts": list(IssuedHandout.objects.order_by("pk")),
    }


PAGES = """
import hashlib, json
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from handouts.models import IssuedHandout
from clinics.models import Clinic, Patient
from programs.models import Program

client = Client()
client.force_login(get_user_model().objects.get(username="alice"))
patient = Patient.objects.get()
program = Program.objects.get()
pages = {}
for name, url in [
    ("patient", reverse("programs:patient", args=[patient.pk])),
    ("program", reverse("programs:detail", args=[program.pk])),
]:
    response = client.get(url)
    pages[name] = [response.status_code, response.content.decode()]
pdfs = {}
for handout in IssuedHandout.objects.order_by("pk"):
    response = client.get(reverse("handouts:pdf", args=[handout.pk]))
    pdfs[handout.pk] = [response.status_code, hashlib.sha256(response.getvalue()).hexdigest()]
logo = Clinic.objects.get().logo
with logo.open("rb") as stored:
    logo_sha = hashlib.sha256(stored.read()).hexdigest()
print(json.dumps({"pages": pages, "pdfs": pdfs, "logo": [logo.name, logo_sha]}))
"""


def backup(tmp_path, name="clinic.backup"):
    out = tmp_path / name
    call_command("backup", out=str(out))
    return out


def test_backup_then_restore_into_an_empty_install(clinic_data, patient, tmp_path, empty_install):
    out = backup(tmp_path)
    call_command("verify_backup", str(out))

    restored = empty_install.manage("restore", str(out))
    assert restored.returncode == 0, restored.stderr
    verified = empty_install.manage("verify_handouts")
    assert verified.returncode == 0, verified.stderr
    assert "All 2 handouts match their SHA-256" in verified.stdout

    shown = json.loads(empty_install.python(PAGES))
    for name in ("patient", "program"):
        status, html = shown["pages"][name]
        assert status == 200, name
        assert patient.name in html and clinic_data["program"].title in html
    assert "A-1" in shown["pages"]["patient"][1]  # the chart number
    for handout in clinic_data["handouts"]:
        assert shown["pdfs"][str(handout.pk)] == [200, handout.sha256]
        assert f"/handouts/{handout.pk}/pdf/" in shown["pages"]["patient"][1]
    logo_name, logo_sha = shown["logo"]
    assert logo_name == clinic_data["logo"]
    with Clinic.objects.get().logo.open("rb") as original:
        assert logo_sha == hashlib.sha256(original.read()).hexdigest()


def test_sessions_and_login_attempts_are_left_out(clinic_data, tmp_path, migrated_install):
    """The fixtures' logins made sessions; none of them travels with the backup."""
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    Client().post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert Session.objects.exists() and AccessAttempt.objects.exists()
    users = get_user_model().objects.count()
    out = backup(tmp_path)
    assert migrated_install.manage("restore", str(out)).returncode == 0
    counts = migrated_install.python(
        "from django.contrib.sessions.models import Session\n"
        "from axes.models import AccessAttempt\n"
        "from django.contrib.auth import get_user_model\n"
        "print(Session.objects.count(), AccessAttempt.objects.count(),"
        " get_user_model().objects.count())"
    )
    assert counts.split() == ["0", "0", str(users)]  # the accounts themselves come back


def test_restore_refuses_an_install_that_is_not_empty(clinic_data, tmp_path, migrated_install):
    out = backup(tmp_path)
    assert migrated_install.manage("restore", str(out)).returncode == 0
    again = migrated_install.manage("restore", str(out))
    assert again.returncode == 1
    assert "This install is not empty" in again.stderr
    assert "restore only into a new install" in again.stderr


def test_restore_into_a_migrated_empty_install(clinic_data, tmp_path, migrated_install):
    """`migrate` alone writes content types, permissions and the roles: still empty."""
    out = backup(tmp_path)
    restored = migrated_install.manage("restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert migrated_install.manage("verify_handouts").returncode == 0


# Refused backups


def untouched(install):
    """The empty install is still empty: no table holds data, no file was written."""
    code = "from django.db import connection\nprint(len(connection.introspection.table_names()))"
    assert install.python(code).strip() == "0"
    assert not install.media.exists() or not any(install.media.rglob("*"))


def refused_everywhere(install, path, message):
    with pytest.raises(CommandError, match=message):
        call_command("verify_backup", str(path))
    done = install.manage("restore", str(path))
    assert done.returncode == 1
    assert message in done.stderr, done.stderr
    untouched(install)


def test_a_tampered_backup_is_refused(clinic_data, tmp_path, empty_install):
    out = backup(tmp_path)
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    refused_everywhere(empty_install, out, "has been changed or damaged")


@pytest.mark.parametrize("where", ["half", "last part", "header"])
def test_a_truncated_backup_is_refused(clinic_data, tmp_path, empty_install, where):
    out = backup(tmp_path)
    data = out.read_bytes()
    # "last part": cut exactly before the final chunk, so every chunk left is whole.
    cut = {"half": len(data) // 2, "header": 20, "last part": last_chunk_offset(data)}[where]
    out.write_bytes(data[:cut])
    message = {
        "half": "truncated",
        "last part": "truncated",
        "header": "not a rehab backup",
    }[where]
    refused_everywhere(empty_install, out, message)


def last_chunk_offset(data):
    offset = crypto.HEADER.size + crypto.CHECK_BYTES
    while True:
        (size,) = crypto.LENGTH.unpack(data[offset : offset + crypto.LENGTH.size])
        following = offset + crypto.LENGTH.size + size
        if following >= len(data):
            return offset
        offset = following


def test_a_backup_with_data_added_after_its_end_is_refused(clinic_data, tmp_path, settings):
    out = backup(tmp_path)
    out.write_bytes(out.read_bytes() + b"more")
    with pytest.raises(CommandError, match="data after its end"):
        call_command("verify_backup", str(out))


def test_a_backup_made_with_another_key_is_refused(clinic_data, tmp_path, empty_install):
    out = backup(tmp_path)
    done = empty_install.manage("restore", str(out), key=OTHER_KEY)
    assert done.returncode == 1
    assert "encrypted with another key" in done.stderr
    verify = empty_install.manage("verify_backup", str(out), key=OTHER_KEY)
    assert verify.returncode == 1 and "encrypted with another key" in verify.stderr
    untouched(empty_install)


def test_a_backup_from_a_newer_schema_is_refused(clinic_data, tmp_path, empty_install):
    """A migration this code does not have, as a newer version of rehab would have made."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["audit", "9999_from_a_newer_version", "2030-01-01 00:00:00+00:00"],
        )
    out = backup(tmp_path)
    refused_everywhere(empty_install, out, "from a newer version of rehab")
    with pytest.raises(CommandError, match="audit.9999_from_a_newer_version"):
        call_command("verify_backup", str(out))
    # A transactional test's flush leaves django_migrations as it is: take the row out, or
    # every later backup in this database is "from a newer version".
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_a_newer_version'")


def test_a_backup_from_before_the_reorganisation_is_refused(
    clinic_data, tmp_path, empty_install, monkeypatch
):
    """Format 1 backups hold the tables as they were before clinics, library and phone
    had their own (CHANGELOG.md): restore says so instead of failing half-way."""
    monkeypatch.setattr("records.backup.FORMAT", 1)
    out = backup(tmp_path)
    monkeypatch.undo()
    refused_everywhere(empty_install, out, "before rehab's tables were reorganised")


def test_a_backup_needs_a_key(clinic_data, tmp_path, settings):
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="Set BACKUP_KEY"):
        backup(tmp_path)
    settings.BACKUP_KEY = "short"
    with pytest.raises(CommandError, match="at least 32 characters"):
        backup(tmp_path)
    assert not list(tmp_path.glob("*.backup")) and not list(tmp_path.glob(".*.tmp"))


# Killed mid-way


KILL_SCRIPT = """
import os, sys
from pathlib import Path
media = Path(os.environ["MEDIA_ROOT"])
media.mkdir(parents=True, exist_ok=True)
(media / "big.bin").write_bytes(os.urandom(200 * 1024 * 1024))
"""


def written(folder):
    """Bytes in the backup's temporary file so far (0 before it appears)."""
    return sum(path.stat().st_size for path in folder.glob(".night.backup.*.tmp"))


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_backup_leaves_nothing_under_the_final_name(migrated_install, signum):
    """A backup of an install with 200 MB of uploads, killed while it writes: the final
    name never appears (the file is written under a temporary name and renamed when
    complete); SIGTERM also removes the temporary file."""
    folder, environment = migrated_install.folder, migrated_install.environment
    subprocess.run([sys.executable, "-c", KILL_SCRIPT], env=environment, check=True)
    out = folder / "night.backup"
    running = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "backup", "--out", str(out)],
        env={**environment, "BACKUP_KEY": KEY},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while written(folder) < 20 * 1024 * 1024:  # past the database, into the uploads
        assert running.poll() is None, "the backup ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    running.send_signal(signum)
    assert running.wait(timeout=60) != 0
    assert not out.exists()
    leftovers = list(folder.glob(".night.backup.*.tmp"))
    if signum == signal.SIGTERM:
        assert leftovers == []  # removed on the way out
    else:
        assert len(leftovers) == 1  # under its temporary name, never the final one
