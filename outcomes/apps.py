from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome measures: the questionnaires (built-in and a clinic's own), when a program
    asks them, the patient's answers, their scores and trends."""

    name = "outcomes"
    verbose_name = "Outcome measures"

    def ready(self):
        from core import hooks
        from programs.home import PATIENT_PAGE_OUTCOMES
        from programs.services import REVISION_MADE

        from .services import copy_schedule
        from .trends import patient_outcomes

        # Programs, below, asks for these by name (core/hooks.py): the patient page's
        # trends and discharge, and a revision's copy of the measure schedule.
        hooks.provide(PATIENT_PAGE_OUTCOMES, patient_outcomes)
        hooks.provide(REVISION_MADE, copy_schedule)
