"""The handout never points at what it does not print: no step or tip refers to a tick,
version or support the sheet does not show; supports name the object and where it goes;
"Take care" on a prescribed exercise is something the patient can act on, not a decision
handed back. English and Spanish, normal and large print."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from handouts.models import Mode
from handouts.services import render_program_pdf
from library.models import SupportOption
from tests.helpers import pdf_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
POINTING = ["will tick", "may tick", "tick a", "marcará", "puede marcar", "terapeuta marca"]
# A decision the therapist already made (the caution rules), handed back to the patient.
HANDED_BACK = [
    "if your bones are weak",
    "si tiene los huesos débiles",
    "ask your therapist before",
    "pregunte a su terapeuta antes",
]


@pytest.fixture
def spanish_library(library):
    call_command("load_library_translations", str(FIXTURES / "library_es.json"), verbosity=0)


@pytest.mark.parametrize("mode", [Mode.FILLED, Mode.FULL, Mode.BLANK])
@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_text_points_at_a_choice_or_hands_a_decision_back(
    program, patient, spanish_library, mode, large_print, language
):
    patient.language = language
    patient.save()
    text = pdf_text(render_program_pdf(program, mode=mode, large_print=large_print))
    for words in [*POINTING, *HANDED_BACK]:
        assert words.lower() not in text.lower(), words


@pytest.mark.parametrize(
    ("language", "support", "label"),
    [
        ("en", "A pillow or rolled towel under your knees", "What to use:"),
        ("es", "Una almohada o una toalla enrollada bajo las rodillas", "Qué usar:"),
    ],
)
def test_a_ticked_support_names_the_object_and_where_it_goes(
    program, patient, spanish_library, language, support, label
):
    item = program.items.get(exercise__slug="lying-on-back")
    item.supports.set([SupportOption.objects.get(slug="knees-and-feet")])
    patient.language = language
    patient.save()
    text = pdf_text(render_program_pdf(program))
    assert f"{label} ☑ {support}" in text
    # The supports not ticked are not printed on the patient's sheet.
    for other in SupportOption.objects.exclude(slug="knees-and-feet"):
        assert other.name_en not in text and other.name_es not in text


def test_the_librarys_text_never_points_at_a_tick():
    """The seed library in both languages, as data: every step, tip and "Take care"."""
    texts = [
        value
        for path in ("exercise_library.json", "library_es.json")
        for value in _strings(json.loads((FIXTURES / path).read_text(encoding="utf-8")))
    ]
    assert len(texts) > 500
    for text in texts:
        for words in [*POINTING, *HANDED_BACK]:
            assert words.lower() not in text.lower(), text


def test_every_support_names_an_object():
    supports = [
        row["fields"]["name"]
        for row in json.loads((FIXTURES / "exercise_library.json").read_text(encoding="utf-8"))
        if row["model"] == "library.supportoption"
    ]
    assert supports and all("pillow" in name or "towel" in name for name in supports)


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
