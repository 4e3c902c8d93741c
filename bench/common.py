"""Shared set-up for the benchmarks: a throwaway database and media folder, production
settings (DEBUG off), Django ready. Import this before anything from Django."""

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="rehab-bench-"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehab.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.update(
    DEBUG="false",
    SECRET_KEY="benchmark-only-not-secret",
    ALLOWED_HOSTS="testserver,127.0.0.1",
    SECURE_SSL_REDIRECT="false",
    MEDIA_ROOT=str(WORK / "media"),
    PRIVATE_MEDIA_ROOT=str(WORK / "private"),
)

import django  # noqa: E402

django.setup()


def timed(function):
    """Seconds one call takes. Garbage left by earlier calls is collected first (as
    timeit does), so no call pays for another's."""
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_seconds(function, runs):
    """The median wall time of `runs` calls, after one warm-up call."""
    function()
    return statistics.median(timed(function) for _ in range(runs))


def report(name, value, target, detail=""):
    print(f"{name}: {value} (target {target}){'; ' + detail if detail else ''}", flush=True)
