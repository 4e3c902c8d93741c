"""The library filter's "Body region" choices with the number of active base exercises in
each, kept in Django's cache (settings.CACHES: Redis with REDIS_URL, else each process's
memory) so that a library page does not aggregate every exercise and region link on every
request (issue 31: 63 to 105 ms of a loaded PostgreSQL library page).

The counts are the base library's (clinic null, not archived), the same for every clinic,
so there is one key. It is forgotten whenever they may change: an exercise saved or
deleted, its regions changed, a region saved or deleted (signals below); and by the bulk
writes that send no signal: the admin's archive and restore actions, a clinic hiding or
showing base exercises, a library import, load_library and seed_scale (they call
`forget()`). Forgetting happens at once and again when the transaction commits, so a page
read in between cannot keep the old counts. TIMEOUT bounds how long a change can leave
them stale where forgetting does not reach: another worker's copy when there is no
REDIS_URL (each process then caches alone), a restore, a raw SQL change."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "library:region-counts:base"
TIMEOUT = 60


def region_counts():
    """[(slug, name, count)] of every region, by name; one query when not cached."""
    counts = cache.get(KEY)
    if counts is None:
        from .models import BodyRegion

        regions = BodyRegion.objects.annotate(
            exercise_count=Count(
                "exercises",
                filter=Q(exercises__clinic__isnull=True, exercises__archived=False),
            )
        ).values_list("slug", "name", "exercise_count")
        counts = list(regions)
        cache.set(KEY, counts, TIMEOUT)
    return counts


def forget(**_signal_arguments):
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))


def connect():
    """Called by LibraryConfig.ready()."""
    from .models import BodyRegion, Exercise

    uid = "library.region_counts"
    for model in (Exercise, BodyRegion):
        post_save.connect(forget, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}")
    for through in (Exercise.regions.through, Exercise.hidden_in_clinics.through):
        m2m_changed.connect(forget, sender=through, dispatch_uid=f"{uid}.m2m.{through.__name__}")
