"""Shared set-up for the benchmarks: a throwaway database and media folder, production
settings (DEBUG off), Django ready. Import this before anything from Django."""

import atexit
import gc
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smoke import SMOKE, scaled  # noqa: F401 (the benchmarks import scaled from here)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="rehab-bench-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehab.settings")
# SQLite through SQLITE_PATH, not DATABASE_URL, so it gets the settings' tuning (WAL...).
# DATABASE_URL, when set, wins (PostgreSQL).
os.environ.setdefault("SQLITE_PATH", str(WORK / "bench.sqlite3"))
os.environ.update(
    DEBUG="false",
    SECRET_KEY="benchmark-only-not-secret",
    ALLOWED_HOSTS="testserver,127.0.0.1",
    SITE_URL="https://rehab.bench.example",
    SECURE_SSL_REDIRECT="false",
    MEDIA_ROOT=str(WORK / "media"),
)
# With DEBUG off, {% static %} reads the manifest of collected files (see collect_static).
os.environ.setdefault("STATIC_ROOT", str(WORK / "static"))
Path(os.environ["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)  # whitenoise checks it

import django  # noqa: E402

django.setup()


def collect_static():
    """Collects the static files once per STATIC_ROOT: pages cannot render without them.
    A smoke run leaves out whitenoise's compressed copies of every file (half a minute of
    CPU); the manifest the pages read is the same."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return
    manifest_only = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": manifest_only}}
    with override_settings(STORAGES=storages if SMOKE else settings.STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)


def percentile(samples, share):
    """The value below which `share` (0.95 for p95) of the samples fall, interpolated."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timed(function):
    """Seconds one call takes. Garbage left by earlier calls is collected first (as
    timeit does), so no call pays for another's."""
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_seconds(function, runs):
    """The median wall time of `runs` calls, after one warm-up call (none in a smoke run,
    which measures nothing)."""
    if not SMOKE:
        function()
    return statistics.median(timed(function) for _ in range(runs))


def alternating_medians(first, second, runs):
    """The median wall times of two functions over `runs` rounds of one call each, after
    one warm-up call of each. Which one goes first alternates from round to round, so
    neither always finds the caches the other warmed or pays for the other's garbage (and
    timed() collects garbage before every call). Give an even `runs` for equal turns. A
    smoke run, which measures nothing, makes no warm-up calls."""
    if not SMOKE:
        first()
        second()
    times = {first: [], second: []}
    for round_number in range(runs):
        order = (first, second) if round_number % 2 == 0 else (second, first)
        for function in order:
            times[function].append(timed(function))
    return statistics.median(times[first]), statistics.median(times[second])


def report(name, value, target, detail=""):
    """One figure's line. Its target is for the reader: a missed one fails nothing."""
    if SMOKE:
        detail = f"{detail}; smoke scale, not a measurement" if detail else "smoke scale"
    print(f"{name}: {value} (target {target}){'; ' + detail if detail else ''}", flush=True)


HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, *options, env=None):
    """gunicorn serving the app on `port` as the README deploys it (its worker timeout
    included: docs/deploying.md), with the benchmark settings (bench/settings.py), `env`
    added to the environment; returns the process once it takes connections."""
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "rehab.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--timeout=120",
            "--log-level=warning",
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **(env or {})},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")
