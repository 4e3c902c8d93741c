"""memory_ratio: what a worker process holds after 200 handout renders over after 10.

The renders are the therapist's "Print handout" request for a 12-exercise program, as a
worker serves it (Django test client in this one process: queries, snapshot, WeasyPrint,
storing the PDF). Memory is the resident set size from /proc, after a garbage collection.
A ratio near 1 means nothing accumulates per render (caches stay bounded).

memory_growth_per_handout_mib: the growth per render once the worker has warmed up (from
render WARM to render LATE): what each further handout leaves behind. Each QR code (a new
data: URL) held about 4.5 MiB while the image cache kept it (issue 31). The warm-up lasts
about 50 renders: 500 renders in one process read 164.5 MiB after 10, 171.9 after 50, 172.8
after 100, 172.6 after 200 and 174.5 after 400 and 500 (docs/performance.md), so growth
counted from render 10 was mostly the warm-up's.
BENCH_SMOKE=1: 4 renders over 2 (bench/smoke.py)."""

import gc
from pathlib import Path

from common import report, scaled  # first: sets Django up
from django.test import Client
from django.urls import reverse
from handout import twelve_exercise_program

EARLY, WARM, LATE = scaled((10, 50, 200), (2, 3, 4))


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
    resident = {}
    for number in range(1, LATE + 1):
        response = client.post(url, {"mode": "filled"})
        assert response.status_code == 302, response.status_code
        if number in (EARLY, WARM):
            resident[number] = resident_mib()
    early, warm, late = resident[EARLY], resident[WARM], resident_mib()
    report(
        "memory_ratio",
        f"{late / early:.3f}",
        "<= 1.10",
        f"{early:.0f} MiB after {EARLY} renders, {late:.0f} MiB after {LATE}",
    )
    report(
        "memory_growth_per_handout_mib",
        f"{(late - warm) / (LATE - WARM):.3f}",
        "< 0.05",
        f"{warm:.0f} MiB after render {WARM}, {late:.0f} MiB after render {LATE}",
    )


if __name__ == "__main__":
    main()
