import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, MAX_STAY_MINUTES, Dose, Side

from .models import (
    CAUTION_REASON_MAX_LENGTH,
    CAUTION_REASON_MIN_LENGTH,
    Patient,
    Program,
    Protocol,
)

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


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["name", "birth_date", "chart_number", "conditions"]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "conditions": forms.CheckboxSelectMultiple,
        }
        help_texts = {"chart_number": "Optional; unique within your clinic."}

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.instance.clinic = clinic
        self.helper = form_helper()

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


class NewProgramForm(forms.Form):
    protocol = forms.ModelChoiceField(
        queryset=Protocol.objects.all(),
        required=False,
        empty_label="Start blank",
        widget=forms.RadioSelect,
        label="Start from",
    )


class ProgramForm(forms.ModelForm):
    """The program's header. `lock_version` is the copy the therapist loaded."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Program
        fields = ["title", "frequency", "special_instructions", "general_instructions"]
        widgets = {
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


class ProgramItemForm(forms.Form):
    """One posted editor row, validated (programs/editor.py writes the rows). Choices for
    the variant and supports come from the `exercises` mapping the view loaded once, and
    the clinical cautions the exercise meets from the `cautions` mapping (exercise id ->
    cautions, see programs.cautions), so validating 40 rows costs no queries. A cautioned
    row needs a short reason to be kept."""

    # The number inputs of a row (Dose.DOSE_FIELDS adds the side, a choice).
    NUMBER_FIELDS = ["reps", "sets", "hold_min_seconds", "hold_max_seconds", "stay_minutes"]

    exercise = forms.IntegerField(widget=forms.HiddenInput)
    reps = forms.IntegerField(label="Times", min_value=1, max_value=MAX_REPS, required=False)
    sets = forms.IntegerField(label="Sets", min_value=1, max_value=MAX_SETS, initial=1)
    hold_min_seconds = forms.IntegerField(
        label="Hold from (s)", min_value=0, max_value=MAX_HOLD_SECONDS, required=False
    )
    hold_max_seconds = forms.IntegerField(
        label="to (s)", min_value=0, max_value=MAX_HOLD_SECONDS, required=False
    )
    side = forms.ChoiceField(label="Side", choices=Side.choices, required=False)
    stay_minutes = forms.IntegerField(
        label="Minutes", min_value=1, max_value=MAX_STAY_MINUTES, required=False
    )
    variant = forms.TypedChoiceField(label="Variant", coerce=int, required=False, empty_value=None)
    supports = forms.TypedMultipleChoiceField(
        label="Support needed",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label="Note for the patient", max_length=300, required=False)
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
            self.add_error("hold_max_seconds", "Must be at least the first number.")
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
        }


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
        "exercise": item.exercise_id,
        "variant": item.variant_id,
        "supports": list(supports),
        "note": item.note,
        "caution_reason": item.caution_reason,
        "ORDER": item.order,
    }
