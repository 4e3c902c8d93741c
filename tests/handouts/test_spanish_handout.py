"""Handouts in the patient's language: the dose sentences and their plural forms, the
library's Spanish text loaded from a file, English for the parts without Spanish (and the
preview saying so), issued handouts unchanged when the text is edited, and the demo
bone-health program read back in Spanish from its PDF."""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from handouts import services
from handouts.models import Mode
from handouts.templatetags.handout_tags import css_string, page_counter_css
from library.models import BLANK, Exercise, ExerciseStep, Protocol, Sheet, Side, describe_dose
from programs.services import change_sheets, create_program
from tests.helpers import BONE_HEALTH, pdf_text

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).with_name("library_es_sample.json")
LIBRARY_ES = Path(__file__).resolve().parents[2] / "fixtures" / "library_es.json"


@pytest.mark.parametrize(
    ("dose", "english", "spanish"),
    [
        (
            {"hold_min": 2, "hold_max": 3, "reps": 10, "side": Side.EACH_LEG},
            "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg.",
            "Mantenga de 2 a 3 segundos y luego relájese. Repita 10 veces con cada pierna.",
        ),
        (
            {"hold_min": 1, "hold_max": 1, "reps": 1},
            "Hold 1 second, then relax. Repeat once.",
            "Mantenga 1 segundo y luego relájese. Repita 1 vez.",
        ),
        (
            {"hold_min": 5, "hold_max": 5, "reps": 1, "side": Side.EACH_ARM},
            "Hold 5 seconds, then relax. Repeat once with each arm.",
            "Mantenga 5 segundos y luego relájese. Repita 1 vez con cada brazo.",
        ),
        (
            {"reps": 10, "sets": 2, "side": Side.EACH_SIDE, "work_up_to": 25},
            "Repeat 10 times to each side. Do 2 sets. Work up to 25 times.",
            "Repita 10 veces hacia cada lado. Haga 2 series. Poco a poco, llegue a 25 veces.",
        ),
        ({"stay_minutes": 1}, "Stay in this position for 1 minute.", "Quédese así 1 minuto."),
        (
            {"stay_minutes": 20, "activity": True},
            "Keep going for 20 minutes.",
            "Siga así 20 minutos.",
        ),
        (
            {"reps": BLANK, "sets": BLANK, "side": Side.EACH_LEG, "work_up_to": BLANK},
            f"Repeat {BLANK} times with each leg. Do {BLANK} sets. Work up to {BLANK} times.",
            f"Repita {BLANK} veces con cada pierna. Haga {BLANK} series. "
            f"Poco a poco, llegue a {BLANK} veces.",
        ),
        (
            {"stay_minutes": BLANK},
            f"Stay in this position for {BLANK} minutes.",
            f"Quédese así {BLANK} minutos.",
        ),
    ],
)
def test_the_dose_is_a_whole_sentence_in_each_language(dose, english, spanish):
    assert describe_dose(**dose) == english  # the therapist's pages: English
    with translation.override("es"):
        assert describe_dose(**dose) == spanish
    with translation.override("en"):
        assert describe_dose(**dose) == english


def test_the_footer_is_one_translated_sentence_with_page_counters():
    assert page_counter_css() == '"Page " counter(page) " of " counter(pages)'
    with translation.override("es"):
        assert page_counter_css() == '"Página " counter(page) " de " counter(pages)'
    # A translation can end neither the CSS string nor the <style> element it is printed in.
    assert css_string('1" } </style>') == r'"1\000022 \00007d \00003c\00002fstyle\00003e"'


@pytest.fixture
def library(seed_fixtures):
    call_command("loaddata", "education_sheets", verbosity=0)


def load_sample():
    call_command("load_library_translations", str(SAMPLE), "--language", "es", verbosity=0)


def spanish_program(patient, therapist, slugs):
    """A program of these library exercises for a patient who reads Spanish."""
    patient.language = "es"
    patient.save()
    program = create_program(patient=patient, therapist=therapist)
    for order, slug in enumerate(slugs, start=1):
        exercise = Exercise.objects.get(slug=slug)
        program.items.create(exercise=exercise, order=order, **exercise.dose_values())
    return program


def issue(program, therapist, mode=Mode.FILLED, large_print=False):
    loaded = services.handout_programs(mode).get(pk=program.pk)
    return services.issue_handout(
        program=loaded, user=therapist.user, mode=mode, large_print=large_print
    )


