from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """The patient record as a whole: backup and restore, a patient's export, erasure."""

    name = "records"
    verbose_name = "Patient records"
