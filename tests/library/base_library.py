"""The base library's exercises as the files state them (the seed fixture and the region
files of fixtures/library/), for tests that check every exercise alike."""

import json
from pathlib import Path

from django.conf import settings

from library.management.commands.load_library import region_files

SEED = Path(settings.BASE_DIR, "fixtures", "exercise_library.json")


def seed_exercises():
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    steps = {}
    for row in sorted(rows, key=lambda row: (row["model"], row["fields"].get("order", 0))):
        if row["model"] == "library.exercisestep":
            steps.setdefault(row["fields"]["exercise"][0], []).append(row["fields"]["text"])
    return [
        {**row["fields"], "steps": steps.get(row["fields"]["slug"], [])}
        for row in rows
        if row["model"] == "library.exercise"
    ]


def region_exercises():
    """Each region file's exercises, with the illustration load_library gives them."""
    return [
        {"illustration": f"img/exercises/{values['slug']}.svg", "file": path.stem, **values}
        for path in region_files()
        for values in json.loads(path.read_text(encoding="utf-8")).get("exercises", [])
    ]


def base_exercises():
    return seed_exercises() + region_exercises()
