"""Several app servers behind a load balancer, over one database and one Redis (README,
"Running several servers"): nothing one server knows is missing on the other.

Two real gunicorn servers (two workers each) run on their own ports, each with a media
folder of its own that stays empty. On PostgreSQL they use the test database itself (this
test commits what it writes, `transaction=True`); SQLite's test database lives in this
process's memory, so they get a file copy of it, made once the test has written what they
need, and everything afterwards is read back through the servers. One browser (one cookie
jar: cookies name the host, not the port, as behind a load balancer) goes from one to the
other. The servers trust X-Forwarded-For (BEHIND_PROXY), as behind the load balancer, so
each part of the test speaks from an address of its own."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from http.cookiejar import CookieJar
from io import BytesIO
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from PIL import Image
from pypdf import PdfReader

from clinics.roles import clinic_admin_group
from handouts.models import HandoutPDF, IssuedHandout, Mode
from handouts.services import build_snapshot, handout_programs
from phone.models import PatientLink, hash_token
from tests.factories import (
    ClinicFactory,
    ExerciseFactory,
    PatientFactory,
    ProgramFactory,
    ProgramItemFactory,
    TherapistFactory,
    UserFactory,
)

ROOT = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "a long password for both servers"
TOKEN = "Zt5mQ8wN2xR7kP4vB9cL1hJ6"
LIMIT = 60  # PATIENT_LINK_RATE_LIMIT's default, which the servers keep

pytestmark = pytest.mark.django_db(transaction=True)


# Two servers


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the machine's Redis; its keys are removed after."""
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer at 127.0.0.1:6379 ({error}); start it to run this")
    prefix = f"rehab-test-{uuid.uuid4().hex[:12]}"
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shared_database(folder):
    """The environment that points a server at the test's database (see the docstring)."""
    if connection.vendor == "sqlite":
        path = folder / "shared.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return {"SQLITE_PATH": str(path)}
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return {"DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"}


class Server:
    def __init__(self, name, folder, environment):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.media = folder / name / "media"
        self.log = folder / f"{name}.log"
        environment = {
            **environment,
            "MEDIA_ROOT": str(self.media),
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "rehab.wsgi", "--workers", "2"]
                + ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed with its workers
            )

    def wait_until_ready(self):
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, f"{self.name} stopped:\n{self.log.read_text()}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                assert time.monotonic() < deadline, f"{self.name} never answered"
                time.sleep(0.1)

    def kill(self):
        """SIGKILL to the master and its workers at once: nothing may clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture
def start_servers(redis_prefix, tmp_path):
    """Starts servers A and B over the database as the test has made it so far; both are
    killed at the end, whatever happened."""
    _, prefix = redis_prefix
    servers = []
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="rehab.settings",
        PYTHONPATH=str(ROOT),
        DEBUG="true",
        SECRET_KEY="one-secret-for-every-server-" + "x" * 30,
        BEHIND_PROXY="true",
        REDIS_URL=REDIS_URL,
        REDIS_KEY_PREFIX=prefix,
    )

    def start():
        database = shared_database(tmp_path)
        servers.extend(Server(name, tmp_path, {**environment, **database}) for name in "AB")
        for server in servers:
            server.wait_until_ready()
        return servers

    yield start
    for server in servers:
        server.kill()


# One browser


class NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser with one cookie jar, whichever server answers; each request says which
    address it comes from (X-Forwarded-For, added by the load balancer)."""

    def __init__(self, address="192.0.2.10"):
        self.address = address
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirects)

    def request(self, url, data=None, content_type=None):
        headers = {"X-Forwarded-For": self.address}
        if isinstance(data, dict):
            data, content_type = urlencode(data).encode(), "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        try:
            with self.opener.open(Request(url, data=data, headers=headers), timeout=60) as answer:
                return answer.status, answer.headers, answer.read()
        except HTTPError as answer:  # 3xx (not followed) and 4xx
            return answer.code, answer.headers, answer.read()

    def form_token(self, url):
        status, _, page = self.request(url)
        assert status == 200, url
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()


