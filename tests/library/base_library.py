"""The base library's exercises as the files state them (the seed fixture and the region
files of fixtures/library/), for tests that check every exercise alike."""

import json
import math
from dataclasses import replace
from pathlib import Path

from django.conf import settings

from library.drawings import BY_SLUG, engine
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


# The drawings against their steps (test_pose_steps.py, test_upper_body_poses.py).

STEPS = {fields["slug"]: " ".join(fields["steps"]).lower() for fields in base_exercises()}


def joints(slug, at_start=False):
    pose = BY_SLUG[slug]
    if at_start:
        pose = replace(pose, **pose.start, start=None)
    return engine.skeleton(pose)


def says(slug, *words):
    for word in words:
        assert word in STEPS[slug], f"{slug}: the steps no longer say {word!r}"


def knee_angle(points, side):
    """The angle at the knee between thigh and shin: 180 is straight."""
    hip, knee, ankle = (points[f"{side}_{name}"] for name in ("hip", "knee", "ankle"))
    first = math.atan2(hip[1] - knee[1], hip[0] - knee[0])
    second = math.atan2(ankle[1] - knee[1], ankle[0] - knee[0])
    angle = abs(math.degrees(first - second)) % 360
    return min(angle, 360 - angle)
