from django.apps import AppConfig


class PhoneConfig(AppConfig):
    """The patient's phone page, opened from the handout's QR code without a login."""

    name = "phone"
    verbose_name = "Phone page"

    def ready(self):
        from core import hooks
        from handouts.models import PATIENT_LINK
        from programs.home import EDITOR_RECORD, PATIENT_PAGE_RECORD

        from .adherence import course_summary, editor_adherence
        from .links import NewLink

        # The layers below ask for these by name (core/hooks.py): a filled handout's link,
        # and the record of ticks that the patient page and the editor show.
        hooks.provide(PATIENT_LINK, NewLink)
        hooks.provide(PATIENT_PAGE_RECORD, course_summary)
        hooks.provide(EDITOR_RECORD, editor_adherence)
