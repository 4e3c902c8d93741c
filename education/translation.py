"""An education sheet's printed words in every language (see exercises/translation.py).
The summary is for the therapist choosing sheets (not printed), so it is not translated;
a source's title may be (its link stays the same)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Sheet, SheetSection, SheetSource


@register(Sheet)
class SheetTranslation(TranslationOptions):
    fields = ["title"]


@register(SheetSection)
class SectionTranslation(TranslationOptions):
    fields = ["heading", "text", "checklist", "picture_alt"]


@register(SheetSource)
class SourceTranslation(TranslationOptions):
    fields = ["title"]
