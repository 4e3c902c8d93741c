"""A clinic's mixed load (issue 31): gunicorn as the README deploys it (2 workers, --timeout 120,
--max-requests 1000 with jitter, REDIS_URL for the shared rate limit) on the seeded
database (SQLITE_PATH, or DATABASE_URL for PostgreSQL; bench/scale.py prepares both), and
20 client threads for 60 s, each request drawn at random in the mix of a clinic's day:

- 70 % page reads and searches: library search, patient search, a patient's page, a
  program's page, the 40-row editor;
- 15 % editor saves (the program's rows as they are, with a new title);
- 5 % handout issues (a PDF rendered and stored);
- 10 % the phone page: half views, half ticks.

Prints `mixed_load_read_p95_ms_<db>` (target < 1,000 on 2 cores),
`mixed_load_issue_p95_ms_<db>` (< 2,000), `mixed_load_errors_<db>` (0: every request must
answer as the page would in use, 200 or the save's redirect; "database is locked" is an
error) and `mixed_load_requests_per_second_<db>`. The clients run on the same cores as the
server, as load.py's do. BENCH_SMOKE=1: 4 clients for 3 s.

Usage: bench/mixed.py LABEL (sqlite or postgres)."""

import http.client
import os
import random
import secrets
import sys
import threading
import time
from collections import defaultdict
from urllib.parse import urlencode

from common import (  # first: sets Django up
    HOST,
    collect_static,
    free_port,
    percentile,
    report,
    scaled,
    start_gunicorn,
)
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from pages import LIBRARY_QUERIES, PATIENT_QUERIES, program_with, seeded_therapist

from handouts.models import IssuedHandout, Mode
from handouts.services import build_snapshot, handout_programs
from phone.links import clinic_today, form_check, new_token
from phone.models import PatientLink, hash_token
from programs.models import Program

CLIENTS = scaled(20, 4)
SECONDS = scaled(60, 3)
WORKERS = 2  # README: "gunicorn rehab.wsgi --workers 2 ..."
MIX = [("read", 70), ("save", 15), ("issue", 5), ("phone", 10)]
TARGETS = {"read": "< 1000", "issue": "< 2000"}


class Session:
    """One client: the therapist's session cookie and a CSRF secret of its own (Django
    takes the cookie's value back in the X-CSRFToken header)."""

    def __init__(self, port, session_cookie):
        self.port = port
        self.csrf = secrets.token_hex(16)  # 32 characters, a valid CSRF secret
        self.cookie = f"{session_cookie}; {settings.CSRF_COOKIE_NAME}={self.csrf}"

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        headers = {"Cookie": self.cookie}
        body = None
        if method == "POST":
            body = urlencode(data, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.csrf,
                }
            )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            return response.status, content
        finally:
            connection.close()


def prepare(therapist):
    """What the mix works on: a program of 40 rows to read, one program of 6 rows per
    client to save (saves of one program by two clients would conflict, as they should),
    one to issue, and a phone link with its exercises."""
    big = Program.objects.filter(therapist=therapist, title=f"{Program.MAX_ITEMS} items").first()
    big = big or program_with(therapist, Program.MAX_ITEMS)
    own = [program_with(therapist, 6) for _ in range(CLIENTS)]
    issued = program_with(therapist, 12)
    snapshot = build_snapshot(
        handout_programs(Mode.FILLED).get(pk=issued.pk), mode=Mode.FILLED, large_print=False
    )
    handout = IssuedHandout.objects.create(
        program=issued,
        mode=Mode.FILLED,
        snapshot=snapshot,
        sha256="0" * 64,
        issued_by=therapist.user,
    )
    token = new_token()
    PatientLink.objects.create(handout=handout, token_sha256=hash_token(token))
    return big, own, issued, token


def editor_post(program, lock_version, title):
    items = list(program.items.order_by("order"))
    data = {
        "title": title,
        "frequency": program.frequency,
        "special_instructions": program.special_instructions,
        "general_instructions": program.general_instructions,
        "lock_version": lock_version,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": Program.MAX_ITEMS,
    }
    for index, item in enumerate(items):
        row = {"exercise": item.exercise_id, "ORDER": index + 1, "sets": item.sets or 1}
        row["side"] = item.side
        for name in ("reps", "hold_min_seconds", "hold_max_seconds", "stay_minutes"):
            value = getattr(item, name)
            if value is not None:
                row[name] = value
        for name, value in row.items():
            data[f"items-{index}-{name}"] = value
    return data


