"""How easily a patient reads a text: a reading-ease score per language, with no Django.

Spanish is scored with Fernández Huerta's reading ease, English with Flesch's (the formula it
adapts): 0 to 100, higher is easier; 70 reads easily, 80 is easy. textstat does the counting.
A development dependency: only the tests import this module.
"""

from textstat.textstat import textstatistics

# Below this many words a score says little: one long word decides it.
MIN_WORDS = 20

SENTENCE_ENDS = (".", "!", "?")


def _scorer(language):
    # One textstat object per language: textstat.set_lang() would switch the shared default
    # object and change every other score taken in the same process (the English grade tests).
    scorer = textstatistics()
    scorer.set_lang(language)
    return scorer


_SCORERS = {"es": _scorer("es"), "en": _scorer("en_US")}
_FORMULAS = {"es": "fernandez_huerta", "en": "flesch_reading_ease"}


def as_prose(parts):
    """One text from short pieces (a name, the steps, checklist lines), each closed with a full
    stop. textstat splits sentences only at . ! ?, so a heading or a list line without one
    would run on into the next line and read as one long, hard sentence."""
    pieces = (part.strip() for part in parts)
    return "\n".join(p if p.endswith(SENTENCE_ENDS) else f"{p}." for p in pieces if p)


def word_count(text):
    return textstatistics().lexicon_count(text)


def reading_ease(text, language="es"):
    """The reading-ease score of `text` (Fernández Huerta for "es", Flesch for "en").
    Raises ValueError for a text too short to score, or a language without a formula."""
    if language not in _FORMULAS:
        raise ValueError(f"No reading-ease formula for language {language!r}.")
    if word_count(text) < MIN_WORDS:
        raise ValueError(f"Too short to score ({word_count(text)} words): {text[:60]!r}")
    return getattr(_SCORERS[language], _FORMULAS[language])(text)
