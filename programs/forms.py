import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.core import validators
from django.db.models import Q
from django.utils import timezone

from clinics.models import Patient
from library.forms import LibraryFilterForm
from library.models import (
    MAX_HOLD_SECONDS,
    MAX_PROGRESSION,
    MAX_PROGRESSION_WEEKS,
    MAX_REPS,
    MAX_SETS,
    MAX_STAY_MINUTES,
    Condition,
    Dose,
    Grows,
    Progression,
    Protocol,
    Sheet,
    Side,
)

from .models import CAUTION_REASON_MAX_LENGTH, CAUTION_REASON_MIN_LENGTH, Program

FREQUENCY_CHOICES = [
    "Once a day",
    "2 times a day",
    "Once a day, 5 days a week",
    "2 times a day, 5 days a week",
    "3 days a week, with a rest day between",
    "Every other day",
]


def form_helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class LengthLimit:
    """A text field's length limit with a message in plain words. Fields with one send it to
    the page as `data-maxlength`, which static/js/forms.js counts live, never as the
    `maxlength` attribute: that makes the browser cut pasted text without a word (a handout
    then ended mid-sentence)."""

    def __init__(self, label, limit):
        self.label, self.limit = label, limit

    def __call__(self, value):
        if len(value) > self.limit:
            over = len(value) - self.limit
            raise forms.ValidationError(
                f"{self.label} can be at most {self.limit:,} characters. This has "
                f"{len(value):,}: shorten it by {over:,}.",
                code="max_length",
            )


def limit_lengths(form_class, labels=None):
    """Gives every text field of `form_class` with a max_length a LengthLimit and a
    `data-maxlength` in place of `maxlength`. Runs once, on the class's fields."""
    labels = labels or {}
    for name, field in form_class.base_fields.items():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit:
            continue
        label = labels.get(name) or str(field.label or name.replace("_", " ")).capitalize()
        field.validators = [
            v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
        ] + [LengthLimit(label, limit)]
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-maxlength"] = limit
    return form_class


