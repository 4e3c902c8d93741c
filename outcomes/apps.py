from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome measures: the questionnaires (built-in and a clinic's own), when a program
    asks them, the patient's answers, their scores and trends."""

    name = "outcomes"
    verbose_name = "Outcome measures"

    def ready(self):
        from core import hooks
        from programs.home import PATIENT_PAGE_OUTCOMES

        from .trends import patient_trends

        # The patient page (programs, below) asks for the trends by name (core/hooks.py).
        hooks.provide(PATIENT_PAGE_OUTCOMES, patient_trends)
