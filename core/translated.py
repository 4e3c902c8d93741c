"""Reading one language's text of a row translated with django-modeltranslation
(name_en, name_es...), without its fallbacks: a handout prints a part in the patient's
language only when all of that part's text is there, and says which parts it printed in
English."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def english_column(field):
    """The column a translated field reads on the therapist's pages (always English):
    name -> name_en. A query that loads only some columns must name it, or reading the
    field loads it again, one query per row."""
    return build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def text_in(obj, field, language):
    """The field's text in that language, "" when it has none."""
    return getattr(obj, build_localized_fieldname(field, language)) or ""


def complete_in(obj, fields, language):
    """True when every field that has English text has text in `language` too."""
    english = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return all(
        text_in(obj, field, language) or not text_in(obj, field, english) for field in fields
    )
