from django.apps import AppConfig


class RehabConfig(AppConfig):
    """The project as an app: the top layer, which may wire the apps below together."""

    name = "rehab"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .auth import stamp_session

        # Every way of logging in (the login page, the test client) passes through
        # django.contrib.auth.login(); the idle and absolute session limits start there.
        user_logged_in.connect(stamp_session, dispatch_uid="rehab.stamp_session")
