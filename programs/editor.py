"""The program editor's rows as plain data, and their HTML.

The editor prints up to 40 rows. A Django form per row, rendered by Django's template
engine, cost about 0.8 ms a row (editor_ratio 3.6 in bench/pages.py). So a GET reads the
saved items' choices as plain values (`saved_rows`), and one Jinja2 template, compiled to
Python code, writes each row from values prepared here. ProgramItemForm still validates
every posted row; a row that failed comes back from its bound form (`Row.from_form`)
with what was typed and what was wrong."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.template import engines
from django.utils.safestring import mark_safe

from core.translated import english_column
from library.models import Dose, Exercise, ExerciseVariant, Grows, Side
from library.models import illustration_url as exercise_illustration_url

from .cautions import caution_html, cautions_by_exercise, tag_names
from .forms import ProgramItemForm, exercise_choices, item_initial
from .models import ProgramItem, dose_in_week, estimate_seconds

# The Jinja2 templates (in programs/jinja2/), rendered only through this module.
ROW_TEMPLATE = "programs/item_row.jinja"
ALTERNATIVES_TEMPLATE = "programs/alternatives.jinja"
FIELDS = ProgramItemForm.base_fields
# (name, label, min, max, message) of the number inputs, from the form that validates
# them; the page checks each number as it is typed and shows the form's own message.
DOSE_INPUTS = [
    (
        name,
        FIELDS[name].label,
        FIELDS[name].min_value,
        FIELDS[name].max_value,
        FIELDS[name].error_messages["invalid"],
    )
    for name in ProgramItemForm.NUMBER_FIELDS
]
# A program longer than this opens with its rows folded to one line each (name, dose,
# caution); a row with an error or a caution still waiting for a reason stays open.
FOLD_ROWS_OVER = 6
ITEM_FIELDS = [field.name for field in ProgramItem._meta.concrete_fields]
SIDES = Side.choices  # an enum's choices are worked out again on each use
# The messages a row shows outside its number inputs ("__all__": about the whole row).
MESSAGE_KEYS = (
    "__all__",
    "exercise",
    "side",
    "variant",
    "supports",
    "note",
    "caution_reason",
    "grows",
    "grow_start",
    "grow_step",
    "grow_every_weeks",
    "grow_up_to",
)
GROWS = Grows.choices
# The progression's number inputs: (field, label, min, max).
GROW_INPUTS = [
    (name, FIELDS[name].label, FIELDS[name].min_value, FIELDS[name].max_value)
    for name in ("grow_start", "grow_step", "grow_every_weeks", "grow_up_to")
]


@dataclass
class Row:
    """One editor row. `values` holds what the inputs show, as the form would (None for
    empty, a list of ids for the supports); `variants` and `supports` are the exercise's
    (id, label) choices."""

    index: int
    exercise: Exercise | None
    values: dict
    variants: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    cautions: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    seconds: int = 0  # estimated time of the exercise, for the program's total
    # Safer exercises to offer; the add-a-row view fills this in, the full editor page
    # leaves it None and offers a button that loads them.
    alternatives: list | None = None
    folded: bool = False  # shown as one line until the therapist opens it
    reason_field = FIELDS["caution_reason"]  # its label, help text and length limit
    reason_max_length = FIELDS["caution_reason"].widget.attrs["data-maxlength"]
    note_max_length = FIELDS["note"].widget.attrs["data-maxlength"]

    def __post_init__(self):
        # What the template prints, worked out once here: in the template each lookup
        # and call costs more than the Python that prepares it.
        self.prefix = f"items-{self.index}"
        self.name = self.exercise.name if self.exercise else "Unknown exercise"
        self.illustration = picture_url(self.exercise) if self.exercise else ""
        self.deleted = bool(self.values.get("DELETE"))  # removed, and undo still possible
        self.shown = {name: "" if value is None else value for name, value in self.values.items()}
        self.messages = {key: self.errors.get(key, []) for key in MESSAGE_KEYS}
        self.caution_lines = [caution_html(caution) for caution in self.cautions]
        # The one-line caution: the movements, and the conditions that caution against them.
        self.caution_tags = ", ".join(tag_names(self.cautions))
        self.caution_conditions = ", ".join(
            dict.fromkeys(caution.condition.name for caution in self.cautions)
        )
        self.reason_missing = bool(self.cautions) and not self.shown.get("caution_reason")
        self.caution_open = self.reason_missing or bool(self.messages["caution_reason"])
        self.has_errors = bool(self.errors)
        self.dose_inputs = [  # (field, input name, label, min, max, message, value, errors)
            (
                name,
                f"{self.prefix}-{name}",
                label,
                low,
                high,
                message,
                self.shown.get(name, ""),
                self.errors.get(name, []),
            )
            for name, label, low, high, message in DOSE_INPUTS
        ]
        grows = self.shown.get("grows", "")
        self.grow_choices = [(value, label, value == grows) for value, label in GROWS]
        self.grow_inputs = [  # (input name, label, min, max, value)
            (f"{self.prefix}-{name}", label, low, high, self.shown.get(name, ""))
            for name, label, low, high in GROW_INPUTS
        ]
        side = self.shown.get("side", "")
        self.side_choices = [(value, label, value == side) for value, label in SIDES]
        variant = str(self.shown.get("variant", ""))
        self.variant_choices = [("", "None ticked", variant == "")] if self.variants else []
        self.variant_choices += [(pk, label, str(pk) == variant) for pk, label in self.variants]
        ticked = {str(value) for value in self.values.get("supports") or []}
        self.support_choices = [(pk, label, str(pk) in ticked) for pk, label in self.supports]

    @classmethod
    def from_form(cls, form, *, week=0):
        """A posted row, with what was typed and what was wrong; its time is the one in
        the program's week `week` (Program.week) when its dose grows."""
        cleaned = getattr(form, "cleaned_data", {})
        dose = {name: cleaned.get(name) for name in Dose.DOSE_FIELDS}
        progression = None
        if cleaned.get("grows") and not form.errors:
            progression = {
                "grows": cleaned["grows"],
                "start": cleaned["grow_start"],
                "step": cleaned["grow_step"],
                "every_weeks": cleaned["grow_every_weeks"],
                "up_to": cleaned["grow_up_to"],
            }
        return cls(
            index=int(form.index),
            exercise=form.library_exercise,
            values={name: form[name].value() for name in form.fields},
            variants=form.fields["variant"].choices,
            supports=form.fields["supports"].choices,
            cautions=form.cautions,
            errors=form.errors,
            seconds=estimate_seconds(**dose_in_week(dose, progression, week)),
        )

    @classmethod
    def for_exercise(cls, exercise, *, index, values, cautions):
        """A row for an exercise loaded with its variants and support options."""
        variants, supports = exercise_choices(exercise)
        return cls(
            index=index,
            exercise=exercise,
            values=values,
            variants=variants,
            supports=supports,
            cautions=cautions,
        )


