"""A clinic's patient-facing text in every language of settings.LANGUAGES
(django-modeltranslation: call_us_if_en, call_us_if_es...)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Clinic


@register(Clinic)
class ClinicTranslation(TranslationOptions):
    fields = ["call_us_if", "call_emergency_if"]
