"""A protocol's printed words in every language (see exercises/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Protocol


@register(Protocol)
class ProtocolTranslation(TranslationOptions):
    fields = ["name", "intro", "general_instructions", "default_frequency"]