def test_the_loaded_text_prints_in_spanish_with_spanish_fixed_words(library, patient, therapist):
    load_sample()
    program = spanish_program(patient, therapist, ["head-press", "bridge"])
    variant = Exercise.objects.get(slug="head-press").variants.order_by("order").first()
    program.items.filter(exercise__slug="head-press").update(variant=variant)
    handout = issue(program, therapist)
    snapshot = handout.snapshot
    assert snapshot["version"] == services.SNAPSHOT_VERSION and snapshot["language"] == "es"
    assert [e["language"] for e in snapshot["exercises"]] == ["es", "es"]
    assert program.title == "Programa de ejercicios en casa"
    text = pdf_text(handout.read_pdf())
    for words in [
        "Ejercicios para hacer en casa",
        "Nombre",
        "Fecha",
        "Terapeuta",
        "Cuándo llamar",
        "Cuándo hacer los ejercicios",
        "Presión de cabeza",
        "Puente",
        "Empuje la cabeza hacia la cama o el piso.",
        "Si la barbilla se levanta:",
        "Hágalo así:",
        "Mantenga de 2 a 3 segundos y luego relájese. Repita 10 veces.",
        "Tenga cuidado:",
        "Le ayuda a:",
        "Programa de ejercicios en casa",
        "Página 1 de 3",
        "Página 3 de 3",  # two exercises, then "Mi semana"
    ]:
        assert words in text, words
    for english in ["Head press", "Bridge", "Repeat", "Hold", "Page", "Take care", "Benefits"]:
        assert english not in text
    reader = PdfReader(io.BytesIO(handout.read_pdf()))
    assert str(reader.trailer["/Root"]["/Lang"]) == "es"


def test_dates_follow_the_language(library, patient, therapist):
    program = spanish_program(patient, therapist, ["bridge"])
    loaded = services.handout_programs(Mode.FILLED).get(pk=program.pk)
    day = datetime.date(2026, 11, 30)
    snapshot = services.build_snapshot(loaded, mode=Mode.FILLED, large_print=False, today=day)
    assert snapshot["date"] == "30 de noviembre de 2026"
    patient.language = "en"
    patient.save()
    loaded = services.handout_programs(Mode.FILLED).get(pk=program.pk)
    snapshot = services.build_snapshot(loaded, mode=Mode.FILLED, large_print=False, today=day)
    assert snapshot["date"] == "November 30, 2026"


def test_a_part_without_spanish_prints_in_english_and_the_preview_says_so(
    library, patient, therapist, therapist_client
):
    load_sample()
    program = spanish_program(patient, therapist, ["bridge", "lying-on-back"])
    # One Spanish step missing is enough: the exercise prints wholly in English.
    ExerciseStep.objects.filter(exercise__slug="bridge", order=2).update(text_es="")
    snapshot = issue(program, therapist).snapshot
    languages = {e["name"]: e["language"] for e in snapshot["exercises"]}
    assert languages == {"Bridge": "en", "Lying on back": "en"}
    assert services.untranslated(snapshot) == ["Bridge", "Lying on back"]
    # The fixed words stay in the patient's language.
    assert snapshot["exercises"][0]["dose"].startswith("Mantenga de 2 a 3 segundos")
    page = therapist_client.get(reverse("handouts:preview", args=[program.pk]))
    html = page.content.decode()
    assert "Printed in English:" in html
    assert "Bridge, Lying on back have no Español text" in html


def test_the_preview_warns_of_nothing_for_an_english_reader(
    library, patient, therapist, therapist_client
):
    load_sample()
    program = create_program(patient=patient, therapist=therapist)
    program.items.create(exercise=Exercise.objects.get(slug="bridge"), order=1, reps=10)
    page = therapist_client.get(reverse("handouts:preview", args=[program.pk]))
    assert "Printed in English" not in page.content.decode()


def test_an_issued_handout_is_unchanged_after_the_translation_is_edited(
    library, patient, therapist, therapist_client, tmp_path
):
    load_sample()
    program = spanish_program(patient, therapist, ["bridge"])
    handout = issue(program, therapist)
    issued = handout.read_pdf()
    edited = json.loads(SAMPLE.read_text(encoding="utf-8"))
    edited["library.exercise"]["bridge"]["name"] = "Puente de cadera"
    edited_file = tmp_path / "library_es.json"
    edited_file.write_text(json.dumps(edited), encoding="utf-8")
    call_command("load_library_translations", str(edited_file), verbosity=0)
    assert "Puente de cadera" in pdf_text(issue(program, therapist).read_pdf())
    response = therapist_client.get(reverse("handouts:pdf", args=[handout.pk]))
    assert response.content == issued
    assert "Puente de cadera" not in pdf_text(response.content)


