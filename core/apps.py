from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Tools every app may use, and the uploaded files every app server reads (models.py)."""

    name = "core"
    verbose_name = "Uploaded files"