def run_mix(port, session_cookie, big, own, issued, token, label):
    link = PatientLink.objects.get(token_sha256=hash_token(token))
    phone_exercises = list(link.handout.program.items.values_list("exercise_id", flat=True))
    today = clinic_today(link).isoformat()
    check = form_check(link, today)  # what the page's forms carry (phone.links)
    patient_pk = big.patient_id
    reads = [
        lambda: f"{reverse('library:list')}?{urlencode({'q': random.choice(LIBRARY_QUERIES)})}",
        lambda: (
            f"{reverse('programs:patients')}?{urlencode({'q': random.choice(PATIENT_QUERIES)})}"
        ),
        lambda: reverse("programs:patient", args=[patient_pk]),
        lambda: reverse("programs:detail", args=[big.pk]),
        lambda: reverse("programs:edit", args=[big.pk]),
    ]
    times, errors, lock = defaultdict(list), [], threading.Lock()
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    stop_at = time.monotonic() + SECONDS

    def client(number):
        session = Session(port, session_cookie)
        program = own[number]
        rng = random.Random(number)
        try:
            while time.monotonic() < stop_at:
                kind = rng.choices(kinds, weights)[0]
                if kind == "read":
                    call, expected = ("GET", rng.choice(reads)(), None), {200}
                elif kind == "save":
                    version = Program.objects.values_list("lock_version", flat=True).get(
                        pk=program.pk
                    )
                    data = editor_post(program, version, f"Saved {rng.randrange(10**6)}")
                    path = reverse("programs:edit", args=[program.pk])
                    call, expected = ("POST", path, data), {302}
                elif kind == "issue":
                    path = reverse("handouts:issue", args=[issued.pk])
                    call, expected = ("POST", path, {"mode": "filled"}), {302}
                elif rng.random() < 0.5:
                    call, expected = ("GET", reverse("phone:page", args=[token]), None), {200}
                else:
                    data = {
                        "day": today,
                        "check": check,
                        "exercise": rng.choice(phone_exercises),
                        "done": rng.choice("01"),
                    }
                    call, expected = ("POST", reverse("phone:tick", args=[token]), data), {302}
                start = time.perf_counter()
                try:
                    status, content = session.request(*call)
                except OSError as error:
                    status, content = repr(error), b""
                elapsed = time.perf_counter() - start
                with lock:
                    if status in expected:
                        times[kind].append(elapsed)
                    else:
                        locked = b"database is locked" in content
                        errors.append((kind, call[1], status, locked))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors, time.perf_counter() - started


def main():
    label = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    collect_static()
    therapist = seeded_therapist()
    big, own, issued, token = prepare(therapist)
    client = Client()
    client.force_login(therapist.user)
    session_cookie = (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    )
    port = free_port()
    server = start_gunicorn(
        port,
        WORKERS,
        "--max-requests=1000",
        "--max-requests-jitter=100",
        env={
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
            # 20 clients share one address: the phone page's rate limit would refuse them.
            "PATIENT_LINK_RATE_LIMIT": "1000000",
        },
    )
    try:
        warm = Session(port, session_cookie)
        for path in (reverse("library:list"), reverse("programs:edit", args=[big.pk])):
            for _ in range(4):  # both workers, and proof the pages answer
                status, _ = warm.request("GET", path)
                assert status == 200, (path, status)
        for _ in range(WORKERS):  # a worker's first handout loads the fonts
            status, _ = warm.request(
                "POST", reverse("handouts:issue", args=[issued.pk]), {"mode": "filled"}
            )
            assert status == 302, ("issue", status)
        times, errors, duration = run_mix(port, session_cookie, big, own, issued, token, label)
    finally:
        server.terminate()
        server.wait(timeout=60)
    total = sum(len(samples) for samples in times.values()) + len(errors)
    shares = ", ".join(f"{kind} {len(times[kind])}" for kind, _ in MIX)
    detail = f"{CLIENTS} clients x {SECONDS} s, gunicorn {WORKERS} workers"
    for kind in ("read", "issue"):
        samples = times[kind] or [0]
        p50, p95 = (percentile(samples, share) * 1000 for share in (0.5, 0.95))
        report(
            f"mixed_load_{kind}_p95_ms_{label}",
            f"{p95:.0f}",
            TARGETS[kind],
            f"p50 {p50:.0f} ms, {len(times[kind])} requests; {detail}",
        )
    for kind in ("save", "phone"):
        samples = times[kind] or [0]
        p50, p95 = (percentile(samples, share) * 1000 for share in (0.5, 0.95))
        report(f"mixed_load_{kind}_p95_ms_{label}", f"{p95:.0f}", "reported", f"p50 {p50:.0f} ms")
    locked = sum(1 for error in errors if error[3])
    first = f"; first: {errors[0][:3]}" if errors else ""
    report(
        f"mixed_load_errors_{label}",
        str(len(errors)),
        "0",
        f"{locked} 'database is locked'; {total} requests{first}",
    )
    report(
        f"mixed_load_requests_per_second_{label}",
        f"{total / duration:.1f}",
        "reported",
        f"{shares}; {detail}",
    )
    assert not errors, f"{len(errors)} requests of the mixed load failed: {errors[:5]}"


if __name__ == "__main__":
    main()
