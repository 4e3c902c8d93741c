from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """The exercise library: exercises, conditions and cautions, protocols and templates,
    favourites and education sheets; a shared base library plus each clinic's own."""

    name = "library"
    verbose_name = "Library"

    def ready(self):
        from . import region_counts

        region_counts.connect()
