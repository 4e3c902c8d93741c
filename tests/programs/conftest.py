import pytest
from django.core.cache import cache

from library import region_counts


@pytest.fixture(autouse=True)
def fresh_region_counts():
    """The region counts' cached copy starts empty: an earlier test's rolled-back exercises
    send no signal to forget it (library.region_counts)."""
    cache.delete(region_counts.KEY)
