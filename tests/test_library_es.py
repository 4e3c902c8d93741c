"""The Spanish text of the seed library (fixtures/library_es.json): complete, shaped like the
English fixtures, within the fields' lengths, with the same numbers, and easy to read.

Only the JSON files (and the models' max_length) are read, so this holds whatever machinery
loads the translation into the database.
Reading ease is scored per item a patient reads as a whole (one exercise, one protocol, one
sheet): Fernández Huerta's formula says little about a single step or a two-word heading.
"""

import json
import re
from pathlib import Path
from statistics import mean

import pytest

from core.text import lines
from library.models import (
    Exercise,
    ExerciseBenefit,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariant,
    Protocol,
    Sheet,
    SheetSection,
    SupportOption,
)
from tests.readability import as_prose, reading_ease

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MIN_EASE = 70  # every exercise, protocol and sheet
MIN_AVERAGE_EASE = 80  # over all of them

# The model behind each text of library_es.json, for the field's max_length.
MODELS = {
    "library.exercise": {
        "name": Exercise,
        "summary": Exercise,
        "take_care": Exercise,
        "illustration_alt": Exercise,
        "steps": ExerciseStep,
        "tips": ExerciseTip,
        "benefits": ExerciseBenefit,
        "variants": ExerciseVariant,
    },
    "library.supportoption": {"name": SupportOption},
    "library.protocol": {
        "name": Protocol,
        "intro": Protocol,
        "general_instructions": Protocol,
        "default_frequency": Protocol,
    },
    "library.sheet": {"title": Sheet, "sections": SheetSection},
}
SECTION_TEXTS = ["heading", "text", "checklist", "picture_alt"]


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def english_library():
    """The patient-facing English text of the seed fixtures, shaped like library_es.json."""
    rows = load("exercise_library.json") + load("protocols.json") + load("education_sheets.json")

    def parts(model, **parent):
        ((field, key),) = parent.items()
        found = [r for r in rows if r["model"] == model and r["fields"][field] == key]
        return [r["fields"] for r in sorted(found, key=lambda r: (r["fields"]["order"], r["pk"]))]

    library = {model: {} for model in MODELS}
    for row in rows:
        model, fields = row["model"], row["fields"]
        if model == "library.exercise":
            key = [fields["slug"]]
            library[model][fields["slug"]] = {
                **{f: fields[f] for f in ["name", "summary", "take_care", "illustration_alt"]},
                **{
                    f"{part}s": [p["text"] for p in parts(f"library.exercise{part}", exercise=key)]
                    for part in ["step", "tip", "benefit"]
                },
                "variants": [
                    {"when": v["when"], "instruction": v["instruction"]}
                    for v in parts("library.exercisevariant", exercise=key)
                ],
            }
        elif model == "library.supportoption":
            library[model][fields["slug"]] = {"name": fields["name"]}
        elif model == "library.protocol":
            library[model][fields["slug"]] = {
                f: fields[f] for f in ["name", "intro", "general_instructions", "default_frequency"]
            }
        elif model == "library.sheet":
            key = [fields["slug"]]
            library[model][fields["slug"]] = {
                "title": fields["title"],
                "sections": [
                    {f: s.get(f, "") for f in SECTION_TEXTS}
                    for s in parts("library.sheetsection", sheet=key)
                ],
            }
    return library


def texts(model, entry):
    """(path, model field, text) for every text of one entry of the library."""
    for key, value in entry.items():
        owner = MODELS[model][key]
        if isinstance(value, str):
            yield key, owner._meta.get_field(key), value
            continue
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield f"{key}[{i}]", owner._meta.get_field("text"), item
            else:
                for field, text in item.items():
                    yield f"{key}[{i}].{field}", owner._meta.get_field(field), text


def shape(value, like):
    """`value` laid out as `like` (its English original), each text replaced by its number of
    lines: missing parts, extra parts, a list of another length or a checklist with a line
    more or less all show as a difference."""
    if isinstance(like, dict):
        if not isinstance(value, dict):
            return repr(value)
        return {k: shape(value.get(k, ""), like.get(k, "")) for k in like.keys() | value.keys()}
    if isinstance(like, list):
        if not isinstance(value, list):
            return repr(value)
        # zip stops at the shorter list; the length appended last tells the lists apart.
        return [shape(v, e) for v, e in zip(value, like, strict=False)] + [len(value)]
    return len(lines(value)) if isinstance(value, str) else repr(value)


