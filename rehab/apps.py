from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RehabConfig(AppConfig):
    """The project as an app: the top layer, which may wire the apps below together."""

    name = "rehab"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from clinics.roles import refresh_roles

        from .auth import stamp_session

        # Every way of logging in (the login page, the test client) passes through
        # django.contrib.auth.login(); the idle and absolute session limits start there.
        user_logged_in.connect(stamp_session, dispatch_uid="rehab.stamp_session")
        # The roles' groups must exist on every install, not only in the demo, and follow
        # the permissions in clinics/roles.py when they change: migrate (which every install
        # and upgrade runs, and which builds the test database) refreshes them, as Django
        # makes its own permissions, from a post_migrate receiver.
        post_migrate.connect(refresh_roles, sender=self, dispatch_uid="rehab.refresh_roles")
