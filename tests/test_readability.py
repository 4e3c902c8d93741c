"""core.readability: reading-ease scores that tell plain patient text from hard text."""

import pytest
import textstat

from tests.readability import as_prose, reading_ease

PLAIN = (
    "Acuéstese boca arriba en una cama firme o en el piso. Doble las rodillas. "
    "Ponga los brazos a los lados. Relaje todo el cuerpo y respire despacio."
)
HARD = (
    "La realización sistemática de contracciones isométricas prolongadas favorece "
    "considerablemente la estabilización de la columna vertebral, particularmente en "
    "individuos con osteoporosis diagnosticada y antecedentes de fracturas vertebrales."
)


def test_plain_spanish_scores_high_and_hard_spanish_low():
    assert reading_ease(PLAIN, "es") >= 80
    assert reading_ease(HARD, "es") < 70


def test_english_is_scored_with_flesch():
    plain = (
        "Lie on your back on a firm bed or on the floor. Bend your knees. "
        "Rest your arms by your sides. Let your body go soft and breathe slowly."
    )
    assert reading_ease(plain, "en") >= 80


def test_scoring_spanish_leaves_textstat_in_english():
    # The English grade tests share textstat's default object in the same process.
    before = textstat.flesch_kincaid_grade(PLAIN)
    reading_ease(PLAIN, "es")
    assert textstat.flesch_kincaid_grade(PLAIN) == before


def test_a_text_too_short_to_score_is_refused():
    with pytest.raises(ValueError, match="Too short"):
        reading_ease("Doble las rodillas.", "es")


def test_a_language_without_a_formula_is_refused():
    with pytest.raises(ValueError, match="No reading-ease formula"):
        reading_ease(PLAIN, "fr")


def test_prose_closes_each_piece_as_a_sentence():
    assert as_prose(["Cocina", " Una luz de noche ", "", "¿Hay algo en el piso?"]) == (
        "Cocina.\nUna luz de noche.\n¿Hay algo en el piso?"
    )