def reading_units(library):
    """The text of each item as a patient reads it, for scoring: an exercise with its steps,
    tips, benefits and versions; a protocol with its instructions; a sheet with its sections.
    Support names are labels of a word or two, too short to score."""
    units = {}
    for slug, e in library["library.exercise"].items():
        units[f"exercise {slug}"] = as_prose(
            [e["name"], e["summary"], *e["steps"], *e["tips"], *e["benefits"]]
            + [t for v in e["variants"] for t in (v["when"], v["instruction"])]
            + [e["take_care"], e["illustration_alt"]]
        )
    for slug, p in library["library.protocol"].items():
        units[f"protocol {slug}"] = as_prose(
            [p["name"], *lines(p["intro"]), *lines(p["general_instructions"])]
            + [p["default_frequency"]]
        )
    for slug, s in library["library.sheet"].items():
        units[f"sheet {slug}"] = as_prose(
            [s["title"]]
            + [
                t
                for section in s["sections"]
                for f in SECTION_TEXTS
                for t in lines(section.get(f, ""))
            ]
        )
    return units


def numbers(text):
    # "1,200 mg" in English is "1200 mg" in Spanish (a comma is a decimal mark in much of
    # Latin America).
    return sorted(re.findall(r"\d+", re.sub(r"(?<=\d),(?=\d{3})", "", text)))


@pytest.fixture(scope="module")
def english():
    return english_library()


@pytest.fixture(scope="module")
def spanish():
    return load("library_es.json")


def pairs(english, spanish):
    """(where, model field, English text, Spanish text) for every text of the library."""
    for model, entries in english.items():
        for slug, entry in entries.items():
            translated = spanish.get(model, {}).get(slug, {})
            found = {path: text for path, _, text in texts(model, translated)}
            for path, field, text in texts(model, entry):
                yield f"{model} {slug} {path}", field, text, found.get(path, "")


def test_every_item_has_spanish_text_of_the_same_shape(english, spanish):
    assert spanish.keys() == english.keys()
    for model, entries in english.items():
        assert spanish[model].keys() == entries.keys(), model
        for slug, entry in entries.items():
            assert shape(spanish[model][slug], entry) == shape(entry, entry), f"{model} {slug}"


def test_every_text_fits_its_field(english, spanish):
    too_long = [
        f"{where}: {len(es)} > {field.max_length}"
        for where, field, _, es in pairs(english, spanish)
        if field.max_length and len(es) > field.max_length
    ]
    assert not too_long, "\n".join(too_long)


def test_every_number_is_kept(english, spanish):
    changed = [
        f"{where}: {numbers(en)} != {numbers(es)}"
        for where, _, en, es in pairs(english, spanish)
        if numbers(en) != numbers(es)
    ]
    assert not changed, "\n".join(changed)


def test_nothing_is_left_in_english(english, spanish):
    untranslated = [where for where, _, en, es in pairs(english, spanish) if en and es == en]
    assert not untranslated, "\n".join(untranslated)


def test_the_patient_is_addressed_as_usted(english, spanish):
    familiar = re.compile(r"\b(tú|tu|tus|te|ti|contigo)\b", re.IGNORECASE)
    found = [
        f"{where}: {es!r}" for where, _, _, es in pairs(english, spanish) if familiar.search(es)
    ]
    assert not found, "\n".join(found)


def test_every_item_reads_easily(spanish):
    scores = {name: reading_ease(text, "es") for name, text in reading_units(spanish).items()}
    hard = [f"{name}: {score:.1f}" for name, score in scores.items() if score < MIN_EASE]
    assert not hard, "\n".join(hard)


def test_the_library_reads_easily_on_average(spanish):
    scores = [reading_ease(text, "es") for text in reading_units(spanish).values()]
    assert mean(scores) >= MIN_AVERAGE_EASE