class PatientForm(forms.ModelForm):
    # Declared here: the relation is the library's (Condition.patients), seen from the patient.
    conditions = forms.ModelMultipleChoiceField(
        queryset=Condition.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Patient
        fields = ["name", "birth_date", "chart_number", "language", "conditions"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"chart_number": "Optional; unique within your clinic."}

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.instance.clinic = clinic
        self.helper = form_helper()
        if self.is_bound and "language" not in self.data:
            # Left out of a post (an older page, a script), the patient keeps the language
            # they have (English for a new one), and it is no change in the audit log.
            self.data = self.data.copy()
            self.data["language"] = self.instance.language
        if self.instance.pk is None:
            self.fields["name"].widget.attrs["autofocus"] = True
        else:
            self.initial.setdefault("conditions", list(self.instance.conditions.all()))

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.conditions.set(self.cleaned_data["conditions"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the patient's name.")
        return name

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date and not datetime.date(1900, 1, 1) <= birth_date <= timezone.localdate():
            raise forms.ValidationError("Enter a birth date between 1900 and today.")
        return birth_date

    def clean_chart_number(self):
        chart = self.cleaned_data["chart_number"].strip()
        others = Patient.objects.filter(clinic=self.clinic, chart_number=chart)
        if chart and others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another patient in your clinic has this chart number.")
        return chart

    def possible_duplicates(self):
        """Other patients of the clinic who may be this one (one query, on a valid form):
        the same name, whatever the capitals, and a birth date that does not tell them
        apart (the same, or missing on either side). The view warns and lets the therapist
        go on; two people may share a name and a birthday."""
        name, birth_date = self.cleaned_data["name"], self.cleaned_data["birth_date"]
        same = Patient.objects.filter(clinic=self.clinic, name__iexact=name)
        if birth_date is not None:
            same = same.filter(Q(birth_date=birth_date) | Q(birth_date__isnull=True))
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        return list(same.order_by("pk")[:MAX_DUPLICATES_SHOWN])


MAX_DUPLICATES_SHOWN = 5
limit_lengths(PatientForm)


class NewProgramForm(forms.Form):
    """Where a new program starts: blank, a base protocol, a protocol or template the
    therapist's clinic shares, or one of their own templates. Nothing else is a choice, so
    another clinic's protocol or another therapist's private template posted by id is
    refused like any unknown one."""

    # blank=True keeps "Start blank" among the radio buttons (a RadioSelect drops the empty
    # choice otherwise), and it is the one ticked at first.
    protocol = forms.ModelChoiceField(
        queryset=Protocol.objects.none(),
        required=False,
        empty_label="Start blank",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        label="Start from",
        blank=True,
        error_messages={"invalid_choice": "Choose one of the protocols or templates listed."},
    )

    # The groups the choices are shown in, in this order, by Protocol.scope.
    GROUPS = [
        ("Only me", "My templates"),
        ("My clinic", "Shared in my clinic"),
        ("Base library", "Protocols"),
    ]

    def __init__(self, *args, therapist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].queryset = Protocol.objects.usable_by(therapist).order_by(
            "name", "pk"
        )

    def groups(self):
        """(heading, radio buttons) for each kind of starting point that has any, after
        "Start blank" (heading None). Reads the choices once (one query)."""
        by_scope = {scope: [] for scope, _ in self.GROUPS}
        blank = []
        for choice in self["protocol"]:
            instance = getattr(choice.data["value"], "instance", None)
            (by_scope[instance.scope] if instance else blank).append(choice)
        groups = [(None, blank)]
        groups += [(heading, by_scope[scope]) for scope, heading in self.GROUPS if by_scope[scope]]
        return groups


# Who a template is for, on the "Save as template" form.
SHARE_CHOICES = [("me", "Only me"), ("clinic", "Share with my clinic")]


class TemplateNameForm(forms.Form):
    """A template's name, unique among the templates of the same scope (the therapist's
    own, or the clinic's shared ones), whatever the capitals."""

    name = forms.CharField(
        label="Template name",
        max_length=120,
        error_messages={"required": "Enter a name for the template."},
        help_text="Also the title of the programs started from it.",
    )

    def __init__(self, *args, therapist, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.therapist, self.template = therapist, template
        self.helper = form_helper()

    def shared(self):
        """Renaming a template the therapist shared: its name is unique among the
        clinic's shared ones."""
        return self.template is not None and self.template.owner_id is None

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            cleaned["name"] = name = " ".join(name.split())
        if name and self.same_name(name).exists():
            where = "Your clinic already shares" if self.shared() else "You already have"
            self.add_error("name", f"{where} a template called “{name}”. Choose another name.")
        return cleaned

    def same_name(self, name):
        templates = Protocol.objects.filter(name__iexact=name)
        if self.shared():
            templates = templates.filter(clinic_id=self.therapist.clinic_id, owner__isnull=True)
        else:
            templates = templates.filter(owner_id=self.therapist.pk)
        if self.template is not None:
            templates = templates.exclude(pk=self.template.pk)
        return templates


class SaveTemplateForm(TemplateNameForm):
    share = forms.ChoiceField(
        label="Who can use it",
        choices=SHARE_CHOICES,
        initial="me",
        widget=forms.RadioSelect,
        help_text="Once shared, your clinic's admin looks after it.",
    )

    def shared(self):
        return self.cleaned_data.get("share") == "clinic"


limit_lengths(TemplateNameForm)
limit_lengths(SaveTemplateForm)


class ProgramForm(forms.ModelForm):
    """The program's header. `lock_version` is the copy the therapist loaded."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Program
        fields = ["title", "frequency", "special_instructions", "general_instructions", "my_week"]
        widgets = {
            "my_week": forms.Select(
                choices=[(True, "Print it on the handout"), (False, "Leave it out")]
            ),
            "frequency": forms.TextInput(attrs={"list": "frequency-choices"}),
            "special_instructions": forms.Textarea(attrs={"rows": 3}),
            "general_instructions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "frequency": "Pick a common choice or type your own.",
            "general_instructions": "One instruction per line.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
        self.fields["frequency"].widget.attrs["placeholder"] = FREQUENCY_CHOICES[3]

    def clean_my_week(self):
        """A page that does not send the choice (an editor open since before it existed)
        keeps the program's: a select, unlike a checkbox, is always sent when shown."""
        if "my_week" not in self.data:
            return self.instance.my_week
        return self.cleaned_data["my_week"]


limit_lengths(ProgramForm)


def whole_number(label, low, high, unit=""):
    """An optional whole-number field whose every error says the same plain thing:
    "Times must be 1 to 100." (Django's own read "Ensure this value is greater than or
    equal to 1."). The page shows the same words while the number is being typed."""
    message = f"{label} must be {low} to {high}{unit}."
    return {
        "min_value": low,
        "max_value": high,
        "error_messages": {
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "required": message,
        },
    }


class ProgramItemForm(forms.Form):
    """One posted editor row, validated (programs/editor.py writes the rows). Choices for
    the variant and supports come from the `exercises` mapping the view loaded once, and
    the clinical cautions the exercise meets from the `cautions` mapping (exercise id ->
    cautions, see programs.cautions), so validating 40 rows costs no queries. A cautioned
    row needs a short reason to be kept."""

    # The number inputs of a row (Dose.DOSE_FIELDS adds the side, a choice).
    NUMBER_FIELDS = ["reps", "sets", "hold_min_seconds", "hold_max_seconds", "stay_minutes"]

    exercise = forms.IntegerField(widget=forms.HiddenInput)
    reps = forms.IntegerField(label="Times", required=False, **whole_number("Times", 1, MAX_REPS))
    sets = forms.IntegerField(label="Sets", initial=1, **whole_number("Sets", 1, MAX_SETS))
    hold_min_seconds = forms.IntegerField(
        label="Hold from (s)",
        required=False,
        **whole_number("The hold", 0, MAX_HOLD_SECONDS, " seconds"),
    )
    hold_max_seconds = forms.IntegerField(
        label="to (s)", required=False, **whole_number("The hold", 0, MAX_HOLD_SECONDS, " seconds")
    )
    side = forms.ChoiceField(label="Side", choices=Side.choices, required=False)
    stay_minutes = forms.IntegerField(
        label="Minutes", required=False, **whole_number("Minutes", 1, MAX_STAY_MINUTES)
    )
    variant = forms.TypedChoiceField(label="Variant", coerce=int, required=False, empty_value=None)
    supports = forms.TypedMultipleChoiceField(
        label="Support needed",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label="Note for the patient", max_length=300, required=False)
    # A progression: one number of the dose grows (library/models/progressions.py).
    grows = forms.ChoiceField(label="Grows", choices=Grows.choices, required=False)
    grow_start = forms.IntegerField(
        label="Start at", required=False, **whole_number("Start at", 1, MAX_PROGRESSION)
    )
    grow_step = forms.IntegerField(
        label="Add", required=False, **whole_number("Add", 1, MAX_PROGRESSION)
    )
    grow_every_weeks = forms.IntegerField(
        label="Every (weeks)",
        required=False,
        **whole_number("Every", 1, MAX_PROGRESSION_WEEKS, " weeks"),
    )
    grow_up_to = forms.IntegerField(
        label="Up to", required=False, **whole_number("Up to", 1, MAX_PROGRESSION)
    )
    caution_reason = forms.CharField(
        label="Reason to keep it",
        max_length=CAUTION_REASON_MAX_LENGTH,
        required=False,
        help_text="For the record only; the patient's handout never shows it.",
    )

    def __init__(self, *args, exercises, cautions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.library_exercise = exercises.get(self._exercise_id())
        self.cautions = (cautions or {}).get(self._exercise_id(), [])
        if self.library_exercise is not None:
            variants, supports = exercise_choices(self.library_exercise)
            self.fields["variant"].choices = variants  # none ticked ("") needs no choice
            self.fields["supports"].choices = supports

    def _exercise_id(self):
        raw = self.data.get(self.add_prefix("exercise")) if self.is_bound else None
        raw = raw if raw is not None else self.initial.get("exercise")
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None

    def clean_exercise(self):
        if self.library_exercise is None:
            raise forms.ValidationError("This exercise is not in the library any more.")
        return self.library_exercise

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("hold_min_seconds"), cleaned.get("hold_max_seconds")
        if low is not None and high is None:
            cleaned["hold_max_seconds"] = high = low
        if high is not None and low is None:
            cleaned["hold_min_seconds"] = low = high
        if low is not None and high is not None and low > high:
            self.add_error("hold_max_seconds", HOLD_ORDER_MESSAGE)
        self._clean_progression(cleaned)
        if not self.cautions:
            # A reason means something only while a caution applies (the patient's
            # conditions or the rules may have changed since it was given).
            cleaned["caution_reason"] = ""
        elif "caution_reason" not in self.errors:
            reason = cleaned.get("caution_reason", "")
            if not reason:
                self.add_error(
                    "caution_reason",
                    "Write a short reason to keep this exercise, or replace or remove it.",
                )
            elif len(reason) < CAUTION_REASON_MIN_LENGTH:
                self.add_error(
                    "caution_reason", f"Write at least {CAUTION_REASON_MIN_LENGTH} characters."
                )
        return cleaned

    def _clean_progression(self, cleaned):
        """No progression (its numbers dropped), or a whole one that ends above its start."""
        numbers = ["grow_start", "grow_step", "grow_every_weeks", "grow_up_to"]
        if not cleaned.get("grows"):
            cleaned.update(dict.fromkeys(numbers), grows="")
            return
        if any(name in self.errors for name in numbers):
            return
        if any(cleaned.get(name) is None for name in numbers):
            self.add_error("grows", "A progression needs four numbers: start, add, every, up to.")
        elif cleaned["grow_up_to"] <= cleaned["grow_start"]:
            self.add_error("grow_up_to", "Up to must be more than the start.")

    @property
    def index(self):
        """The row's number in the formset ("items-3" -> "3"), which a replacement keeps."""
        return self.prefix.rpartition("-")[2] if self.prefix else ""

    def as_item(self):
        """The cleaned row as ProgramItem fields for services.save_program."""
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in Dose.DOSE_FIELDS},
            "sets": data.get("sets") or 1,
            "side": data.get("side") or "",
            "exercise": data["exercise"],
            "variant_id": data.get("variant"),
            "supports": data.get("supports") or [],
            "note": data.get("note", "").strip(),
            "caution_reason": data.get("caution_reason", ""),
            **{name: data.get(name) for name in Progression.PROGRESSION_FIELDS},
            "grows": data.get("grows") or "",
        }


HOLD_ORDER_MESSAGE = "The second hold number must be at least the first."
limit_lengths(ProgramItemForm, {"note": "A note", "caution_reason": "The reason"})

ItemFormSet = forms.formset_factory(
    ProgramItemForm,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=Program.MAX_ITEMS,
    absolute_max=Program.MAX_ITEMS,
    validate_max=True,
)


def posted_exercise_ids(data):
    """The exercise ids an editor POST names (before the formset validates them), so
    their variants and supports can be loaded in a fixed number of queries."""
    return {
        int(value)
        for key, value in data.items()
        if key.startswith("items-") and key.endswith("-exercise") and value.isdigit()
    }


# A database id as a request may give it: a plain number of at most 9 digits.
MAX_ID = 999_999_999


class IdListField(forms.Field):
    """Ids given as a repeated query parameter (`?in_program=3&in_program=7`), at most as
    many as a program holds."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value or []
        if len(values) > Program.MAX_ITEMS:
            raise forms.ValidationError("Too many exercises.")
        one_id = forms.IntegerField(min_value=1, max_value=MAX_ID)
        return [one_id.clean(item) for item in values]


class ExerciseSearchForm(LibraryFilterForm):
    """The editor's exercise search: the library page's words and filters, and the
    exercises already in the program (marked in the results, never hidden: the same
    exercise may be prescribed twice)."""

    in_program = IdListField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = "Add an exercise"
        self.fields["q"].widget.attrs.update(placeholder="Type a name or a word from the steps")
        for name in ("position", "kind", "region"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm search-filter"

    def has_criteria(self):
        """True when words were typed or a filter chosen: an empty search lists nothing."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "position", "kind", "region"))


class RowQueryForm(forms.Form):
    """The query of the editor's htmx row requests: the exercise, the row's place in the
    formset, and the exercises already in the program (never offered as safer ones)."""

    exercise = forms.IntegerField(min_value=1, max_value=MAX_ID)
    index = forms.IntegerField(min_value=0, max_value=MAX_ID)
    in_program = IdListField(required=False)


def exercise_choices(exercise):
    """The (id, label) variants and support options of an exercise loaded with both."""
    variants = [(variant.pk, variant.when) for variant in exercise.variants.all()]
    supports = [(option.pk, option.name) for option in exercise.support_options.all()]
    return variants, supports


def item_initial(item, supports=()):
    """Editor row values for a ProgramItem whose ticked supports' ids are `supports`."""
    return {
        **item.dose_values(),
        **item.progression_values(),
        "exercise": item.exercise_id,
        "variant": item.variant_id,
        "supports": list(supports),
        "note": item.note,
        "caution_reason": item.caution_reason,
        "ORDER": item.order,
    }


SHEET_ACTIONS = [("add", "Add"), ("remove", "Remove"), ("up", "Move up"), ("down", "Move down")]


class SheetActionForm(forms.Form):
    """One change to a program's education sheets (programs/sheet_views.py)."""

    action = forms.ChoiceField(choices=SHEET_ACTIONS)
    sheet = forms.ModelChoiceField(queryset=Sheet.objects.all())