def test_an_old_snapshot_without_a_language_renders_in_english(library, patient, therapist):
    program = spanish_program(patient, therapist, ["bridge"])
    loaded = services.handout_programs(Mode.FILLED).get(pk=program.pk)
    snapshot = services.build_snapshot(loaded, mode=Mode.FILLED, large_print=False)
    del snapshot["language"]
    for entry in snapshot["exercises"]:
        del entry["language"]
    snapshot["exercises"][0]["dose"] = "Hold 2 to 3 seconds, then relax."
    html = services.render_html(snapshot)
    assert '<html lang="en"' in html and "Take care:" in html and "Nombre" not in html
    assert services.untranslated(snapshot) == []


def test_the_english_search_and_pages_stay_english(library, therapist_client):
    load_sample()
    assert list(Exercise.objects.search("bridge").values_list("slug", flat=True)) == ["bridge"]
    assert not Exercise.objects.search("puente").exists()
    page = therapist_client.get(reverse("library:list") + "?q=bridge")
    assert "Bridge" in page.content.decode() and "Puente" not in page.content.decode()


def test_loading_a_bad_file_loads_nothing(library, tmp_path):
    broken = json.loads(SAMPLE.read_text(encoding="utf-8"))
    broken["library.exercise"]["bridge"]["steps"].pop()  # one step short
    path = tmp_path / "library_es.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CommandError, match="bridge steps: 4 in the file, 5 in the library"):
        call_command("load_library_translations", str(path))
    assert not Exercise.objects.filter(name_es__isnull=False).exists()
    with pytest.raises(CommandError, match="--language"):
        call_command("load_library_translations", str(SAMPLE))


# The demo: the bone-health program with its sheets for a Spanish-reading patient, in
# every mode, with the seed library's whole Spanish text (fixtures/library_es.json).

# Whole English words that must not print on a Spanish handout (names aside).
ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|with|each|then|times?|seconds?|repeat|hold|page|of|name|date|"
    r"therapist|phone|benefits|take care|instructions|exercises?|do|it|to|for|not|ask)\b",
    re.IGNORECASE,
)


@pytest.fixture
def spanish_demo(library, patient, therapist):
    call_command("load_library_translations", str(LIBRARY_ES), verbosity=0)
    patient.language = "es"
    patient.save()
    program = create_program(
        patient=patient, therapist=therapist, protocol=Protocol.objects.get(slug=BONE_HEALTH)
    )
    program.special_instructions = "Empiece con 5 veces cada uno."
    program.save()
    for sheet in Sheet.objects.filter(slug__in=["fall-proof-home", "food-for-strong-bones"]):
        change_sheets(program=program, action="add", sheet=sheet)
    return program


@pytest.mark.parametrize("mode", [Mode.FILLED, Mode.FULL, Mode.BLANK])
def test_the_demo_program_reads_back_in_spanish(spanish_demo, therapist, mode):
    handout = issue(spanish_demo, therapist, mode=mode)
    snapshot = handout.snapshot
    assert services.untranslated(snapshot) == []
    text = pdf_text(handout.read_pdf())
    protocol = Protocol.objects.get(slug=BONE_HEALTH)
    assert protocol.name_es in text
    for exercise in snapshot["exercises"]:
        assert exercise["name"] in text
        for step in exercise["steps"]:
            assert " ".join(step.split()) in text
        assert exercise["dose"] in text
    assert "Repita" in text and "veces" in text
    assert re.search(r"Página 1 de \d+", text)
    names = [spanish_demo.patient.name, str(therapist), therapist.clinic.name]
    # Sources are publications, printed under their own titles (Spanish where given).
    names += [source["title"] for sheet in snapshot["sheets"] for source in sheet["sources"]]
    for name in names:
        text = text.replace(name, "")
    text = re.sub(r"\(https?://[^)]*\)", "", text)  # the sources' links
    assert not ENGLISH_WORDS.findall(text)
