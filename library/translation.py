"""The library's patient-facing text in every language of settings.LANGUAGES
(django-modeltranslation adds a column per language: name_en, name_es...). The base
column keeps the English text, which the search's generated columns read."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Exercise,
    ExerciseBenefit,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariant,
    Protocol,
    Sheet,
    SheetSection,
    SheetSource,
    SupportOption,
)


@register(Exercise)
class ExerciseTranslation(TranslationOptions):
    fields = ["name", "summary", "take_care", "illustration_alt"]


@register(ExerciseStep)
class StepTranslation(TranslationOptions):
    fields = ["text"]


@register(ExerciseTip)
class TipTranslation(TranslationOptions):
    fields = ["text"]


@register(ExerciseBenefit)
class BenefitTranslation(TranslationOptions):
    fields = ["text"]


@register(ExerciseVariant)
class VariantTranslation(TranslationOptions):
    fields = ["when", "instruction"]


@register(SupportOption)
class SupportOptionTranslation(TranslationOptions):
    fields = ["name"]


# A protocol's printed words.
@register(Protocol)
class ProtocolTranslation(TranslationOptions):
    fields = ["name", "intro", "general_instructions", "default_frequency"]


# An education sheet's printed words. The summary is for the therapist choosing sheets (not
# printed), so it is not translated; a source's title may be (its link stays the same).
@register(Sheet)
class SheetTranslation(TranslationOptions):
    fields = ["title"]


@register(SheetSection)
class SectionTranslation(TranslationOptions):
    fields = ["heading", "text", "checklist", "picture_alt"]


@register(SheetSource)
class SourceTranslation(TranslationOptions):
    fields = ["title"]
