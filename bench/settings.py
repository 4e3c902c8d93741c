"""The app's settings with one addition for the load test: a trivial view to compare the
pages' throughput with (bench/urls.py). Everything else is production's."""

from rehab.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
