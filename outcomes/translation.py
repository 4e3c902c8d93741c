"""A measure's patient-facing words in every language of settings.LANGUAGES, as the
library's (library/translation.py). Spanish ships for the built-in ones."""

from modeltranslation.translator import TranslationOptions, register

from .models import Measure, MeasureItem


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ["name", "instructions", "low_label", "high_label"]


@register(MeasureItem)
class MeasureItemTranslation(TranslationOptions):
    fields = ["text"]