def multipart(fields, files):
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = uuid.uuid4().hex
    body = BytesIO()
    for name, value in fields.items():
        body.write(f"--{boundary}\r\nContent-Disposition: form-data; ".encode())
        body.write(f'name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, kind) in files.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
        )
        body.write(content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


# What the clinic has before the servers start


@pytest.fixture
def clinic_data():
    """A clinic admin who is also the clinic's therapist (with a real PBKDF2 password: the
    servers know no test hasher), a patient with a program of one exercise, and a printed
    handout whose phone link's token we know."""
    clinic = ClinicFactory(name="Harbor Physical Therapy")
    user = UserFactory(username="charlie", is_staff=True)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "fixedsalt", iterations=1000)
    user.save()
    user.groups.add(clinic_admin_group())
    therapist = TherapistFactory(user=user, clinic=clinic)
    patient = PatientFactory(clinic=clinic, name="Margaret Okafor")
    program = ProgramFactory(patient=patient, therapist=therapist)
    ProgramItemFactory(program=program, exercise=ExerciseFactory(name="Bridge"), order=1)
    snapshot = build_snapshot(
        handout_programs(Mode.FILLED).get(pk=program.pk), mode=Mode.FILLED, large_print=False
    )
    handout = IssuedHandout.objects.create(
        program=program, mode="filled", snapshot=snapshot, sha256="0" * 64, issued_by=user
    )
    HandoutPDF.objects.create(handout=handout, data=b"%PDF stand-in")
    PatientLink.objects.create(handout=handout, token_sha256=hash_token(TOKEN))
    return {"clinic": clinic, "patient": patient, "program": program}


def logo_png():
    out = BytesIO()
    Image.new("RGB", (64, 32), "darkred").save(out, "PNG")
    return out.getvalue()


def phone_page(server, browser):
    status, _, page = browser.request(f"{server.url}/h/{TOKEN}")
    assert status == 200, page
    return page.decode()


def tick(server, browser, exercise_id):
    page = phone_page(server, browser)
    day = re.search(r'name="day" value="([^"]+)"', page)[1]
    check = re.search(r'name="check" value="([^"]+)"', page)[1]
    form = {"day": day, "check": check, "exercise": exercise_id, "done": "1"}
    return browser.request(f"{server.url}/h/{TOKEN}/tick", form)


# The test


