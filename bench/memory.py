"""memory_ratio: what a worker process holds after 200 handout renders over after 10.

The renders are the therapist's "Print handout" request for a 12-exercise program, as a
worker serves it (Django test client in this one process: queries, snapshot, WeasyPrint,
storing the PDF). Memory is the resident set size from /proc, after a garbage collection.
A ratio near 1 means nothing accumulates per render (caches stay bounded).

memory_growth_per_handout_mib: the same growth per render after the warm-up (from render
EARLY to render LATE): what each further handout leaves behind. Each QR code (a new data:
URL) held about 4.5 MiB while the image cache kept it (issue 31).
BENCH_SMOKE=1: 4 renders over 2 (bench/smoke.py)."""

import gc
from pathlib import Path

from common import report, scaled  # first: sets Django up
from django.test import Client
from django.urls import reverse
from handout import twelve_exercise_program

EARLY, LATE = scaled((10, 200), (2, 4))


def resident_mib():
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main():
    program, user = twelve_exercise_program()
    client = Client()
    client.force_login(user)
    url = reverse("handouts:issue", args=[program.pk])
    early = None
    for number in range(1, LATE + 1):
        response = client.post(url, {"mode": "filled"})
        assert response.status_code == 302, response.status_code
        if number == EARLY:
            early = resident_mib()
    late = resident_mib()
    report(
        "memory_ratio",
        f"{late / early:.3f}",
        "<= 1.10",
        f"{early:.0f} MiB after {EARLY} renders, {late:.0f} MiB after {LATE}",
    )
    report(
        "memory_growth_per_handout_mib",
        f"{(late - early) / (LATE - EARLY):.3f}",
        "< 0.05",
        f"from render {EARLY} to render {LATE}",
    )


if __name__ == "__main__":
    main()
