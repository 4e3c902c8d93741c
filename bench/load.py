"""Throughput under load: gunicorn with 2 workers on 127.0.0.1 serving the seeded SQLite
database (SQLITE_PATH, prepared by bench/scale.py), and 20 concurrent clients for 20 s on
each of a trivial view, the library page and the editor page (40 items), one after the
other in this run. Each page's requests per second is reported over the trivial view's.

The load generator is threads with http.client: it only ever connects to 127.0.0.1 and
stops by itself when each 20 s phase ends. It shares the machine's cores with the server,
so absolute rates are lower than a separate client machine would see; the ratios compare
like with like. BENCH_SMOKE=1: 4 clients for 1 s each (bench/smoke.py).

Any request that does not answer 200 fails the benchmark, after the lines are printed."""

import http.client
import threading
import time

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
from django.test import Client
from django.urls import reverse
from pages import program_with, seeded_therapist

from programs.models import Program

CLIENTS = scaled(20, 4)
SECONDS = scaled(20, 1)
WORKERS = 2


def one_request(port, path, cookie):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def hammer(port, path, cookie):
    """CLIENTS threads requesting `path` back to back until SECONDS have passed."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client():
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                status = one_request(port, path, cookie)
            except OSError as error:
                status = repr(error)
            elapsed = time.perf_counter() - start
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    return len(latencies) / duration, percentile(latencies or [0], 0.95) * 1000, errors


def main():
    collect_static()
    therapist = seeded_therapist()
    program = Program.objects.filter(
        therapist=therapist, title=f"{Program.MAX_ITEMS} items"
    ).first() or program_with(therapist, Program.MAX_ITEMS)
    client = Client()
    client.force_login(therapist.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    pages = {
        "trivial": "/bench/ping/",
        "library": reverse("library:list"),
        "editor": reverse("programs:edit", args=[program.pk]),
    }
    port = free_port()
    server = start_gunicorn(port, WORKERS)
    try:
        for path in pages.values():  # warm both workers up, and check the pages answer
            for _ in range(4):
                status = one_request(port, path, cookie)
                assert status == 200, (path, status)
        results = {name: hammer(port, path, cookie) for name, path in pages.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
    trivial_rate, trivial_p95, _ = results["trivial"]
    for name in ("library", "editor"):
        rate, p95, _ = results[name]
        report(
            f"throughput_ratio_{name}",
            f"{rate / trivial_rate:.3f}",
            "reported, no target",
            f"{rate:.0f} req/s, p95 {p95:.0f} ms; trivial view {trivial_rate:.0f} req/s, "
            f"p95 {trivial_p95:.0f} ms; {CLIENTS} clients x {SECONDS} s each, "
            f"gunicorn {WORKERS} workers",
        )
    errors = {name: result[2] for name, result in results.items()}
    total = sum(len(found) for found in errors.values())
    detail = ", ".join(
        f"{name} {len(found)}" + (f" (first: {found[0]})" if found else "")
        for name, found in errors.items()
    )
    report("load_errors", str(total), "0", detail)
    assert total == 0, f"{total} requests under load did not answer 200"


if __name__ == "__main__":
    main()