def test_two_servers_share_logins_pictures_the_rate_limit_and_survive_a_kill(
    clinic_data, start_servers, redis_prefix
):
    clinic, patient, program = (clinic_data[key] for key in ("clinic", "patient", "program"))
    exercise_id = program.items.get().exercise_id
    a, b = start_servers()

    # A login on A is a login on B (the session is a database row).
    browser = Browser()
    token = browser.form_token(f"{a.url}/login/")
    form = {"username": "charlie", "password": PASSWORD, "csrfmiddlewaretoken": token}
    status, headers, _ = browser.request(f"{a.url}/login/", form)
    assert (status, headers["Location"]) == (302, "/")
    patient_page = f"/patients/{patient.pk}/"
    status, _, page = browser.request(f"{b.url}{patient_page}")
    assert status == 200 and b"Margaret Okafor" in page
    stranger = Browser()
    status, headers, _ = stranger.request(f"{b.url}{patient_page}")
    assert status == 302 and headers["Location"].startswith("/login/")

    # A logo uploaded through A's admin shows through B and prints in B's handout.
    change = f"/admin/clinics/clinic/{clinic.pk}/change/"
    fields = {
        "csrfmiddlewaretoken": browser.form_token(f"{a.url}{change}"),
        "name": clinic.name,
        "phone": "",
        "address": "",
        "paper_size": "letter",
        "time_zone": clinic.time_zone,
        "_save": "Save",
    }
    body, kind = multipart(fields, {"logo": ("harbor.png", logo_png(), "image/png")})
    status, _, page = browser.request(f"{a.url}{change}", body, kind)
    assert status == 302, page.decode()
    _, _, page = browser.request(f"{b.url}{change}")
    logo = re.search(rb'href="(/media/clinic-logos/[0-9a-f]+\.png)"', page)[1].decode()
    status, headers, picture = browser.request(f"{b.url}{logo}")
    assert (status, headers["Content-Type"]) == (200, "image/png")
    assert Image.open(BytesIO(picture)).size == (64, 32)
    issue = f"/programs/{program.pk}/handout/issue/"
    token = browser.form_token(f"{b.url}/programs/{program.pk}/handout/")
    status, _, _ = browser.request(
        f"{b.url}{issue}", {"mode": "blank", "csrfmiddlewaretoken": token}
    )
    assert status == 302
    _, _, page = browser.request(f"{b.url}{patient_page}")
    newest = max(int(pk) for pk in re.findall(rb"/handouts/(\d+)/pdf/", page))
    status, _, pdf = browser.request(f"{b.url}/handouts/{newest}/pdf/")
    assert status == 200
    images = [image.image.size for page in PdfReader(BytesIO(pdf)).pages for image in page.images]
    assert images == [(64, 32)]  # the logo (a blank form prints no QR code)

    # The phone page's limit holds for both servers together: one address, requests
    # sent to A and B in turn, and no more than LIMIT a minute get through. Each minute
    # counts afresh, so a run that crosses into a new minute is made again from another
    # address (a run takes seconds: the second one stays within its minute).
    for attempt in range(2):
        patient_phone = Browser(address=f"203.0.113.{attempt + 1}")
        minute = int(time.time() // 60)
        statuses = [patient_phone.request(f"{server.url}/h/{TOKEN}")[0] for server in [a, b] * 65]
        if int(time.time() // 60) == minute:
            break
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == 130 - LIMIT
    assert statuses[:LIMIT] == [200] * LIMIT  # the first ones, from both servers

    # A is killed mid-request; B goes on with everything A committed.
    patient_phone = Browser(address="198.51.100.7")
    status, _, _ = tick(a, patient_phone, exercise_id)
    assert status == 302  # the tick, committed by A
    client, prefix = redis_prefix
    unfinished = socket.create_connection(("127.0.0.1", a.port), timeout=30)
    unfinished.sendall(
        f"POST /h/{TOKEN}/tick HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "X-Forwarded-For: 198.51.100.9\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 400\r\n\r\nexercise=".encode()
    )
    # A's worker counts the request (Redis) before the view waits for the rest of the
    # form: once the count is there, A is in the middle of it.
    deadline = time.monotonic() + 30
    while not list(client.scan_iter(f"{prefix}:*phone-rate:198.51.100.9:*")):
        assert time.monotonic() < deadline, "A never started the request"
        time.sleep(0.02)
    a.kill()
    assert unfinished.recv(1024) == b""  # no answer: A died with the request
    unfinished.close()

    status, _, page = browser.request(f"{b.url}{patient_page}")
    assert status == 200 and b"Margaret Okafor" in page  # still logged in
    assert browser.request(f"{b.url}{logo}")[2] == picture
    assert "Undo “done” for Bridge" in phone_page(b, patient_phone)  # A's tick
    assert tick(b, patient_phone, exercise_id)[0] == 302  # and B writes
    # Nothing was ever kept in a server's own folder.
    assert not any(server.media.exists() and any(server.media.iterdir()) for server in (a, b))


# Settings


def settings_of(**environment):
    code = "import rehab.settings as s; print(s.CACHES['default'] if 'CACHES' in dir(s) else '')"
    keep = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "REDIS_KEY_PREFIX"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**keep, **environment},
        capture_output=True,
        text=True,
    )


def test_redis_url_makes_the_cache_redis():
    found = settings_of(REDIS_URL=REDIS_URL)
    assert found.returncode == 0, found.stderr
    assert "django.core.cache.backends.redis.RedisCache" in found.stdout
    assert f"'LOCATION': '{REDIS_URL}'" in found.stdout and "'KEY_PREFIX': 'rehab'" in found.stdout
    assert settings_of().stdout.strip() == ""  # without it: Django's local-memory cache


def test_a_redis_url_that_is_not_one_is_refused():
    found = settings_of(REDIS_URL="127.0.0.1:6379")
    assert found.returncode != 0
    assert "REDIS_URL must start with redis://" in found.stderr
