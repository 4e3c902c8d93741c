"""The app's settings with two additions for the benchmarks: the bench app itself, whose
`manage.py seed_scale` fills a database at scale, and a trivial view to compare the pages'
throughput with (bench/urls.py). Everything else is production's."""

from rehab.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
