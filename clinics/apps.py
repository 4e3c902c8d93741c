from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    """Clinics, their therapists and patients: who every other row belongs to."""

    name = "clinics"
    verbose_name = "Clinics"
