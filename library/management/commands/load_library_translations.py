"""Loads one language's text of the seed library from a JSON file shaped like
fixtures/library_es.json:

    {"library.exercise": {"<slug>": {"name", "summary", "take_care", "illustration_alt",
                                       "steps": [...], "tips": [...], "benefits": [...],
                                       "variants": [{"when", "instruction"}]}},
     "library.supportoption": {"<slug>": {"name"}},
     "library.protocol": {"<slug>": {"name", "intro", "general_instructions",
                                      "default_frequency"}},
     "library.sheet": {"<slug>": {"title", "sections": [{"heading", "text", "checklist",
                                    "picture_alt"}], "sources": [{"title"}]}}}

Lists follow the English rows' order. Run after `loaddata`; running it again after the
file is edited writes the new text (handouts already issued keep what they printed)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from library.models import Exercise, Protocol, Sheet, SupportOption

DEFAULT_FILE = settings.BASE_DIR / "fixtures" / "library_es.json"

# For each kind of row: how to find it by slug, its own text fields, and its lists of parts
# (related name -> the part's text fields; a plain string in the file fills "text").
KINDS = {
    "library.exercise": (
        Exercise,
        ["name", "summary", "take_care", "illustration_alt"],
        {
            "steps": ["text"],
            "tips": ["text"],
            "benefits": ["text"],
            "variants": ["when", "instruction"],
        },
    ),
    "library.supportoption": (SupportOption, ["name"], {}),
    "library.protocol": (
        Protocol,
        ["name", "intro", "general_instructions", "default_frequency"],
        {},
    ),
    "library.sheet": (
        Sheet,
        ["title"],
        {"sections": ["heading", "text", "checklist", "picture_alt"], "sources": ["title"]},
    ),
}


class Problem(Exception):
    pass


def text_value(value, where):
    """A text from the file: a string, or a list of lines (joined one per line)."""
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        raise Problem(f"{where}: expected text, found {type(value).__name__}")
    return value.strip() or None  # empty means "not translated": handouts print English


def set_texts(obj, fields, values, language, where):
    """Sets each field's translation on obj (unsaved); returns the columns to save."""
    if isinstance(values, str):
        values = {"text": values}
    if not isinstance(values, dict):
        raise Problem(f"{where}: expected an object, found {type(values).__name__}")
    unknown = set(values) - set(fields)
    if unknown:
        raise Problem(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    columns = []
    for field in fields:
        if field not in values:
            continue
        column = build_localized_fieldname(field, language)
        value = text_value(values[field], f"{where}.{field}")
        limit = obj._meta.get_field(column).max_length
        if value and limit and len(value) > limit:
            raise Problem(f"{where}.{field}: {len(value)} characters, at most {limit}")
        setattr(obj, column, value)
        columns.append(column)
    return columns


class Command(BaseCommand):
    help = "Loads one language's text of the library (exercises, supports, protocols, sheets)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument(
            "--language",
            help="Language code from settings.LANGUAGES; by default from the file name "
            "(library_es.json is Spanish).",
        )

    def handle(self, *args, file, language, **options):
        path = Path(file)
        language = language or path.stem.rpartition("_")[2]
        codes = [code for code, _ in settings.LANGUAGES]
        if language not in codes or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            raise CommandError(
                f"Name the language with --language, one of {', '.join(codes[1:])} "
                f"(the library's English is its own text, not a translation)."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from None
        if not isinstance(data, dict) or set(data) - set(KINDS):
            raise CommandError(f"{path}: expected an object with keys among {', '.join(KINDS)}")
        try:
            with transaction.atomic():
                counts, missing = self.load(data, language)
        except Problem as problem:
            raise CommandError(f"{path}: {problem}. Nothing was loaded.") from None
        loaded = ", ".join(f"{count} {kind.split('.')[1]}" for kind, count in counts.items())
        self.stdout.write(f"Loaded {dict(settings.LANGUAGES)[language]} text: {loaded}.")
        for where in missing:
            self.stderr.write(f"Not in the library, skipped: {where}")

    def load(self, data, language):
        counts, missing = {}, []
        for kind, entries in data.items():
            model, fields, lists = KINDS[kind]
            rows = model.objects.filter(slug__in=list(entries))
            if any(field.name == "clinic" for field in model._meta.fields):
                # The base library's rows: a clinic's own copy of the same slug keeps its text.
                rows = rows.filter(clinic__isnull=True)
            rows = {row.slug: row for row in rows}
            counts[kind] = 0
            for slug, values in entries.items():
                row = rows.get(slug)
                if row is None:
                    missing.append(f"{kind} {slug}")
                    continue
                where = f"{kind} {slug}"
                own = {key: value for key, value in values.items() if key not in lists}
                row.save(update_fields=set_texts(row, fields, own, language, where))
                for related, part_fields in lists.items():
                    if related in values:
                        self.load_parts(row, related, part_fields, values[related], language)
                counts[kind] += 1
        return counts, missing

    def load_parts(self, row, related, fields, values, language):
        """A list of parts (steps, sections...), matched to the English rows by position."""
        where = f"{row._meta.label_lower} {row.slug} {related}"
        parts = list(getattr(row, related).order_by("order", "pk"))
        if not isinstance(values, list) or len(values) != len(parts):
            count = len(values) if isinstance(values, list) else "no list"
            raise Problem(f"{where}: {count} in the file, {len(parts)} in the library")
        for index, (part, value) in enumerate(zip(parts, values, strict=True)):
            part.save(update_fields=set_texts(part, fields, value, language, f"{where}[{index}]"))