PICTURE_FIELDS = ["illustration", "drawing", "photo", "picture"]  # what picture_url reads


def picture_url(exercise):
    """Exercise.picture_url, with the shipped drawing's URL cached."""
    upload = exercise.shown_upload
    return upload.url if upload else illustration_url(exercise.illustration)


@cache
def illustration_url(name):
    """The drawing's URL or "" (exercises.models.illustration_url). static() looks the
    name up in the collected files' manifest each time; the answer does not change while
    the process runs."""
    return exercise_illustration_url(name) or ""


def saved_rows(program):
    """The program's items as editor rows, in order.

    Queries: the items with their exercises, the cautions they meet for the patient, the
    items' ticked supports, the exercises' variants, the exercises' support options. Read
    as plain values: prefetch_related builds a related manager per object, which at 40
    items cost as much as the HTML."""
    # Only the exercise columns a row prints: the rest (texts, search copies) cost time to
    # read and turn into objects at 40 items. The editor's query-count test would catch a
    # row reading a deferred column (one query more per row).
    items = list(
        program.items.select_related("exercise").only(
            *ITEM_FIELDS,
            f"exercise__{english_column('name')}",
            *(f"exercise__{name}" for name in PICTURE_FIELDS),
        )
    )
    exercise_ids = {item.exercise_id for item in items}
    met = cautions_by_exercise(patient_id=program.patient_id, exercise_ids=exercise_ids)
    week = program.week()
    ticked = defaultdict(list)
    for item_id, support_id in ProgramItem.supports.through.objects.filter(
        programitem__program=program
    ).values_list("programitem_id", "supportoption_id"):
        ticked[item_id].append(support_id)
    variants = defaultdict(list)
    for exercise_id, pk, when in ExerciseVariant.objects.filter(
        exercise_id__in=exercise_ids
    ).values_list("exercise_id", "pk", "when"):
        variants[exercise_id].append((pk, when))
    supports = defaultdict(list)
    for exercise_id, pk, name in (
        Exercise.support_options.through.objects.filter(exercise_id__in=exercise_ids)
        .order_by("supportoption__name")
        .values_list("exercise_id", "supportoption_id", "supportoption__name")
    ):
        supports[exercise_id].append((pk, name))
    rows = [
        Row(
            index=index,
            exercise=item.exercise,
            values=item_initial(item, supports=ticked[item.pk]),
            variants=variants[item.exercise_id],
            supports=supports[item.exercise_id],
            cautions=met.get(item.exercise_id, []),
            seconds=item.estimated_seconds(week),
        )
        for index, item in enumerate(items)
    ]
    return rows


def total_minutes(rows):
    """The session's estimated minutes, or None while a row's numbers are wrong (the page
    shows "—" rather than a sum of numbers nobody meant)."""
    if any(name in row.errors for row in rows for name in ProgramItemForm.NUMBER_FIELDS):
        return None
    return round(sum(row.seconds for row in rows) / 60)


def fold_long_program(rows):
    """Folds every row of a long program (see FOLD_ROWS_OVER) that needs no attention."""
    if len(rows) > FOLD_ROWS_OVER:
        for row in rows:
            row.folded = not (row.has_errors or row.reason_missing)
    return rows


def _template(name):
    return engines["jinja2"].get_template(name)


def render_rows(rows, program, adherence=None):
    """The rows' HTML, for the editor page. `adherence`: (selectors.Adherence, revision)
    of the phone page's record, shown on each row (its completion and flags)."""
    template = _template(ROW_TEMPLATE)
    summary, revision = adherence or (None, None)
    html = []
    for row in rows:
        home = None
        if summary is not None and row.exercise is not None:
            home = summary.for_exercise(row.exercise.pk)
        context = {"row": row, "program": program, "home": home, "home_revision": revision}
        html.append(template.render(context))
    return mark_safe("".join(html))


def render_row(row, program):
    """One row's HTML, for the htmx request that adds or replaces a row."""
    return render_rows([row], program)


def render_alternatives(alternatives, *, program, index):
    """The safer exercises offered on the cautioned row `index`."""
    context = {"alternatives": alternatives, "program": program, "index": index}
    return mark_safe(_template(ALTERNATIVES_TEMPLATE).render(context))
