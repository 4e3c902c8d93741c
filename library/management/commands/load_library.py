"""Loads the whole base library: the seed fixtures, the region files under fixtures/library/
and every translation. Safe to run again: rows are found by slug and brought up to date.

A region file (fixtures/library/<region>.json) holds what a part of the body needs:

    {"regions": [{"slug", "name"}],
     "movement_tags": [{"slug", "name", "description"}],
     "exercises": [{"slug", "name", "summary", "position", "kind", "regions": [...],
                    "movement_tags": [...], "support_options": [...], "steps": [...],
                    "tips": [...], "benefits": [...], "variants": [{"when", "instruction"}],
                    "hold": [low, high], "reps", "sets", "side", "stay_minutes",
                    "work_up_to_reps", "take_care", "illustration_alt",
                    "source_title", "source_url"}],
     "additions": [{"exercise", "regions": [...], "movement_tags": [...]}],
     "conditions": [{"slug", "name", "cautions": [{"movement_tag", "severity", "message",
                                                    "source", "source_url"}]}],
     "protocols": [{"slug", "name", "intro", "general_instructions": [lines],
                    "default_frequency", "source_title", "source_url",
                    "items": [{"exercise", "reps", "sets", "hold", "side", "stay_minutes",
                               "progression": {"grows", "start", "step", "every_weeks",
                                               "up_to"}}]}]}

Its Spanish sits beside it in <region>_es.json, shaped like fixtures/library_es.json.

Only the base library changes (rows without a clinic). A clinic's customised copy is a row
of its own and keeps its text; an issued handout keeps the snapshot it printed.
"""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from library import region_counts
from library.models import (
    BodyRegion,
    Condition,
    ConditionCaution,
    Exercise,
    MovementTag,
    Protocol,
    SupportOption,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEED_FIXTURES = ["exercise_library", "conditions", "protocols", "education_sheets"]
SEED_TRANSLATIONS = [FIXTURES / "library_es.json"]
REGION_FOLDER = FIXTURES / "library"

PARTS = ["steps", "tips", "benefits"]
DOSE_KEYS = ["reps", "sets", "side", "stay_minutes"]


def region_files(folder=REGION_FOLDER):
    """The English region files, in name order (their translations end in _<language>)."""
    return sorted(path for path in folder.glob("*.json") if "_" not in path.stem)


def translation_files(folder=REGION_FOLDER):
    return sorted(path for path in folder.glob("*_*.json"))


def read(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    except ValueError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from None


def dose(values):
    """The dose fields of an exercise or protocol item from the file's short form."""
    hold = values.get("hold")
    if isinstance(hold, int):
        hold = [hold, hold]
    return {
        "hold_min_seconds": hold[0] if hold else None,
        "hold_max_seconds": hold[1] if hold else None,
        "reps": values.get("reps"),
        "sets": values.get("sets", 1),
        "side": values.get("side", ""),
        "stay_minutes": values.get("stay_minutes"),
    }


def progression(values):
    """A protocol item's growing dose from the file's short form (none when not given)."""
    values = values or {}
    return {
        "grows": values.get("grows", ""),
        **{f"grow_{key}": values.get(key) for key in ("start", "step", "every_weeks", "up_to")},
    }


def by_slug(rows, slugs, where):
    """The rows (a model or a queryset) with these slugs, in their order."""
    queryset = rows.all() if hasattr(rows, "all") else rows.objects.all()
    rows = {row.slug: row for row in queryset.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(rows))
    if missing:
        name = queryset.model._meta.verbose_name
        raise CommandError(f"{where}: no {name} {', '.join(missing)}")
    return [rows[slug] for slug in slugs]


class Command(BaseCommand):
    help = (
        "Loads the base library (exercises, conditions, protocols, sheets and their "
        "translations). Run it again after an update: clinics' own rows stay as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder",
            type=Path,
            default=REGION_FOLDER,
            help="Where the region files are (default: fixtures/library).",
        )

    def handle(self, *args, folder, **options):
        files = {path: read(path) for path in region_files(folder)}
        with transaction.atomic():
            call_command("loaddata", *SEED_FIXTURES, verbosity=0)
            for data in files.values():
                self.load_lists(data)
            counts = {"exercises": 0, "conditions": 0, "protocols": 0}
            for path, data in files.items():
                for values in data.get("exercises", []):
                    self.load_exercise(values, path.name)
                    counts["exercises"] += 1
            for path, data in files.items():
                for values in data.get("additions", []):
                    self.load_addition(values, path.name)
            for path, data in files.items():
                for values in data.get("conditions", []):
                    self.load_condition(values, path.name)
                    counts["conditions"] += 1
                for values in data.get("protocols", []):
                    self.load_protocol(values, path.name)
                    counts["protocols"] += 1
            quiet = {"stdout": io.StringIO(), "stderr": self.stderr}
            for path in [*SEED_TRANSLATIONS, *translation_files(folder)]:
                call_command("load_library_translations", str(path), **quiet)
            region_counts.forget()
        self.stdout.write(
            f"Loaded the base library: {Exercise.objects.base().count()} exercises, "
            f"{Condition.objects.count()} conditions, {Protocol.objects.base().count()} "
            f"protocols ({counts['exercises']} exercises, {counts['conditions']} conditions "
            f"and {counts['protocols']} protocols from {len(files)} region files)."
        )

    def load_lists(self, data):
        for values in data.get("regions", []):
            BodyRegion.objects.update_or_create(slug=values["slug"], defaults=values)
        for values in data.get("movement_tags", []):
            MovementTag.objects.update_or_create(slug=values["slug"], defaults=values)
        for values in data.get("support_options", []):
            SupportOption.objects.update_or_create(slug=values["slug"], defaults=values)

    def load_exercise(self, values, where):
        slug = values["slug"]
        where = f"{where} {slug}"
        fields = {
            "name": values["name"],
            "summary": values["summary"],
            "position": values["position"],
            "kind": values["kind"],
            "take_care": values.get("take_care", ""),
            "illustration": values.get("illustration", f"img/exercises/{slug}.svg"),
            "illustration_alt": values["illustration_alt"],
            "work_up_to_reps": values.get("work_up_to_reps"),
            "source_title": values["source_title"],
            "source_url": values["source_url"],
            "credit": values.get("credit", "rehab base library"),
            **dose(values),
        }
        exercise = Exercise.objects.filter(slug=slug, clinic__isnull=True).first()
        if exercise is None:
            exercise = Exercise(slug=slug)
        for name, value in fields.items():
            setattr(exercise, name, value)
        exercise.full_clean(exclude=["search_name", "search_summary"])
        exercise.save()
        exercise.regions.set(by_slug(BodyRegion, values["regions"], where))
        exercise.movement_tags.set(by_slug(MovementTag, values.get("movement_tags", []), where))
        exercise.support_options.set(
            by_slug(SupportOption, values.get("support_options", []), where)
        )
        for related in PARTS:
            self.load_parts(exercise, related, [{"text": t} for t in values.get(related, [])])
        self.load_parts(exercise, "variants", values.get("variants", []))

    def load_addition(self, values, where):
        """More regions or movement tags for an exercise of another file (a seed's)."""
        (exercise,) = by_slug(Exercise.objects.base(), [values["exercise"]], where)
        exercise.regions.add(*by_slug(BodyRegion, values.get("regions", []), where))
        exercise.movement_tags.add(*by_slug(MovementTag, values.get("movement_tags", []), where))

    def load_parts(self, exercise, related, rows):
        """Brings an exercise's numbered lines up to date in place (the rows keep their ids,
        so their translations and a protocol's ticked variant stay attached)."""
        manager = getattr(exercise, related)
        existing = list(manager.order_by("order", "pk"))
        for order, (values, row) in enumerate(
            zip(rows, existing + [None] * len(rows), strict=False), start=1
        ):
            if row is None:
                manager.create(order=order, **values)
                continue
            row.order = order
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
        for row in existing[len(rows) :]:
            row.delete()

    def load_condition(self, values, where):
        condition, _ = Condition.objects.update_or_create(
            slug=values["slug"], defaults={"name": values["name"]}
        )
        for caution in values["cautions"]:
            (tag,) = by_slug(MovementTag, [caution["movement_tag"]], f"{where} {condition.slug}")
            ConditionCaution.objects.update_or_create(
                condition=condition,
                movement_tag=tag,
                defaults={
                    "severity": caution.get("severity", ConditionCaution.Severity.CAUTION),
                    "message": caution["message"],
                    "source": caution["source"],
                    "source_url": caution.get("source_url", ""),
                },
            )

    def load_protocol(self, values, where):
        protocol, _ = Protocol.objects.update_or_create(
            slug=values["slug"],
            clinic=None,
            owner=None,
            defaults={
                "name": values["name"],
                "intro": values["intro"],
                "general_instructions": "\n".join(values["general_instructions"]),
                "default_frequency": values["default_frequency"],
                "source_title": values["source_title"],
                "source_url": values["source_url"],
            },
        )
        slugs = [item["exercise"] for item in values["items"]]
        exercises = {
            exercise.slug: exercise for exercise in Exercise.objects.base().filter(slug__in=slugs)
        }
        missing = sorted(set(slugs) - set(exercises))
        if missing:
            raise CommandError(f"{where} {protocol.slug}: no base exercise {', '.join(missing)}")
        protocol.items.exclude(exercise__slug__in=slugs).delete()
        for order, item in enumerate(values["items"], start=1):
            own = any(key in item for key in ["hold", *DOSE_KEYS])
            protocol.items.update_or_create(
                exercise=exercises[item["exercise"]],
                defaults={
                    "order": order,
                    "own_dose": own,
                    **(dose(item) if own else {}),
                    **progression(item.get("progression")),
                },
            )
