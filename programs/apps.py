from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Clinics and programs"

    def ready(self):
        from .roles import refresh_roles

        # The roles' groups must exist on every install, not only in the demo, and follow
        # the permissions in programs/roles.py when they change: migrate (which every install
        # and upgrade runs, and which builds the test database) refreshes them. Django's own
        # permissions are made the same way, by a post_migrate receiver.
        post_migrate.connect(refresh_roles, sender=self, dispatch_uid="programs.refresh_roles")
